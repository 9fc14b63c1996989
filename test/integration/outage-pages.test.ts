// Re-pages due while the platform is down, on a clock the test moves: an escalated ticket nobody acknowledges while
// the fake Slack Web API (then, the same for Teams, the fake Bot Connector) answers 500 for 30 simulated minutes. Its re-page timers fire on time during the outage and
// queue their pages; after recovery the ticket's thread gets one re-page, marked late with when the first was due, not
// the stack of them. Judged from the calls the fake Slack accepted: nothing else is lost and the order is kept.
import { startHarness, type Harness } from "../support/harness";
import { commandForm } from "../support/slack-requests";
import { teamsMessage } from "../support/teams-activities";
import { addPeople, ALEX, LEE, NIA, OMAR, TEAMS_ALEX } from "./tickets-support";
import { formatWhen } from "../../src/core/time/when";
import { MovingClock, untilSent } from "../support/moving-clock";

/** The people the given outbox rows' replies mention, in order (ids as the platform knows them). */
const mentionedIn = (rows: { payload: unknown }[]): string[] => rows.flatMap((r) => ((r.payload as any).reply?.mentions ?? []).map((m: { userId: string }) => m.userId));
import { until } from "../support/wait";

const MINUTE = 60_000;
/** This client's sev 1 response time here: three re-pages fall inside the outage. */
const ACK_MINUTES = 10;


