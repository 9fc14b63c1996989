// A replica killed after the turn committed the ticket but before its card was queued: the event is handled again
// after the lease, finds the ticket, and must post the card (not point at a card that was never posted).
import { startHarness, type Harness } from "../support/harness";
import { mentionEvent } from "../support/slack-requests";
import { until } from "../support/wait";

describe("a ticket whose card was lost in a crash", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ kind: "postgres" });
  });
  afterAll(async () => {
    await h?.stop();
  });

  test("the event handled again posts the ticket's card, once", async () => {
    await h.slackEvent(mentionEvent("ticket the label printer jams on every page", { channel: "CLOST", ts: "1700300000.000100" }), { eventId: "EvLost1" });
    const ticket = await until(() => h.db.prisma.ticket.findFirst({ where: { title: { contains: "label printer" } } }), 30_000);
    await until(async () => (await h.db.prisma.outboxMessage.count({ where: { messageKey: `ticket:${ticket.id}`, status: "sent" } })) === 1, 30_000);
    // The crash: the ticket committed, its card never queued, the event still claimed (then released by the lease).
    await h.db.prisma.outboxMessage.deleteMany({ where: { messageKey: `ticket:${ticket.id}` } });
    await h.db.prisma.postedMessage.deleteMany({ where: { key: `ticket:${ticket.id}` } });
    h.slack.calls.length = 0;
    await h.db.prisma.inboxEvent.updateMany({ where: { eventId: "EvLost1" }, data: { status: "pending", availableAt: new Date(0) } });
    h.tandem.inboxWorker.kick();
    await h.settle();
    await until(async () => (await h.db.prisma.outboxMessage.count({ where: { status: { not: "sent" } } })) === 0, 30_000);

    const cards = h.slack.method("chat.postMessage").filter((c) => c.body.channel === "CLOST" && String(c.body.blocks ?? "").includes("label printer"));
    expect(cards).toHaveLength(1);
    expect(cards[0].body.thread_ts).toBe("1700300000.000100");
    expect(h.slack.method("chat.postEphemeral").filter((c) => String(c.body.text).includes("already ticket"))).toEqual([]);
    expect(await h.db.prisma.ticket.count({ where: { title: { contains: "label printer" } } })).toBe(1);
  });
});
