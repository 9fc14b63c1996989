// Pages that reach people: a sev-1 escalation at 11 PM on a Friday is an @mention on the ticket's thread, a direct
// message only where Slack allows one, and a PagerDuty alert (dedup key per ticket) that chat acknowledges and
// resolves; PagerDuty's 429 and 5xx are retried from the database; a refused event, or a direct message that fails,
// is on the card and never passes for a page that arrived. Then the same through the signed webhook provider.
import { startHarness, type Harness } from "../support/harness";
import { commandForm } from "../support/slack-requests";
import { verifySignature } from "../../src/adapters/webhook/signature";
import { FakePagerDuty } from "../fakes/pagerduty";
import { HttpFake } from "../fakes/http-fake";
import { ALEX, NIA, SAM_FROM_MATRIX, addPeople, blocksOf, slackButton, slackClick, ticketRow, until } from "./tickets-support";
import { drained } from "./incident-support";

const FRIDAY_NIGHT = new Date("2026-09-12T03:00:00Z"); // Friday 11 PM in Toronto (the demo matrix's zone)
const MSP_KEY = "R0UT1NGKEYFORBLUEFINMSP000000001";
const MIN = 60_000;

async function releaseRetries(h: Harness): Promise<void> {
  // Stands in for waiting out a backoff: the row becomes due now and the dispatcher is woken.
  await h.db.prisma.outboxMessage.updateMany({ where: { status: "pending", availableAt: { gt: new Date() } }, data: { availableAt: new Date() } });
  h.tandem.dispatcher.kick();
}

