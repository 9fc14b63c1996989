import { PrismaEventLedger } from "../../src/adapters/db/tenancy-repo";
import { describeEachDatabase } from "../support/databases";
import { startHarness, type Harness } from "../support/harness";
import { mentionEvent } from "../support/slack-requests";

describeEachDatabase("event ledger", (ctx) => {
  test("new, in progress, done, forgotten, and a stale claim taken over", async () => {
    const ledger = new PrismaEventLedger(ctx.db.prisma);
    expect(await ledger.begin("slack", "Ev1")).toBe("new");
    expect(await ledger.begin("slack", "Ev1")).toBe("in-progress");
    await ledger.complete("slack", "Ev1");
    expect(await ledger.begin("slack", "Ev1")).toBe("duplicate");
    expect(await ledger.begin("teams", "Ev1")).toBe("new"); // ids are per platform

    expect(await ledger.begin("slack", "Ev2")).toBe("new");
    await ledger.forget("slack", "Ev2");
    expect(await ledger.begin("slack", "Ev2")).toBe("new");

    // The replica that claimed Ev2 died: after the stale window another one takes it over.
    await ctx.db.prisma.processedEvent.update({
      where: { platform_eventId: { platform: "slack", eventId: "Ev2" } },
      data: { at: new Date(Date.now() - (PrismaEventLedger.STALE_SECONDS + 5) * 1000) },
    });
    expect(await ledger.begin("slack", "Ev2")).toBe("new");
    expect(await ledger.begin("slack", "Ev2")).toBe("in-progress");
  });

  test("two claims racing for one event: exactly one wins", async () => {
    const ledger = new PrismaEventLedger(ctx.db.prisma);
    const results = await Promise.all(Array.from({ length: 8 }, () => ledger.begin("slack", "EvRace")));
    expect(results.filter((r) => r === "new")).toHaveLength(1);
    expect(results.filter((r) => r === "in-progress")).toHaveLength(7);
  });
});

describe("a Slack retry while another replica is still handling the event", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ kind: "pglite" });
  });
  afterAll(async () => {
    await h.stop();
  });

  test("is answered 500 (so Slack redelivers) instead of being dropped, and handled once the claim is stale", async () => {
    const eventId = "EvBusy1";
    await h.db.prisma.processedEvent.create({ data: { platform: "slack", eventId, done: false } });
    const event = mentionEvent("help", { ts: "1700000900.000100" });
    const busy = await h.slackEvent(event, { eventId, retryNum: 1 });
    expect(busy.status).toBe(500);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.slack.method("chat.postMessage").filter((c) => c.body.thread_ts === "1700000900.000100")).toHaveLength(0);

    await h.db.prisma.processedEvent.update({
      where: { platform_eventId: { platform: "slack", eventId } },
      data: { at: new Date(Date.now() - 120_000) },
    });
    const retry = await h.slackEvent(event, { eventId, retryNum: 2 });
    expect(retry.status).toBe(200);
    await h.slack.waitForMethod("chat.postMessage", (b) => b.thread_ts === "1700000900.000100");
    const row = await h.db.prisma.processedEvent.findUniqueOrThrow({ where: { platform_eventId: { platform: "slack", eventId } } });
    expect(row.done).toBe(true);
  });
});