describe("re-pages due during a 30-minute Slack outage", () => {
  const clock = new MovingClock();
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ kind: "postgres", clock, sendClock: clock });
    await sev1AcksIn(h, ACK_MINUTES);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const posts = () => h.slack.method("chat.postMessage").filter((c) => !c.refused);
  const inC1 = () => posts().filter((c) => c.body.channel === "C1");
  const isRepage = (text: unknown) => String(text).includes("was not acknowledged by");

  test("the ticket's thread gets one late re-page naming when the first was due; nothing else is lost, in order", async () => {
    const escalatedAt = clock.now();
    await h.slackForm(commandForm("/escalate", "sev1 the file server is down", { user: ALEX }));
    await h.slack.waitForMethod("chat.postMessage", (b) => String(b.blocks ?? "").includes("file server is down"));
    await untilSent(h);
    const before = inC1().length;

    // Down from a minute after the escalation for 30 minutes: re-pages are due at 10, 20 and 30 minutes.
    h.slack.down = true;
    const expectedOthers: string[] = [];
    // When the first re-page's timer ran: the next person's acknowledgement is due 10 minutes after it.
    let firstRepageAt: Date | undefined;
    for (let minute = 1; minute <= 31; minute++) {
      clock.advance(MINUTE);
      const runAt = clock.now();
      if (minute % 10 === 5) {
        // Other replies in the same channel during the outage: none lost, in order with the page.
        const text = `other reply at minute ${minute}`;
        await h.tandem.outbox.enqueue([{ op: "post", channel: { platform: "slack", id: "C1", isDirect: false }, reply: { text } }]);
        expectedOthers.push(text);
      }
      await h.tandem.jobRunner.runDue();
      await h.tandem.dispatcher.drain();
      if (!firstRepageAt && (await h.db.prisma.outboxMessage.count({ where: { conversation: "slack:C1", op: "post", status: "pending" } })) > expectedOthers.length) firstRepageAt = runAt;
    }
    const repages = await h.db.prisma.outboxMessage.findMany({ where: { conversation: "slack:C1", op: "post", status: "pending" }, orderBy: { id: "asc" } });
    // The timers fired on time during the outage: three re-pages of the ticket wait in its thread.
    expect(repages.filter((r) => isRepage((r.payload as any).reply?.text))).toHaveLength(3);
    expect(posts().filter((c) => isRepage(c.body.text))).toHaveLength(0);

    h.slack.down = false;
    // Recovered at minute 31: the outbox's next tries come within its longest backoff (5 minutes), before the fourth step is due.
    await untilSent(h, () => clock.advance(10_000));
    expect(clock.now().getTime() - escalatedAt.getTime()).toBeLessThan(40 * MINUTE);

    const after = inC1().slice(before);
    const notices = after.filter((c) => isRepage(c.body.text));
    expect(notices).toHaveLength(1);
    const text = String(notices[0].body.text);
    const matrix = (await h.db.prisma.matrixVersion.findFirstOrThrow({ where: { clientId: "demo" }, orderBy: { version: "desc" } })).document as any;
    const zones = { zone: matrix.businessHours.timezone, other: matrix.parties?.msp?.timezone ?? null };
    const firstDue = new Date(escalatedAt.getTime() + ACK_MINUTES * MINUTE);
    // The newest re-page (the third step pages the MSP lead), saying once when the first re-page was due.
    expect(text).toContain(`<@${LEE.id}>`);
    expect(text).toContain(`was not acknowledged by Omar Tech in time (late: due ${formatWhen(firstDue, zones)}).`);
    expect(text.match(/\(late: /g)).toHaveLength(1);
    // Everything else in the channel arrived once, in the order it was queued, the re-page last (it was queued last).
    const thread = after.filter((c) => !c.body.blocks || isRepage(c.body.text)).map((c) => (isRepage(c.body.text) ? "re-page" : String(c.body.text)));
    expect(thread).toEqual([...expectedOthers, "re-page"]);

    // Each person paged directly once (Nia, Omar, Lee: one message each), marked late; no burst anywhere.
    const dmRepages = posts().filter((c) => c.body.channel !== "C1" && isRepage(c.body.text));
    expect(dmRepages.map((c) => c.body.channel).sort()).toEqual([NIA.id, OMAR.id, LEE.id].sort());
    const dmTo = (id: string) => String(dmRepages.find((c) => c.body.channel === id)?.body.text);
    // Nia's and Omar's pages went out 10 and 20 minutes after they were due: late, naming their own moment. Lee's came
    // within a minute or so of its moment, at recovery: at most one note.
    expect(dmTo(NIA.id)).toContain(`was not acknowledged by Sam Sample in time (late: due ${formatWhen(firstDue, zones)}).`);
    expect(dmTo(OMAR.id)).toContain(`was not acknowledged by Nia Tech in time (late: due ${formatWhen(new Date(firstRepageAt!.getTime() + ACK_MINUTES * MINUTE), zones)}).`);
    for (const dm of dmRepages) expect((String(dm.body.text).match(/\(late: /g) ?? []).length).toBeLessThanOrEqual(1);

    // The two older re-pages were never sent: superseded, and `tandem outbox list` shows them so.
    const superseded = await h.db.prisma.outboxMessage.findMany({ where: { status: "superseded" } });
    expect(superseded).toHaveLength(2);
    for (const r of superseded) {
      expect(r.conversation).toBe("slack:C1");
      expect(r.lastError).toMatch(/^superseded by \d+/);
    }
    // Whom they would have mentioned (Nia, Omar) the one re-page sent mentions too, after its own person (Lee).
    expect(new Set(mentionedIn(superseded))).toEqual(new Set([NIA.id, OMAR.id]));
    const mentions = /^((?:<@\w+> )+)/.exec(text)![1].trim().split(" ");
    expect(mentions[0]).toBe(`<@${LEE.id}>`);
    expect(mentions.sort()).toEqual([LEE.id, NIA.id, OMAR.id].map((id) => `<@${id}>`).sort());
    expect(await h.db.prisma.outboxMessage.count({ where: { status: { in: ["pending", "sending", "failed"] } } })).toBe(0);
  }, 120_000);

  test("re-pages held back seconds by a busy channel, not by an outage, are each sent: a person's page is not replaced by the next step's", async () => {
    const superseded = await h.db.prisma.outboxMessage.count({ where: { status: "superseded" } });
    const now = clock.now().getTime();
    const zones = { zone: "America/New_York", other: null };
    // Two steps of one escalation, due 20 s and 1 s ago (a short ack time, the channel's pace holding the first).
    const page = (step: number, agoMs: number) =>
      ({
        op: "post",
        channel: { platform: "slack", id: "C1", isDirect: false },
        reply: { text: `HL-900 step ${step}: please acknowledge.` },
        due: { at: new Date(now - agoMs).toISOString(), zones, supersede: "ticket:busy-channel:1" },
      }) as const;
    const before = inC1().length;
    await h.tandem.outbox.enqueue([page(1, 20_000), page(2, 1_000)]);
    await untilSent(h);
    expect(inC1().slice(before).map((c) => c.body.text)).toEqual(["HL-900 step 1: please acknowledge.", "HL-900 step 2: please acknowledge."]);
    expect(await h.db.prisma.outboxMessage.count({ where: { status: "superseded" } })).toBe(superseded);
  }, 60_000);
});