describe("phone paging through PagerDuty, and pages in chat", () => {
  let h: Harness;
  let pd: FakePagerDuty;
  const clock = { at: FRIDAY_NIGHT };
  beforeAll(async () => {
    pd = await new FakePagerDuty().start();
    h = await startHarness({ kind: "pglite", clock: { now: () => clock.at }, env: { PAGERDUTY_EVENTS_URL: pd.eventsUrl } });
    await addPeople(h);
    await h.db.prisma.client.update({ where: { id: "demo" }, data: { settings: { paging: { provider: "pagerduty", pagerduty: { msp: MSP_KEY } } } } });
  });
  afterAll(async () => {
    await h.stop();
    await pd.stop();
  });

  // The page's delivery check, once what was queued has been sent or given up on.
  const pageCheck = async (minutes: number) => {
    await drained(h);
    clock.at = new Date(clock.at.getTime() + minutes * MIN);
    await h.tandem.jobRunner.runDue();
    await drained(h);
  };

  test("sev-1 at 11 PM Friday: @mention on the thread, no DM across workspaces, PagerDuty triggered after a 429 and a 500", async () => {
    pd.failNext(429, 503);
    await h.slackForm(commandForm("/escalate", "sev1 the payment terminals are all down", { user: ALEX }));
    const card = await h.slack.waitForMethod("chat.postMessage", (b) => String(b.blocks ?? "").includes("payment terminals are all down"));
    expect(card.text).toContain(`<@${SAM_FROM_MATRIX.id}>`);
    const t = (await ticketRow(h, 1))!;
    const dedup = `tandem:demo:ticket:${t.id}`;

    // The phone row was refused twice (429, then 503) and waits, from the database, for its next attempt.
    const phone = await until(async () => {
      const row = await h.db.prisma.outboxMessage.findFirst({ where: { op: "phone" } });
      return row && row.attempts >= 1 && row.status === "pending" ? row : null;
    });
    expect(phone.lastError).toMatch(/PagerDuty rate limit/);
    expect(phone.availableAt.getTime() - Date.now()).toBeGreaterThan(20_000); // PagerDuty: retry after some time
    await releaseRetries(h);
    await until(async () => ((await h.db.prisma.outboxMessage.findFirst({ where: { op: "phone" } }))?.lastError?.includes("HTTP 503") ? true : null));
    await releaseRetries(h);
    await until(async () => (pd.alert(dedup) ? true : null), 10_000);
    expect(pd.alert(dedup)).toMatchObject({ routingKey: MSP_KEY, severity: "critical", status: "triggered", triggers: 1 });
    const event = pd.accepted()[0].body;
    expect(event).toMatchObject({ event_action: "trigger", dedup_key: dedup, payload: { source: "Maple Ridge HL-1", custom_details: { side: "msp", paged: ["Sam Sample"] } }, client: "Tandem" });

    // Sam is in workspace T0MAPLE, Tandem in T1: no direct message was tried.
    expect(h.slack.method("chat.postMessage").filter((c) => c.body.channel === SAM_FROM_MATRIX.id)).toEqual([]);
    // The card, refreshed by the page's check, says who was paged, how and when.
    await pageCheck(1);
    const posted = await h.db.prisma.postedMessage.findUniqueOrThrow({ where: { key: `ticket:${t.id}` } });
    const upd = await h.slack.waitForMethod("chat.update", (b) => b.ts === posted.messageId && String(b.blocks).includes("Paged"));
    const paged = JSON.stringify(blocksOf(upd));
    // Times are when each was sent (the database's clock, not this test's).
    expect(paged).toMatch(/Sam Sample: @mention in the thread \w{3} \d+ \w{3}, \d\d:\d\d/);
    expect(paged).toMatch(/phone \w{3} \d+ \w{3}, \d\d:\d\d/);
    expect(paged).toContain("no direct message (another workspace, which has not installed Tandem)");
  });

  test("acknowledged in chat acknowledges the alert; resolving the ticket resolves it", async () => {
    const t = (await ticketRow(h, 1))!;
    const dedup = `tandem:demo:ticket:${t.id}`;
    await h.slackForm(slackClick("ticket-ack", { ticket: t.id, card: `ticket:${t.id}` }, { user: NIA }));
    await until(async () => (pd.alert(dedup)?.status === "acknowledged" ? true : null), 10_000);
    await h.slackForm(slackClick("ticket-resolve", { ticket: t.id, card: `ticket:${t.id}` }, { user: NIA, inputs: { note: "terminals back" } }));
    await until(async () => (pd.alert(dedup)?.status === "resolved" ? true : null), 10_000);
    expect(pd.accepted().map((c) => c.body.event_action)).toEqual(["trigger", "acknowledge", "resolve"]);
    expect(pd.accepted().every((c) => c.body.routing_key === MSP_KEY && c.body.dedup_key === dedup)).toBe(true);
  });

  test("sev-3 in business hours does not ring; a DM that fails is on the card and in the thread, never counted as paged", async () => {
    clock.at = new Date("2026-09-08T14:00:00Z"); // Tuesday 10:00 in Toronto
    const before = pd.calls.length;
    // Tandem's record puts Nia in T1, but Slack knows her in a workspace without Tandem: her DM is refused.
    h.slack.userTeams.set(NIA.id, "T0ELSEWHERE");
    await h.slackForm(commandForm("/escalate", "sev3 the scanner on floor 2 is jammed", { user: ALEX }));
    const t = await until(() => ticketRow(h, 2));
    clock.at = new Date("2026-09-09T13:05:00Z"); // Wednesday 09:05, past the matrix's 8 business hours to acknowledge: Nia is re-paged
    await h.tandem.jobRunner.runDue();
    await h.slack.waitForMethod("chat.postMessage", (b) => String(b.text).includes(`<@${NIA.id}>`) && String(b.text).includes("was not acknowledged"));
    await until(async () => (h.slack.refused().some((c) => c.body.channel === NIA.id) ? true : null));
    await pageCheck(1);
    const note = await h.slack.waitForMethod("chat.postMessage", (b) => String(b.text).startsWith("Tandem could not send Nia Tech a direct message"));
    expect(note.text).toContain("channel_not_found");
    expect(note.thread_ts).toBeDefined();
    const posted = await h.db.prisma.postedMessage.findUniqueOrThrow({ where: { key: `ticket:${t!.id}` } });
    const upd = await h.slack.waitForMethod("chat.update", (b) => b.ts === posted.messageId && String(b.blocks).includes("direct message FAILED"));
    expect(JSON.stringify(blocksOf(upd))).toContain("Nia Tech: @mention in the thread");
    // Sev-3 in business hours: nothing went to PagerDuty.
    expect(pd.calls.slice(before)).toEqual([]);
    // The same failure is told once, however often the check looks.
    await pageCheck(5);
    expect(h.slack.method("chat.postMessage").filter((c) => String(c.body.text).startsWith("Tandem could not send Nia Tech"))).toHaveLength(1);
    h.slack.userTeams.delete(NIA.id);
  });

  test("a routing key PagerDuty refuses (400) fails at once, visibly, with PagerDuty's errors", async () => {
    await h.db.prisma.client.update({ where: { id: "demo" }, data: { settings: { paging: { provider: "pagerduty", pagerduty: { msp: "short-key" } } } } });
    clock.at = FRIDAY_NIGHT;
    await h.slackForm(commandForm("/escalate", "sev1 the phones are down", { user: ALEX }));
    const row = await until(() => h.db.prisma.outboxMessage.findFirst({ where: { op: "phone", status: "failed" } }));
    expect(row.attempts).toBe(1);
    expect(row.lastError).toContain("Length of 'routing_key' is incorrect");
    const t = (await ticketRow(h, 3))!;
    await pageCheck(1);
    const posted = await h.db.prisma.postedMessage.findUniqueOrThrow({ where: { key: `ticket:${t.id}` } });
    const upd = await h.slack.waitForMethod("chat.update", (b) => b.ts === posted.messageId && String(b.blocks).includes("phone FAILED"));
    expect(slackButton(blocksOf(upd), "ticket-ack")).toBeDefined();
  });
});

