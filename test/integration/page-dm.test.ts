// The card of a page's direct message in Slack: once the ticket is acknowledged, from that direct message or from the
// channel's card, Slack is asked to update the direct message itself (chat.update of its 1:1 chat and ts), so it shows
// the acknowledgement and no Acknowledge button is left on it; so too when it is resolved or taken instead. Re-pages of
// several people each have their own message.
import { commandForm } from "../support/slack-requests";
import { ALEX, NIA, OMAR, blocksOf, slackButton, slackClick, startTicketHarness, ticketRow, until, type Clocked } from "./tickets-support";
import { drained } from "./incident-support";
import { untilSent } from "../support/moving-clock";
import type { Harness } from "../support/harness";

const MIN = 60_000;
/** Just over the demo matrix's sev 2 time to acknowledge (2 h): the next person on the path is paged. */
const STEP = 121;

/** The page Tandem sent to this person's 1:1 chat, as Slack keeps it (`D` + user id in the fake). */
async function pageDm(h: Harness, userId: string, ref: string): Promise<{ channel: string; ts: string; ack: any }> {
  const channel = `D${userId}`;
  const call = await h.slack.waitForMethod("chat.postMessage", (b) => b.channel === userId && String(b.text).includes(`please acknowledge ${ref}`));
  const kept = await until(async () => h.slack.channels.get(channel)?.messages.find((m) => m.text === call.text) ?? null);
  return { channel, ts: String(kept.ts), ack: slackButton(blocksOf(call), "ticket-ack") };
}

/** The updates Slack received of one message. */
const updatesOf = (h: Harness, dm: { channel: string; ts: string }) => h.slack.method("chat.update").filter((c) => !c.refused && c.body.channel === dm.channel && c.body.ts === dm.ts);

