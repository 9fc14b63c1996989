import { conversationKey } from "../../core/conversation/events";
import type { Outgoing } from "../../core/conversation/reply";
import type { EventLedger, Inbox, InboxItem } from "../../core/ports/inbox";
import type { Prisma } from "./connect";
import type { SqlRunner } from "./migrate";
import { outboxRows, type OutboxRepository } from "./outbox-repo";
import { GroupCommit } from "./group-commit";
import { ConversationQueue } from "./conversation-queue";
import { afterCommit } from "./turn-transaction";

export interface InboxRow {
  id: bigint;
  platform: string;
  eventId: string;
  conversation: string;
  payload: InboxItem;
  attempts: number;
}

export interface InboxOptions {
  /** Concurrent batched inserts (1 on the embedded database, which has one connection). */
  maxInFlight: number;
  maxBatch?: number;
  /** Wait this long for more requests before a write (the embedded database, which runs in this thread). */
  lingerMs?: number;
}

interface Accepted {
  platform: string;
  eventId: string;
  conversation: string;
  payload: InboxItem;
}

const key = (platform: string, eventId: string) => `${platform}\u0000${eventId}`;

/**
 * Inbound events in the database. `accept` is the request path: one batched INSERT ... ON CONFLICT DO NOTHING
 * for every request that arrived meanwhile (raw SQL, no ORM round trips). The worker side claims the head of
 * each conversation's queue (SKIP LOCKED, with a lease), and `complete` stores a turn's effects in the outbox in
 * the same commit as its "done" mark.
 */
export class InboxRepository extends ConversationQueue<InboxRow> implements Inbox, EventLedger {
  /** Called after events are committed so this process's worker handles them at once. */
  onAccepted: () => void = () => undefined;
  /** Seconds after which an unfinished claim is taken to belong to a dead replica. */
  static STALE_SECONDS = 60;
  private readonly batcher: GroupCommit<Accepted, boolean>;

  constructor(
    prisma: Prisma,
    private readonly sql: SqlRunner,
    private readonly outbox: OutboxRepository,
    opts: InboxOptions,
  ) {
    // Rows without a payload are events handled inside a request: never claimed or released by the worker.
    super(prisma, prisma.inboxEvent, "InboxEvent", "handling", `id, platform, "eventId", conversation, payload, attempts`, "payload IS NOT NULL");
    this.batcher = new GroupCommit((items) => this.insert(items), { maxBatch: opts.maxBatch ?? 200, maxInFlight: opts.maxInFlight, lingerMs: opts.lingerMs });
  }

  async accept(item: InboxItem): Promise<"accepted" | "duplicate"> {
    const { platform } = item.event.channel;
    const inserted = await this.batcher.add({ platform, eventId: item.event.eventId, conversation: conversationKey(item.event.channel), payload: item });
    if (inserted) this.onAccepted();
    return inserted ? "accepted" : "duplicate";
  }

  private async insert(items: Accepted[]): Promise<boolean[]> {
    const rows = await this.sql.query<{ platform: string; eventId: string }>(
      `INSERT INTO "InboxEvent" (platform, "eventId", conversation, payload)
       SELECT platform, "eventId", conversation, payload
         FROM jsonb_to_recordset($1::jsonb) AS x(n int, platform text, "eventId" text, conversation text, payload jsonb)
        ORDER BY n
       ON CONFLICT (platform, "eventId") DO NOTHING
       RETURNING platform, "eventId"`,
      [JSON.stringify(items.map((it, n) => ({ n, ...it })))],
    );
    // A copy within the same batch: only its first occurrence counts as accepted.
    const fresh = new Set(rows.map((r) => key(r.platform, r.eventId)));
    return items.map((it) => fresh.delete(key(it.platform, it.eventId)));
  }

  // --- the worker side -------------------------------------------------------------------------------------

  /** Puts failed events back in the queue (`tandem inbox retry`). */
  async retryFailed(ids?: bigint[]): Promise<number> {
    const r = await this.prisma.inboxEvent.updateMany({
      where: { status: "failed", ...(ids ? { id: { in: ids } } : {}) },
      data: { status: "pending", attempts: 0, availableAt: new Date(), lastError: null },
    });
    return r.count;
  }