describe("phone paging through the signed webhook", () => {
  let h: Harness;
  let hook: HttpFake;
  let failures = 1;
  const SECRET = "a-shared-secret-of-some-length";
  beforeAll(async () => {
    hook = await new HttpFake(() => (failures-- > 0 ? { status: 502, body: {} } : { status: 200, body: { ok: true } })).start();
    h = await startHarness({ kind: "pglite", clock: { now: () => FRIDAY_NIGHT } });
    await addPeople(h);
    await h.db.prisma.client.update({ where: { id: "demo" }, data: { settings: { paging: { provider: "webhook", webhook: { url: `${hook.url}/page`, secret: SECRET } } } } });
  });
  afterAll(async () => {
    await h.stop();
    await hook.stop();
  });

  test("a sev-1 escalation posts page.trigger, signed; a 502 is retried", async () => {
    await h.slackForm(commandForm("/escalate", "sev1 the firewall rebooted and stays down", { user: ALEX }));
    await until(async () => (hook.calls.length >= 1 ? true : null));
    await releaseRetries(h);
    await hook.waitFor(() => hook.calls.length >= 2);
    const call = hook.calls[1];
    expect(call.headers["x-tandem-event"]).toBe("page.trigger");
    expect(verifySignature(SECRET, call.raw, String(call.headers["x-tandem-signature"]))).toBe(true);
    expect(call.body).toMatchObject({ type: "page.trigger", action: "trigger", side: "msp", severity: 1, clientId: "demo" });
    expect(call.raw).toBe(hook.calls[0].raw); // the retry is the same signed delivery
  });

  test("acknowledged in chat posts page.acknowledge, resolved posts page.resolve: same dedup key, each signed", async () => {
    const t = (await ticketRow(h, 1))!;
    await h.slackForm(slackClick("ticket-ack", { ticket: t.id, card: `ticket:${t.id}` }, { user: NIA }));
    await hook.waitFor((c) => c.headers["x-tandem-event"] === "page.acknowledge", 30_000);
    await h.slackForm(slackClick("ticket-resolve", { ticket: t.id, card: `ticket:${t.id}` }, { user: NIA, inputs: { note: "firewall back up" } }));
    await hook.waitFor((c) => c.headers["x-tandem-event"] === "page.resolve", 30_000);
    const events = [...new Set(hook.calls.slice(1).map((c) => c.body.type))];
    expect(events).toEqual(["page.trigger", "page.acknowledge", "page.resolve"]);
    for (const c of hook.calls) {
      expect(verifySignature(SECRET, c.raw, String(c.headers["x-tandem-signature"]))).toBe(true);
      expect(c.body.dedupKey).toBe(`tandem:demo:ticket:${t.id}`);
    }
  });
});
