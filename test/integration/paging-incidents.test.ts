// Incidents and the below-sev-1 rule through phones, judged from PagerDuty's side (the fake Events API): a sev-1
// incident triggers one alert per side's routing key, the response timer's re-page triggers the MSP side again under
// the same dedup key, the Acknowledge button on the card acknowledges the alerts, and resolving resolves them; the
// live card says the phone was rung and when. Then tickets below sev-1: after hours they ring by default, in business
// hours not; `below-sev1 never` keeps them in chat (sev-1 still rings); `always` rings in business hours too; and an
// escalation's acknowledgement timer re-pages through the phone as well.
import { startHarness, type Harness } from "../support/harness";
import { blockActionForm, commandForm } from "../support/slack-requests";
import { FakePagerDuty } from "../fakes/pagerduty";
import { NIA, SAM, addPeople, blocksOf, drained, slackElements, until } from "./incident-support";
import { ALEX as TICKET_ALEX, NIA as TICKET_NIA, ticketRow } from "./tickets-support";

const FRIDAY_NIGHT = new Date("2026-09-12T03:00:00Z"); // Friday 11 PM in Toronto (the demo matrix's zone)
const TUESDAY_MORNING = new Date("2026-09-08T14:00:00Z"); // Tuesday 10:00 in Toronto: business hours
const MSP_KEY = "R0UT1NGKEYFORBLUEFINMSP000000001";
const INTERNAL_KEY = "R0UT1NGKEYFORMAPLERIDGEIT0000001";
const MIN = 60_000;
/** How long to wait for what a request or a timer leads to, on a machine that may be busy. */
const LONG = 30_000;

async function setPaging(h: Harness, paging: Record<string, string | Record<string, string>>, extra: Record<string, number> = {}): Promise<void> {
  await h.db.prisma.client.update({ where: { id: "demo" }, data: { settings: { ...extra, paging } } });
}

async function releaseRetries(h: Harness): Promise<void> {
  // Stands in for waiting out a backoff: the row becomes due now and the dispatcher is woken.
  await h.db.prisma.outboxMessage.updateMany({ where: { status: "pending", availableAt: { gt: new Date() } }, data: { availableAt: new Date() } });
  h.tandem.dispatcher.kick();
}