describe("re-pages due during a 30-minute Bot Connector outage (Teams)", () => {
  const clock = new MovingClock();
  let h: Harness;
  beforeAll(async () => {
    // Tandem's pace is measured on the database's clock (when rows were sent), while this test moves the outbox's
    // clock 10 s a step: a paced row would come due in moved time and be put back again and again, so the few
    // seconds of real pace after the cards and the escalation became tens of minutes here. Raised, as the Slack
    // variant's is; the fake Bot Connector keeps Teams' limits, so a burst over them would still be refused.
    h = await startHarness({ kind: "postgres", clock, sendClock: clock, env: { OUTBOX_PACE_TEAMS: "1000/1s" } });
    await sev1AcksIn(h, ACK_MINUTES);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const CHANNEL = "19:shared@thread.tacv2";
  const isRepage = (text: unknown) => String(text).includes("was not acknowledged by");
  const textOf = (a: any) => String(a?.text ?? "");
  /** Activities the fake Bot Connector took in the channel (any of its threads), in order. */
  const inChannel = () => h.connector.sent().filter((c) => decodeURIComponent(c.path).startsWith(`/v3/conversations/${CHANNEL}`));

  test("the escalation's thread gets one late re-page naming when the first was due; nothing else is lost, in order", async () => {
    const where = { serviceUrl: h.connector.serviceUrl, from: TEAMS_ALEX };
    await h.teams(teamsMessage("ticket the file server is down", where));
    const ticket = await until(() => h.db.prisma.ticket.findFirst({ where: { title: "the file server is down" } }), 15_000);
    await untilSent(h);
    const escalatedAt = clock.now();
    const escalation = teamsMessage(`escalate HL-${ticket.number} 1 nobody can open a shared file`, where);
    await h.teams(escalation);
    const thread = `${CHANNEL};messageid=${escalation.id}`;
    await h.connector.waitForActivity((a) => textOf(a).includes(`please acknowledge HL-${ticket.number}`));
    await untilSent(h);
    const before = inChannel().length;

    // Down from a minute after the escalation for 30 minutes: re-pages are due at 10, 20 and 30 minutes.
    h.connector.down = true;
    const expectedOthers: string[] = [];
    // When the first re-page's timer ran: the next person's acknowledgement is due 10 minutes after it.
    let firstRepageAt: Date | undefined;
    for (let minute = 1; minute <= 31; minute++) {
      clock.advance(MINUTE);
      const runAt = clock.now();
      if (minute % 10 === 5) {
        // Other replies in the same thread during the outage: none lost, in order with the page.
        const text = `other reply at minute ${minute}`;
        await h.tandem.outbox.enqueue([{ op: "post", channel: { platform: "teams", id: CHANNEL, isDirect: false }, threadId: escalation.id, reply: { text } }]);
        expectedOthers.push(text);
      }
      await h.tandem.jobRunner.runDue();
      await h.tandem.dispatcher.drain();
    }
    const waiting = await h.db.prisma.outboxMessage.findMany({ where: { conversation: `teams:${CHANNEL}`, op: "post", status: "pending" }, orderBy: { id: "asc" } });
    // The timers fired on time during the outage: three re-pages of the ticket wait in the channel's queue.
    expect(waiting.filter((r) => isRepage((r.payload as any).reply?.text))).toHaveLength(3);
    expect(h.connector.sent().filter((c) => isRepage(textOf(c.body)))).toHaveLength(0);

    h.connector.down = false;
    await untilSent(h, () => clock.advance(10_000));
    expect(clock.now().getTime() - escalatedAt.getTime()).toBeLessThan(40 * MINUTE);

    const after = inChannel().slice(before);
    const notices = after.filter((c) => isRepage(textOf(c.body)));
    expect(notices).toHaveLength(1);
    // In the escalation's thread, saying once when the first re-page was due.
    expect(decodeURIComponent(notices[0].path)).toContain(thread);
    const text = textOf(notices[0].body);
    const matrix = (await h.db.prisma.matrixVersion.findFirstOrThrow({ where: { clientId: "demo" }, orderBy: { version: "desc" } })).document as any;
    const zones = { zone: matrix.businessHours.timezone, other: matrix.parties?.msp?.timezone ?? null };
    const firstDue = new Date(escalatedAt.getTime() + ACK_MINUTES * MINUTE);
    expect(text).toContain(`(late: due ${formatWhen(firstDue, zones)})`);
    expect(text.match(/\(late: /g)).toHaveLength(1);
    // Everything else in the thread arrived once, in the order it was queued, the re-page last (it was queued last).
    const order = after.filter((c) => !c.body.attachments?.length || isRepage(textOf(c.body))).map((c) => (isRepage(textOf(c.body)) ? "re-page" : textOf(c.body)));
    expect(order).toEqual([...expectedOthers, "re-page"]);

    // The two older re-pages were never sent: superseded, and `tandem outbox list` shows them so.
    const superseded = await h.db.prisma.outboxMessage.findMany({ where: { status: "superseded" } });
    expect(superseded).toHaveLength(2);
    for (const r of superseded) {
      expect(r.conversation).toBe(`teams:${CHANNEL}`);
      expect(r.lastError).toMatch(/^superseded by \d+/);
    }
    // Whom they would have mentioned the one re-page sent mentions too (in a shared channel the in-channel mention is
    // the only page that reaches the other tenant's people).
    const missed = [...new Set(mentionedIn(superseded))];
    expect(missed.length).toBeGreaterThan(1);
    const entities = (notices[0].body.entities ?? []).filter((e: any) => e.type === "mention").map((e: any) => e.mentioned.id);
    expect(entities).toEqual(expect.arrayContaining(missed));
    // Each person paged directly got their page once, at most one late note each; nothing is left unsent.
    for (const dm of h.connector.sent().filter((c) => !decodeURIComponent(c.path).includes(CHANNEL) && isRepage(textOf(c.body)))) {
      expect((textOf(dm.body).match(/\(late: /g) ?? []).length).toBeLessThanOrEqual(1);
    }
    expect(await h.db.prisma.outboxMessage.count({ where: { status: { in: ["pending", "sending", "failed"] } } })).toBe(0);
  }, 120_000);
});

/** The demo client's people, and its sev 1 acknowledged within `minutes` at any hour. */
async function sev1AcksIn(h: Harness, minutes: number): Promise<void> {
  await addPeople(h);
  const client = await h.db.prisma.client.findUniqueOrThrow({ where: { id: "demo" } });
  const settings = { ...((client.settings ?? {}) as object), sla: { "1": { ackMinutes: minutes, businessHours: false } } };
  await h.db.prisma.client.update({ where: { id: "demo" }, data: { settings } });
}