describe("the card of a page's direct message after the acknowledgement [Slack]", () => {
  let c: Clocked;
  beforeAll(async () => {
    c = await startTicketHarness({ kind: "pglite" });
  });
  afterAll(async () => {
    await c.h.stop();
  });

  /** Escalates a new ticket and lets `steps` acknowledgement windows pass: Nia, then Omar, are paged directly. */
  async function escalated(text: string, number: number, steps: number, start: Date) {
    const { h, clock } = c;
    clock.at = start;
    await h.slackForm(commandForm("/escalate", text, { user: ALEX }));
    const t = await until(() => ticketRow(h, number));
    for (let step = 1; step <= steps; step++) {
      clock.at = new Date(start.getTime() + step * STEP * MIN);
      await h.tandem.jobRunner.runDue();
    }
    return t;
  }

  test("acknowledged from Nia's direct message: her message and Omar's, paged after her, are updated in place", async () => {
    const { h } = c;
    await escalated("sev2 server down: the file server FS01 is offline", 1, 2, new Date("2026-09-08T14:00:00Z"));
    const nia = await pageDm(h, NIA.id, "HL-1");
    const omar = await pageDm(h, OMAR.id, "HL-1");
    expect(nia.ack).toBeDefined();
    await drained(h);

    await h.slackForm(slackClick("ticket-ack", JSON.parse(nia.ack.value), { user: NIA, channel: nia.channel, messageTs: nia.ts }));
    for (const dm of [nia, omar]) {
      const upd = await h.slack.waitForMethod("chat.update", (b) => b.channel === dm.channel && b.ts === dm.ts);
      expect(JSON.stringify(blocksOf(upd))).toContain("Acknowledged by Nia Tech");
      expect(slackButton(blocksOf(upd), "ticket-ack")).toBeUndefined();
    }
    await drained(h);
    expect(updatesOf(h, nia)).toHaveLength(1);
    expect(updatesOf(h, omar)).toHaveLength(1);
  });

  test("acknowledged from the channel's card: the direct message is updated too", async () => {
    const { h } = c;
    const t = await escalated("sev2 server down: the mail server MX01 is offline", 2, 1, new Date("2026-09-15T14:00:00Z"));
    const nia = await pageDm(h, NIA.id, "HL-2");
    await drained(h);

    await h.slackForm(slackClick("ticket-ack", { ticket: t.id, card: `ticket:${t.id}` }, { user: NIA }));
    const upd = await h.slack.waitForMethod("chat.update", (b) => b.channel === nia.channel && b.ts === nia.ts);
    expect(JSON.stringify(blocksOf(upd))).toContain("Acknowledged by Nia Tech");
    expect(slackButton(blocksOf(upd), "ticket-ack")).toBeUndefined();
  });

  test("resolved from the channel's card before anyone acknowledged: the direct message loses its Acknowledge button", async () => {
    const { h } = c;
    const t = await escalated("sev2 server down: the print server PS01 is offline", 3, 1, new Date("2026-09-22T14:00:00Z"));
    const nia = await pageDm(h, NIA.id, "HL-3");
    expect(nia.ack).toBeDefined();
    await drained(h);

    await h.slackForm(slackClick("ticket-resolve", { ticket: t.id, card: `ticket:${t.id}` }, { user: ALEX, inputs: { note: "print spooler restarted" } }));
    const upd = await h.slack.waitForMethod("chat.update", (b) => b.channel === nia.channel && b.ts === nia.ts);
    expect(JSON.stringify(blocksOf(upd))).toMatch(/Resolved/);
    expect(slackButton(blocksOf(upd), "ticket-ack")).toBeUndefined();
    await drained(h);
    expect(updatesOf(h, nia)).toHaveLength(1);
  });

  test("taken from the channel's card by someone else at the MSP: the direct message shows who has it", async () => {
    const { h } = c;
    const t = await escalated("sev2 server down: the scan server SC01 is offline", 4, 1, new Date("2026-09-29T14:00:00Z"));
    const nia = await pageDm(h, NIA.id, "HL-4");
    await drained(h);

    await h.slackForm(slackClick("ticket-take", { ticket: t.id, card: `ticket:${t.id}` }, { user: OMAR }));
    const upd = await h.slack.waitForMethod("chat.update", (b) => b.channel === nia.channel && b.ts === nia.ts);
    expect(JSON.stringify(blocksOf(upd))).toContain("Omar");
    await drained(h);
    expect(updatesOf(h, nia)).toHaveLength(1);
  });

  test("acknowledged while the direct message is still queued (Slack down): once it is delivered, it shows the acknowledgement and no button", async () => {
    const { h, clock } = c;
    const start = new Date("2026-10-06T14:00:00Z");
    clock.at = start;
    await h.slackForm(commandForm("/escalate", "sev2 server down: the backup server BK01 is offline", { user: ALEX }));
    const t = await until(() => ticketRow(h, 5));
    await drained(h);
    // Slack is down when Nia's page is due: her direct message waits in the outbox.
    h.slack.down = true;
    clock.at = new Date(start.getTime() + STEP * MIN);
    await h.tandem.jobRunner.runDue();
    await h.tandem.dispatcher.drain();
    const queued = await until(() => h.db.prisma.outboxMessage.findFirst({ where: { op: "dm", messageKey: { startsWith: `page:${t!.id}:` }, status: "pending", attempts: { gt: 0 } } }));
    const pagesToNia = () => h.slack.method("chat.postMessage").filter((c) => !c.refused && c.body.channel === NIA.id && String(c.body.text).includes("please acknowledge HL-5"));
    expect(pagesToNia()).toHaveLength(0);

    // Tandem still takes clicks: Nia acknowledges from the channel's card while her page has not reached her.
    await h.slackForm(slackClick("ticket-ack", { ticket: t!.id, card: `ticket:${t!.id}` }, { user: NIA }));
    await until(async () => (await ticketRow(h, 5))?.ackedAt ?? null);
    h.slack.down = false;
    await untilSent(h, () => void (clock.at = new Date(clock.at.getTime() + 10_000)));

    // From Slack's side: the page reached her 1:1 chat once, and the message there now shows the acknowledgement.
    const delivered = pagesToNia();
    expect(delivered).toHaveLength(1);
    const kept = h.slack.channels.get(`D${NIA.id}`)!.messages.find((m: any) => m.ts === delivered[0].answered.ts)!;
    expect(JSON.stringify(kept.blocks)).toContain("Acknowledged by Nia Tech");
    expect(slackButton(kept.blocks, "ticket-ack")).toBeUndefined();
    expect(updatesOf(h, { channel: `D${NIA.id}`, ts: String(kept.ts) })).toHaveLength(1);
    expect(await h.db.prisma.outboxMessage.count({ where: { status: "failed" } })).toBe(0);
    expect(queued.id).toBeDefined();
  });
});
