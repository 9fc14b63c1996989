import { InboxRepository } from "../../src/adapters/db/inbox-repo";
import { OutboxRepository } from "../../src/adapters/db/outbox-repo";
import { InboxWorker } from "../../src/adapters/inbox/worker";
import type { InboundEvent } from "../../src/core/conversation/events";
import type { Outgoing } from "../../src/core/conversation/reply";
import { createLogger } from "../../src/logger";
import { describeEachDatabase } from "../support/databases";
import { startHarness, type Harness } from "../support/harness";
import { mentionEvent } from "../support/slack-requests";
import { sleep, until } from "../support/wait";

const log = createLogger("silent");
const channel = (id: string) => ({ platform: "slack" as const, id, teamId: "T1", isDirect: false });
const message = (eventId: string, conv = "CINBOX"): InboundEvent => ({
  kind: "message",
  eventId,
  channel: channel(conv),
  actor: { platform: "slack", teamId: "T1", userId: "U1" },
  text: `hello ${eventId}`,
  messageId: eventId,
  addressed: true,
});
const post = (conv: string, text: string): Outgoing => ({ op: "post", channel: channel(conv), reply: { text } });

describeEachDatabase("inbox", (ctx) => {
  const repo = () => new InboxRepository(ctx.db.prisma, ctx.db.sql, new OutboxRepository(ctx.db.prisma), { maxInFlight: 2, maxBatch: 16 });

  test("requests arriving together share batched inserts; copies of an event are duplicates, within a batch too", async () => {
    const inbox = repo();
    const ids = Array.from({ length: 60 }, (_, i) => `EvBatch${i}`);
    const results = await Promise.all([...ids, ...ids.slice(0, 10)].map((id) => inbox.accept({ event: message(id, `CB${id.length}`) })));
    expect(results.filter((r) => r === "accepted")).toHaveLength(60);
    // Each copied event: exactly one of its two requests stored it (batches in flight together may race for it).
    for (let i = 0; i < 10; i++) expect([results[i], results[60 + i]].sort()).toEqual(["accepted", "duplicate"]);
    expect(await ctx.db.prisma.inboxEvent.count({ where: { eventId: { startsWith: "EvBatch" } } })).toBe(60);
    expect(await inbox.accept({ event: message("EvBatch3") })).toBe("duplicate"); // a later retry too
    const row = await ctx.db.prisma.inboxEvent.findFirstOrThrow({ where: { eventId: "EvBatch3" } });
    expect((row.payload as unknown as { event: InboundEvent }).event.eventId).toBe("EvBatch3");
  });

  test("claims the oldest event of each conversation, one at a time, and never one another replica holds", async () => {
    const inbox = repo();
    for (const id of ["EvO1", "EvO2", "EvO3"]) await inbox.accept({ event: message(id, "CORDER") });
    await inbox.accept({ event: message("EvP1", "CPARALLEL") });
    const a = await inbox.claim("replica-a", 10, 60);
    expect(a.map((r) => r.eventId).filter((id) => /^Ev[OP]/.test(id)).sort()).toEqual(["EvO1", "EvP1"]);
    expect((await inbox.claim("replica-b", 10, 60)).filter((r) => /^Ev[OP]/.test(r.eventId))).toEqual([]);
    const o1 = a.find((r) => r.eventId === "EvO1")!;
    // Only the replica holding the claim can complete it; a lost claim stores nothing.
    expect(await inbox.completeClaimed(o1, "replica-b", [post("CORDER", "not mine")])).toBe(false);
    expect(await inbox.completeClaimed(o1, "replica-a", [post("CORDER", "reply to O1")])).toBe(true);
    expect(await ctx.db.prisma.outboxMessage.count({ where: { conversation: "slack:CORDER" } })).toBe(1);
    expect((await inbox.claim("replica-b", 10, 60)).map((r) => r.eventId)).toEqual(["EvO2"]);
  });

  test("the events of a replica that died mid-turn are handled by another after the lease", async () => {
    const inbox = repo();
    await inbox.accept({ event: message("EvDead", "CDEAD") });
    const [row] = (await inbox.claim("dead-replica", 10, 60)).filter((r) => r.eventId === "EvDead");
    expect(row).toBeDefined();
    await ctx.db.prisma.inboxEvent.update({ where: { id: row.id }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    const handled: string[] = [];
    const worker = new InboxWorker(inbox, async (item) => (handled.push(item.event.eventId), [post("CDEAD", "handled")]), log, {
      replica: "live-replica", pollMs: 50, batch: 4, leaseSeconds: 60, maxAttempts: 3, keepHours: 72,
    });
    await worker.drain();
    expect(handled).toContain("EvDead");
    const done = await ctx.db.prisma.inboxEvent.findUniqueOrThrow({ where: { id: row.id } });
    expect([done.status, done.attempts]).toEqual(["done", 2]);
  });

  test("a turn that keeps failing is retried with backoff, then marked failed and its conversation moves on", async () => {
    const inbox = repo();
    await inbox.accept({ event: message("EvBad", "CFAIL") });
    await inbox.accept({ event: message("EvAfter", "CFAIL") });
    const seen: string[] = [];
    const worker = new InboxWorker(
      inbox,
      async (item) => {
        seen.push(item.event.eventId);
        if (item.event.eventId === "EvBad") throw new Error("matrix store unavailable");
        return [post("CFAIL", "after")];
      },
      log,
      { replica: "r1", pollMs: 50, batch: 4, leaseSeconds: 60, maxAttempts: 2, keepHours: 72 },
    );
    await worker.drain();
    let bad = await ctx.db.prisma.inboxEvent.findFirstOrThrow({ where: { eventId: "EvBad" } });
    expect([bad.status, bad.lastError]).toEqual(["pending", "matrix store unavailable"]);
    expect(bad.availableAt.getTime()).toBeGreaterThan(Date.now()); // backoff
    expect(seen).toEqual(["EvBad"]); // the next event of the conversation waits: order is kept
    await ctx.db.prisma.inboxEvent.update({ where: { id: bad.id }, data: { availableAt: new Date(Date.now() - 1000) } });
    await worker.drain();
    bad = await ctx.db.prisma.inboxEvent.findFirstOrThrow({ where: { eventId: "EvBad" } });
    expect(bad.status).toBe("failed");
    expect(seen).toEqual(["EvBad", "EvBad", "EvAfter"]);
    expect(await inbox.depth()).toMatchObject({ failed: 1 });
    expect(await inbox.retryFailed()).toBe(1);
    expect((await ctx.db.prisma.inboxEvent.findFirstOrThrow({ where: { eventId: "EvBad" } })).status).toBe("pending");
  });

  test("ledger for events handled inside the request: new, in progress, done, forgotten, stale claim taken over", async () => {
    const ledger = repo();
    expect(await ledger.begin("slack", "Ev1", "slack:C1")).toBe("new");
    expect(await ledger.begin("slack", "Ev1", "slack:C1")).toBe("in-progress");
    await ledger.complete("slack", "Ev1", [post("C1", "answer")]);
    expect(await ledger.begin("slack", "Ev1", "slack:C1")).toBe("duplicate");
    expect(await ctx.db.prisma.outboxMessage.count({ where: { conversation: "slack:C1" } })).toBe(1);
    expect(await ledger.begin("teams", "Ev1", "teams:C1")).toBe("new"); // ids are per platform

    expect(await ledger.begin("slack", "Ev2", "slack:C1")).toBe("new");
    await ledger.forget("slack", "Ev2");
    expect(await ledger.begin("slack", "Ev2", "slack:C1")).toBe("new");
    await ctx.db.prisma.inboxEvent.updateMany({ where: { platform: "slack", eventId: "Ev2" }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    expect(await ledger.begin("slack", "Ev2", "slack:C1")).toBe("new");
    expect(await ledger.begin("slack", "Ev2", "slack:C1")).toBe("in-progress");
    // The worker never takes a request's own event, even a stale one.
    expect((await ledger.claim("r", 50, 60)).map((r) => r.eventId)).not.toContain("Ev2");
    expect(await ledger.releaseExpired()).toBe(0);
  });

  test("claims racing for one event inside requests: exactly one wins", async () => {
    const ledger = repo();
    const results = await Promise.all(Array.from({ length: 8 }, () => ledger.begin("slack", "EvRace", "slack:C1")));
    expect(results.filter((r) => r === "new")).toHaveLength(1);
    expect(results.filter((r) => r === "in-progress")).toHaveLength(7);
  });
});

describe("Slack requests and the inbox", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ kind: "pglite", env: { ACK_TIMEOUT_MS: "400" } });
  });
  afterAll(async () => {
    await h.stop();
  });
  const repliesIn = (thread: string) => h.slack.method("chat.postMessage").filter((c) => c.body.thread_ts === thread);

  test("a retry of an event stored but not yet handled is answered 200 and handled once", async () => {
    const event = mentionEvent("help", { ts: "1700000900.000100" });
    const [first, retry] = await Promise.all([h.slackEvent(event, { eventId: "EvTwice" }), h.slackEvent(event, { eventId: "EvTwice", retryNum: 1 })]);
    expect([first.status, retry.status]).toEqual([200, 200]);
    await h.slack.waitForMethod("chat.postMessage", (b) => b.thread_ts === "1700000900.000100");
    await sleep(300);
    expect(repliesIn("1700000900.000100")).toHaveLength(1);
  });

  test("an event that cannot be stored in time is answered 503, and Slack's retry is handled once", async () => {
    // Hold the embedded database's only connection longer than ACK_TIMEOUT_MS.
    let release!: () => void;
    const held = h.db.prisma.$transaction(async (tx) => {
      await tx.$queryRawUnsafe("SELECT 1");
      await new Promise<void>((r) => (release = r));
    }, { timeout: 10_000 });
    await until(async () => release !== undefined);
    const event = mentionEvent("help", { ts: "1700000900.000200" });
    const started = Date.now();
    const busy = await h.slackEvent(event, { eventId: "EvSlow" });
    expect(busy.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(2_000);
    release();
    await held;
    const retry = await h.slackEvent(event, { eventId: "EvSlow", retryNum: 1 });
    expect(retry.status).toBe(200);
    await h.slack.waitForMethod("chat.postMessage", (b) => b.thread_ts === "1700000900.000200");
    await sleep(300);
    expect(repliesIn("1700000900.000200")).toHaveLength(1);
  });
});

describeEachDatabase("inbox batches", (ctx) => {
  test("an event the database refuses fails alone, not the requests batched with it", async () => {
    const inbox = new InboxRepository(ctx.db.prisma, ctx.db.sql, new OutboxRepository(ctx.db.prisma), { maxInFlight: 1, maxBatch: 50 });
    await ctx.db.sql.exec(`ALTER TABLE "InboxEvent" ADD CONSTRAINT poison_probe CHECK ("eventId" <> 'EvPoison')`);
    try {
      const ids = ["EvN1", "EvN2", "EvPoison", "EvN3"];
      const results = await Promise.allSettled(ids.map((id) => inbox.accept({ event: message(id, "CPOISON") })));
      expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled"]);
      expect((await ctx.db.prisma.inboxEvent.findMany({ where: { conversation: "slack:CPOISON" } })).map((r) => r.eventId).sort()).toEqual(["EvN1", "EvN2", "EvN3"]);
    } finally {
      await ctx.db.sql.exec(`ALTER TABLE "InboxEvent" DROP CONSTRAINT poison_probe`);
    }
  });
});