  /** Handled events are kept a while to recognise late platform retries, then deleted. */
  async prune(keepHours: number): Promise<number> {
    return this.prisma.$executeRawUnsafe(
      `DELETE FROM "InboxEvent" WHERE status = 'done' AND "doneAt" < now() - ($1 || ' hours')::interval`,
      String(keepHours),
    );
  }

  // --- the ledger: events handled inside the request ---------------------------------------------------------

  async begin(platform: string, eventId: string, conversation: string): Promise<"new" | "duplicate" | "in-progress"> {
    const claimed = await this.prisma.$queryRawUnsafe<{ id: bigint }[]>(
      `INSERT INTO "InboxEvent" (platform, "eventId", conversation, status, attempts, "lockedUntil")
       VALUES ($1, $2, $3, 'handling', 1, now() + ($4 || ' seconds')::interval)
       ON CONFLICT (platform, "eventId") DO UPDATE SET "lockedUntil" = now() + ($4 || ' seconds')::interval,
         attempts = "InboxEvent".attempts + 1
         WHERE "InboxEvent".status = 'handling' AND "InboxEvent".payload IS NULL AND "InboxEvent"."lockedUntil" < now()
       RETURNING id`,
      platform,
      eventId,
      conversation,
      String(InboxRepository.STALE_SECONDS),
    );
    if (claimed.length === 1) return "new";
    const row = await this.prisma.inboxEvent.findUnique({ where: { platform_eventId: { platform, eventId } }, select: { status: true } });
    if (!row) return this.begin(platform, eventId, conversation); // forgotten between the two statements: try again
    return row.status === "handling" || row.status === "pending" ? "in-progress" : "duplicate";
  }

  async complete(platform: string, eventId: string, effects: Outgoing[]): Promise<void> {
    await this.finish({ platform, eventId }, effects);
  }

  /**
   * Marks a claimed event done with its effects, if this replica still holds the claim. Returns false (and stores
   * nothing) when the claim was lost: the lease ran out and another replica handles the event.
   */
  async completeClaimed(row: InboxRow, replica: string, effects: Outgoing[]): Promise<boolean> {
    return this.finish({ id: row.id, replica }, effects);
  }

  /**
   * One statement: mark the event done (doneAt from the database clock, like receivedAt) and, only if that
   * matched, queue its effects in the outbox, in order. This runs for every turn, so it is a single round trip.
   */
  private async finish(where: { id: bigint; replica: string } | { platform: string; eventId: string }, effects: Outgoing[]): Promise<boolean> {
    const rows = await outboxRows(effects, this.prisma, this.outbox.fitter);
    const match = "id" in where ? `id = $2::bigint AND status = 'handling' AND "lockedBy" = $3` : `platform = $2 AND "eventId" = $3`;
    const [r] = await this.prisma.$queryRawUnsafe<{ done: number }[]>(
      `WITH done AS (
         UPDATE "InboxEvent" SET status = 'done', "doneAt" = now(), "lockedBy" = NULL, "lastError" = NULL
          WHERE ${match} RETURNING id),
       queued AS (
         INSERT INTO "OutboxMessage" (platform, conversation, op, "messageKey", payload, subject, "dueAt", "supersedeKey")
         SELECT x.platform, x.conversation, x.op, x."messageKey", x.payload, x.subject, x."dueAt", x."supersedeKey"
           FROM jsonb_to_recordset($1::jsonb) AS x(n int, platform text, conversation text, op text, "messageKey" text, payload jsonb, subject text, "dueAt" timestamp, "supersedeKey" text)
          WHERE EXISTS (SELECT 1 FROM done)
          ORDER BY x.n
         RETURNING id)
       SELECT (SELECT count(*) FROM done)::int AS done`,
      JSON.stringify(rows.map((row, n) => ({ n, ...row }))),
      ...("id" in where ? [String(where.id), where.replica] : [where.platform, where.eventId]),
    );
    const kept = Number(r?.done ?? 0) > 0;
    if (kept && rows.length) afterCommit(() => this.outbox.onEnqueued());
    return kept;
  }

  async forget(platform: string, eventId: string): Promise<void> {
    await this.prisma.inboxEvent.deleteMany({ where: { platform, eventId } });
  }
}