describe("a sev-1 incident through PagerDuty", () => {
  let h: Harness;
  let pd: FakePagerDuty;
  const clock = { at: FRIDAY_NIGHT };
  let dedup = "";
  let cardTs = "";
  beforeAll(async () => {
    pd = await new FakePagerDuty().start();
    h = await startHarness({ kind: "pglite", clock: { now: () => clock.at }, env: { PAGERDUTY_EVENTS_URL: pd.eventsUrl } });
    await addPeople(h);
    await setPaging(h, { provider: "pagerduty", pagerduty: { msp: MSP_KEY, internal: INTERNAL_KEY } }, { incidentAckMinutes: 10 });
  });
  afterAll(async () => {
    await h.stop();
    await pd.stop();
  });

  const events = (key: string) => pd.accepted().filter((c) => c.body.routing_key === key).map((c) => c.body.event_action);

  test("started: both sides' on-call are triggered, one dedup key; a 502 on the way is retried from the database", async () => {
    pd.failNext(502);
    // Acknowledged in time (Bolt answers 404 to what it could not acknowledge within Slack's 3 s).
    expect((await h.slackForm(commandForm("/incident", "sev1 ransomware files encrypted on FS01", { user: SAM, channel: "C9" }))).status).toBe(200);
    const incident = await until(() => h.db.prisma.incident.findFirst({ where: { drill: false } }), LONG);
    dedup = `tandem:demo:incident:${incident.id}`;
    // One of the two triggers met the 502: the outbox tries it again after its backoff.
    await until(async () => (pd.calls.some((c) => c.refused === "502") ? true : null), LONG);
    await releaseRetries(h);
    await until(async () => (pd.alerts.length === 2 ? true : null), LONG);
    expect(pd.alerts.map((a) => [a.routingKey, a.dedupKey, a.severity, a.status, a.triggers]).sort()).toEqual(
      [
        [INTERNAL_KEY, dedup, "critical", "triggered", 1],
        [MSP_KEY, dedup, "critical", "triggered", 1],
      ].sort(),
    );
    const trigger = pd.accepted().find((c) => c.body.routing_key === MSP_KEY)!.body;
    expect(trigger.payload).toMatchObject({ source: "Tandem IR-1", custom_details: { side: "msp" } });
    expect(trigger.payload.summary).toContain("IR-1 SEV 1 Ransomware");
    // Those paged in chat, for whoever answers the phone.
    expect(trigger.payload.custom_details.paged).toEqual(expect.arrayContaining(["Alex Example", "Nia NOC"]));
    cardTs = (await h.db.prisma.postedMessage.findUniqueOrThrow({ where: { key: `incident:${incident.id}` } })).messageId;
  });

  test("the live card says the phone was rung, and when", async () => {
    await drained(h);
    clock.at = new Date(FRIDAY_NIGHT.getTime() + 1 * MIN);
    await h.tandem.jobRunner.runDue(); // the page's check
    const upd = await until(async () => h.slack.method("chat.update").find((c) => c.body.ts === cardTs && JSON.stringify(blocksOf(c.body)).includes("phone ")), LONG);
    const text = JSON.stringify(blocksOf(upd.body));
    expect(text).toMatch(/Nia NOC: @mention in the thread \w{3} \d+ \w{3}, \d\d:\d\d[^"]*phone \w{3} \d+ \w{3}, \d\d:\d\d/);
  });

  test("the response timer's re-page triggers the MSP side again, under the same dedup key", async () => {
    clock.at = new Date(FRIDAY_NIGHT.getTime() + 10 * MIN);
    await h.tandem.jobRunner.runDue();
    await h.slack.waitForMethod("chat.postMessage", (b) => String(b.text).includes("Paged MSP security lead (page 2)"));
    await until(async () => (pd.alerts.find((a) => a.routingKey === MSP_KEY)?.triggers === 2 ? true : null), LONG);
    const repage = pd.accepted().filter((c) => c.body.routing_key === MSP_KEY).at(-1)!.body;
    expect(repage).toMatchObject({ event_action: "trigger", dedup_key: dedup, payload: { custom_details: { side: "msp" } } });
    // The MSP security lead's people, each named once (Sam is known in Slack, in Teams and by the matrix).
    const paged: string[] = repage.payload.custom_details.paged;
    expect(paged).toContain("Sam Sample");
    expect(new Set(paged).size).toBe(paged.length);
    // Internal IT's on-call is not re-paged: the response timer is the MSP's.
    expect(events(INTERNAL_KEY)).toEqual(["trigger"]);
  });

  test("Acknowledge on the card acknowledges both alerts; resolving the incident resolves them", async () => {
    await drained(h);
    const card = h.slack.method("chat.update").filter((c) => c.body.ts === cardTs).at(-1)!.body;
    const ack = slackElements(blocksOf(card)).find((e) => String(e.action_id).startsWith("incident-ack"));
    expect(ack).toBeDefined();
    await h.slackForm(blockActionForm(ack.action_id, JSON.parse(ack.value), { user: NIA, channel: "C9", messageTs: cardTs }));
    await until(async () => (pd.alerts.every((a) => a.status === "acknowledged") ? true : null), LONG);

    await h.slackForm(commandForm("/incident", "resolve contained and restored", { user: SAM, channel: "C9" }));
    await until(async () => (pd.alerts.every((a) => a.status === "resolved") ? true : null), LONG);
    expect(events(MSP_KEY)).toEqual(["trigger", "trigger", "acknowledge", "resolve"]);
    expect(events(INTERNAL_KEY)).toEqual(["trigger", "acknowledge", "resolve"]);
    expect(pd.accepted().every((c) => c.body.dedup_key === dedup)).toBe(true);
    // Acknowledge and resolve carry only what PagerDuty takes for them.
    for (const c of pd.accepted().filter((x) => x.body.event_action !== "trigger")) expect(Object.keys(c.body).sort()).toEqual(["dedup_key", "event_action", "routing_key"]);
    expect(pd.calls.filter((c) => c.refused && c.refused !== "502")).toEqual([]);
  });

  test("a drill rings no phone", async () => {
    const before = pd.calls.length;
    await h.slackForm(commandForm("/incident", "drill business email compromise", { user: SAM, channel: "C7" }));
    const drill = await until(() => h.db.prisma.incident.findFirst({ where: { drill: true } }), LONG);
    clock.at = new Date(clock.at.getTime() + 30 * MIN); // past the response time: the drill's re-page
    await h.tandem.jobRunner.runDue();
    await h.slack.waitForMethod("chat.postMessage", (b) => String(b.text).includes("Would page"));
    await drained(h);
    expect(await h.db.prisma.outboxMessage.count({ where: { op: "phone", subject: `incident:${drill.id}` } })).toBe(0);
    expect(pd.calls.slice(before)).toEqual([]);
  });
});

describe("tickets below sev-1 and the business-hours rule", () => {
  let h: Harness;
  let pd: FakePagerDuty;
  const clock = { at: FRIDAY_NIGHT };
  let n = 0;
  let sev1Dedup = "";
  beforeAll(async () => {
    pd = await new FakePagerDuty().start();
    h = await startHarness({ kind: "pglite", clock: { now: () => clock.at }, env: { PAGERDUTY_EVENTS_URL: pd.eventsUrl } });
    await h.db.prisma.person.createMany({
      data: [
        { clientId: "demo", platform: "slack", teamId: "T1", userId: TICKET_ALEX.id, displayName: TICKET_ALEX.name, roles: ["internal-it"] },
        { clientId: "demo", platform: "slack", teamId: "T1", userId: TICKET_NIA.id, displayName: TICKET_NIA.name, roles: ["msp-tech"] },
      ],
    });
    await setPaging(h, { provider: "pagerduty", pagerduty: { msp: MSP_KEY } });
  });
  afterAll(async () => {
    await h.stop();
    await pd.stop();
  });

  /** Escalates a new ticket at this moment; its phone rows once everything queued has gone out. */
  async function escalate(at: Date, text: string): Promise<{ dedup: string; phones: number }> {
    clock.at = at;
    await h.slackForm(commandForm("/escalate", text, { user: TICKET_ALEX }));
    const t = await until(() => ticketRow(h, ++n), LONG);
    await h.slack.waitForMethod("chat.postMessage", (b) => String(b.blocks ?? "").includes(text.replace(/^sev\d /, "")));
    await drained(h);
    const phones = await h.db.prisma.outboxMessage.count({ where: { op: "phone", subject: `ticket:${t.id}` } });
    return { dedup: `tandem:demo:ticket:${t.id}`, phones };
  }

  test("default (after hours): a sev-3 rings at 11 PM Friday, at PagerDuty's 'warning'; not on Tuesday morning", async () => {
    const night = await escalate(FRIDAY_NIGHT, "sev3 the label printer in shipping is offline");
    expect(night.phones).toBe(1);
    await until(async () => (pd.alert(night.dedup) ? true : null), LONG);
    expect(pd.alert(night.dedup)).toMatchObject({ routingKey: MSP_KEY, severity: "warning", status: "triggered" });
    const before = pd.calls.length;
    const day = await escalate(TUESDAY_MORNING, "sev3 the label printer in receiving is offline");
    expect(day.phones).toBe(0);
    expect(pd.calls.slice(before)).toEqual([]);
  });

  test("below-sev1 never: a sev-2 at night stays in chat; a sev-1 still rings", async () => {
    await setPaging(h, { provider: "pagerduty", pagerduty: { msp: MSP_KEY }, belowSev1: "never" });
    const before = pd.calls.length;
    const sev2 = await escalate(FRIDAY_NIGHT, "sev2 the warehouse wifi drops every few minutes");
    expect(sev2.phones).toBe(0);
    const sev1 = await escalate(FRIDAY_NIGHT, "sev1 the warehouse network is completely down");
    sev1Dedup = sev1.dedup;
    expect(sev1.phones).toBe(1);
    await until(async () => (pd.alert(sev1.dedup) ? true : null), LONG);
    expect(pd.accepted().slice(-1)[0].body).toMatchObject({ event_action: "trigger", dedup_key: sev1.dedup, payload: { severity: "critical" } });
    expect(pd.calls.slice(before).filter((c) => c.body.dedup_key === sev2.dedup)).toEqual([]);
  });

  test("below-sev1 always: a sev-4 rings in business hours", async () => {
    await setPaging(h, { provider: "pagerduty", pagerduty: { msp: MSP_KEY }, belowSev1: "always" });
    const sev4 = await escalate(TUESDAY_MORNING, "sev4 a new starter needs a second monitor");
    expect(sev4.phones).toBe(1);
    await until(async () => (pd.alert(sev4.dedup) ? true : null), LONG);
    expect(pd.alert(sev4.dedup)).toMatchObject({ severity: "info", status: "triggered" });
  });

  test("an escalation not acknowledged in time: the re-page rings the phone again, on the same alert", async () => {
    const ticketId = sev1Dedup.replace("tandem:demo:ticket:", "");
    const due = await h.db.prisma.job.findFirstOrThrow({ where: { kind: "ticket-ack-timeout", status: "pending", payload: { path: ["ticketId"], equals: ticketId } } });
    clock.at = new Date(due.runAt.getTime() + MIN);
    await h.tandem.jobRunner.runDue();
    await h.slack.waitForMethod("chat.postMessage", (b) => String(b.text).includes(`<@${TICKET_NIA.id}>`) && String(b.text).includes("was not acknowledged"), LONG);
    await until(async () => (pd.alert(sev1Dedup)?.triggers === 2 ? true : null), LONG);
    const repage = pd.accepted().filter((c) => c.body.dedup_key === sev1Dedup).at(-1)!.body;
    expect(repage).toMatchObject({ event_action: "trigger", routing_key: MSP_KEY, payload: { severity: "critical", custom_details: { paged: ["Nia Tech"] } } });
  });
});
