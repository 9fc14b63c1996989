import type { Outgoing } from "../../core/conversation/reply";
import type { Outbox } from "../../core/ports/outbox";
import type { CardPlaces } from "../../core/access/card-binding";
import type { Prisma } from "./connect";
import { ConversationQueue } from "./conversation-queue";
import { FULL_TEXT_KEY, type ReplyFitter } from "../outbox/fit";
import type { PaceStore, PaceWindow } from "../outbox/pace";
import { afterCommit } from "./turn-transaction";

export interface OutboxRow {
  id: bigint;
  platform: string;
  conversation: string;
  op: string;
  messageKey: string | null;
  payload: Outgoing;
  attempts: number;
  /** Set by the first failed attempt: the retry window runs from here. */
  firstFailedAt: Date | null;
  /** A page's moment (the first one's, once it replaced older ones); sent well after it, it is marked late. */
  dueAt: Date | null;
  /** Re-pages of one subject: a newer row with this key in the conversation replaces this one while unsent. */
  supersedeKey: string | null;
  /**
   * Set when an earlier attempt may have reached the platform without being marked sent (its replica died, or the
   * answer came after the send timeout): Slack is asked for the message with this row's key before a second send.
   */
  unconfirmedAt: Date | null;
  /** The claim: the replica holding the row and the attempt it is on. Every outcome is written only while it holds. */
  lockedBy: string | null;
}

/** The Prisma client or a transaction's client. */
export type OutboxDb = Pick<Prisma, "outboxMessage" | "postedMessage">;

export interface NewOutboxRow {
  platform: string;
  conversation: string;
  op: string;
  messageKey: string | null;
  payload: object;
  /** The ticket or incident a page delivery is about (see core/paging). */
  subject: string | null;
  dueAt: Date | null;
  supersedeKey: string | null;
}

export interface PostedRef {
  platform: string;
  conversation: string;
  messageId: string;
  threadId: string | null;
}

function conversationOf(o: Outgoing): { platform: string; conversation: string } | null {
  switch (o.op) {
    case "post":
    case "ephemeral":
      return { platform: o.channel.platform, conversation: `${o.channel.platform}:${o.channel.id}` };
    case "dm":
      return { platform: o.to.platform, conversation: `${o.to.platform}:dm:${o.to.teamId}:${o.to.userId}` };
    case "phone":
      // In order per alert and side: a trigger before its acknowledge and resolve.
      return { platform: "phone", conversation: `phone:${o.call.clientId}:${o.call.side}:${o.call.dedupKey}` };
    case "update":
    case "pin":
      return null;
  }
}

/**
 * The outbox rows for these items, in order (an update is queued behind the post it changes). `db` may be a
 * transaction's client, so the rows commit with whatever caused them. With a fitter, each reply is made to fit its
 * platform's limits first (see outbox/fit.ts): only what the platform accepts is stored.
 */
export async function outboxRows(items: Outgoing[], db: OutboxDb, fitter?: ReplyFitter): Promise<NewOutboxRow[]> {
  const rows: NewOutboxRow[] = [];
  // A post and the pin or update of it can arrive together, before the post is stored.
  const postedHere = new Map<string, { platform: string; conversation: string }>();
  const fullTexts = new Set<string>();
  for (const item of items) {
    const keyed = item.op === "update" || item.op === "pin" ? item.key : "";
    const target = conversationOf(item) ?? postedHere.get(keyed) ?? (await conversationOfKey(db, keyed));
    if (!target) continue; // an update for a message Tandem never posted: nothing to change
    for (const o of fitter ? fitter.fit(item, target) : [item]) {
      const conv = conversationOf(o) ?? target;
      if (o.op === "post" && o.key) {
        // The full text of a card's cut parts is posted once per card, not again with each update of it.
        if (o.key.startsWith(FULL_TEXT_KEY) && (fullTexts.has(o.key) || (await conversationOfKey(db, o.key)))) continue;
        fullTexts.add(o.key);
        postedHere.set(o.key, conv);
      }
      rows.push({
        platform: conv.platform,
        conversation: conv.conversation,
        op: o.op,
        messageKey: o.op === "post" || o.op === "update" || o.op === "pin" || o.op === "dm" ? (o.key ?? null) : null,
        payload: JSON.parse(JSON.stringify(o)),
        subject: "page" in o && o.page ? o.page.subject : null,
        dueAt: "due" in o && o.due ? new Date(o.due.at) : null,
        supersedeKey: "due" in o && o.due?.supersede ? o.due.supersede : null,
      });
    }
  }
  return rows;
}

async function conversationOfKey(db: OutboxDb, key: string): Promise<{ platform: string; conversation: string } | null> {
  const posted = await db.postedMessage.findUnique({ where: { key } });
  if (posted) return { platform: posted.platform, conversation: posted.conversation };
  // Still queued: a keyed post, or a keyed direct message (a page's card), whose update goes behind it.
  const pending = await db.outboxMessage.findFirst({ where: { messageKey: key, op: { in: ["post", "dm"] } }, orderBy: { id: "desc" } });
  return pending ? { platform: pending.platform, conversation: pending.conversation } : null;
}

/** The row is still claimed by the claim it was handed out with ($1 id, $2 replica, $3 attempt). */
const HELD = `id = $1::bigint AND status = 'sending' AND "lockedBy" = $2 AND attempts = $3::int`;

/** Stores outgoing messages and hands them out, oldest first and one at a time per conversation. */
export class OutboxRepository extends ConversationQueue<OutboxRow> implements Outbox, CardPlaces, PaceStore {
  /** Called after rows are committed so this process's dispatcher sends them at once. */
  onEnqueued: () => void = () => undefined;

  /** `fitter`: makes replies fit their platform before they are stored (every producer of rows uses it). */
  constructor(
    prisma: Prisma,
    readonly fitter?: ReplyFitter,
  ) {
    super(prisma, prisma.outboxMessage, "OutboxMessage", "sending", `id, platform, conversation, op, "messageKey", payload, attempts, "firstFailedAt", "dueAt", "supersedeKey", "unconfirmedAt", "lockedBy"`);
  }

  async enqueue(items: Outgoing[]): Promise<void> {
    const rows = await outboxRows(items, this.prisma, this.fitter);
    if (rows.length === 0) return;
    await this.prisma.outboxMessage.createMany({ data: rows });
    afterCommit(() => this.onEnqueued());
  }

  /**
   * Just before the send: the row is marked in flight (`unconfirmedAt`, kept from an earlier attempt that may have
   * reached the platform), while this claim still holds. False when another replica took the row meanwhile (this
   * one's lease ran out): then nothing is sent.
   */
  async markInFlight(row: OutboxRow): Promise<boolean> {
    const n = await this.prisma.$executeRawUnsafe(
      `UPDATE "OutboxMessage" SET "unconfirmedAt" = COALESCE("unconfirmedAt", now()) WHERE ${HELD}`,
      String(row.id),
      row.lockedBy,
      row.attempts,
    );
    return n > 0;
  }

  /**
   * Marks the row sent, and records where a post went (for later updates of it), only while this claim holds (or
   * its lease ran out, or its answer came after the send timeout, and the row went back to the queue, but nobody
   * claimed it since): a replica whose row another one took cannot overwrite that one's outcome. False then.
   * `posted.rejected`: the platform refused the content and the plain-text fallback went instead; kept as lastError.
   * A keyed direct message is recorded like a post when the platform said which conversation it went to.
   */
  async markSent(row: OutboxRow, posted?: { messageId: string; threadId?: string; rejected?: string; conversation?: string }): Promise<boolean> {
    const where = `(${HELD}) OR (id = $1::bigint AND status = 'pending' AND attempts = $3::int AND "lockedBy" IS NULL)`;
    const keeps = row.op === "post" || (row.op === "dm" && !!posted?.conversation);
    const key = posted && keeps && row.messageKey ? row.messageKey : null;
    const [r] = await this.prisma.$queryRawUnsafe<{ n: number }[]>(
      `WITH sent AS (
         UPDATE "OutboxMessage" SET status = 'sent', "sentAt" = now(), "lockedBy" = NULL, "lastError" = COALESCE($8::text, "lastError")
          WHERE ${where} RETURNING id),
       posted AS (
         INSERT INTO "PostedMessage" (key, platform, conversation, "messageId", "threadId", "updatedAt")
         SELECT $4::text, $5, $6, $7, $9, now() WHERE $4::text IS NOT NULL AND EXISTS (SELECT 1 FROM sent)
         ON CONFLICT (key) DO UPDATE SET platform = EXCLUDED.platform, conversation = EXCLUDED.conversation,
           "messageId" = EXCLUDED."messageId", "threadId" = EXCLUDED."threadId", "updatedAt" = now()
         RETURNING key)
       SELECT (SELECT count(*) FROM sent)::int AS n`,
      String(row.id),
      row.lockedBy,
      row.attempts,
      key,
      row.platform,
      posted?.conversation ?? row.conversation,
      posted?.messageId ?? "",
      posted?.rejected ?? null,
      posted?.threadId ?? null,
    );
    return (r?.n ?? 0) > 0;
  }

  /**
   * A claimed re-page that a newer one of the same subject, queued behind it in the same conversation, replaces: marked
   * superseded (never sent; `tandem outbox list` shows it). The newer one keeps the earlier moment it was due, so the
   * one page sent after an outage says when the first was due, and it also mentions the people the replaced one
   * mentioned (after its own), so everyone paged during the outage is paged in the conversation once it is back.
   * False when nothing newer is waiting, or when this replica's claim on the row ran out.
   */
  async supersede(row: OutboxRow): Promise<boolean> {
    if (!row.supersedeKey) return false;
    const [r] = await this.prisma.$queryRawUnsafe<{ by: bigint | null }[]>(
      `WITH mine AS (
         SELECT payload FROM "OutboxMessage" WHERE ${HELD}),
       newer AS (
         UPDATE "OutboxMessage" n SET "dueAt" = LEAST(n."dueAt", $6::timestamp),
                payload = CASE WHEN n.payload->'reply' IS NOT NULL THEN jsonb_set(n.payload, '{reply,mentions}', (
                  SELECT COALESCE(jsonb_agg(m ORDER BY k), '[]'::jsonb) FROM (
                    SELECT DISTINCT ON (m->>'userId') m, k FROM (
                      SELECT m, k FROM jsonb_array_elements(COALESCE(n.payload->'reply'->'mentions', '[]'::jsonb)) WITH ORDINALITY AS a(m, k)
                      UNION ALL
                      SELECT m, 100000 + k FROM mine, jsonb_array_elements(COALESCE(mine.payload->'reply'->'mentions', '[]'::jsonb)) WITH ORDINALITY AS b(m, k)
                    ) both_lists ORDER BY m->>'userId', k) people)) ELSE n.payload END
          WHERE conversation = $4 AND "supersedeKey" = $5 AND id > $1::bigint AND status = 'pending' AND EXISTS (SELECT 1 FROM mine)
          RETURNING id),
       old AS (
         UPDATE "OutboxMessage" SET status = 'superseded', "lockedBy" = NULL,
                "lastError" = 'superseded by ' || (SELECT max(id) FROM newer) || ', a newer page of the same subject'
          WHERE ${HELD} AND EXISTS (SELECT 1 FROM newer)
          RETURNING id)
       SELECT (SELECT max(id) FROM old) AS by`,
      String(row.id),
      row.lockedBy,
      row.attempts,
      row.conversation,
      row.supersedeKey,
      row.dueAt ? row.dueAt.toISOString() : null,
    );
    return r?.by != null;
  }

  /**
   * A claimed row whose attempt failed for a passing reason: due again at `at`; its window runs from `firstFailedAt`.
   * `refused`: the platform refused the attempt outright and no earlier one can have reached it, so the row is no
   * longer in flight. Only while this claim holds.
   */
  async retryAt(row: OutboxRow, at: Date, firstFailedAt: Date, error: string, refused = false): Promise<void> {
    await this.prisma.outboxMessage.updateMany({
      where: this.held(row),
      data: { status: "pending", lockedBy: null, availableAt: at, firstFailedAt, lastError: error.slice(0, 500), ...(refused ? { unconfirmedAt: null } : {}) },
    });
  }

  async retryLater(row: OutboxRow, delayMs: number, error: string): Promise<void> {
    await this.retryAt(row, new Date(Date.now() + delayMs), row.firstFailedAt ?? new Date(), error);
  }

  /** A claimed row given up on (only while this claim holds): it stays, failed, with the last error. */
  async markFailed(row: OutboxRow, error: string): Promise<void> {
    await this.prisma.outboxMessage.updateMany({ where: this.held(row), data: { status: "failed", lockedBy: null, lastError: error.slice(0, 500) } });
  }

  private held(row: OutboxRow) {
    return { id: row.id, status: "sending", lockedBy: row.lockedBy, attempts: row.attempts };
  }

  /**
   * Milliseconds until one more send to the conversation stays inside every window, by the database's clock: for
   * each window of `max` sends, the max-th most recent send must have left it. One index range scan over the
   * conversation's sends of the longest window (at most its `max` rows). `ops`: the operations that count (all if unset).
   */
  async paceWait(conversation: string, windows: readonly PaceWindow[], ops?: readonly string[]): Promise<number> {
    if (windows.length === 0) return 0;
    const [row] = await this.prisma.$queryRawUnsafe<{ waitMs: number | null }[]>(
      `WITH recent AS (
         SELECT "sentAt", row_number() OVER (ORDER BY "sentAt" DESC) AS n FROM "OutboxMessage"
         WHERE conversation = $1 AND "sentAt" > now() - $4::int * interval '1 millisecond' AND ($6::text[] IS NULL OR op = ANY($6::text[]))
         ORDER BY "sentAt" DESC LIMIT $5)
       SELECT ceil(max(extract(epoch FROM r."sentAt" + w.ms * interval '1 millisecond' - now()) * 1000))::int AS "waitMs"
       FROM unnest($2::int[], $3::int[]) AS w(max, ms)
       JOIN recent r ON r.n = w.max AND r."sentAt" > now() - w.ms * interval '1 millisecond'`,
      conversation,
      windows.map((w) => w.max),
      windows.map((w) => w.windowMs),
      Math.max(...windows.map((w) => w.windowMs)),
      Math.max(...windows.map((w) => w.max)),
      ops ? [...ops] : null,
    );
    return Math.max(0, row?.waitMs ?? 0);
  }

  /**
   * A claimed row that may not be sent yet (pacing): back in the queue, due in `waitMs` (by the database's clock, or
   * at `at`), its attempt not counted and its retry window untouched.
   */
  async defer(row: OutboxRow, waitMs: number, at?: Date): Promise<void> {
    if (at) {
      await this.prisma.outboxMessage.updateMany({ where: this.held(row), data: { status: "pending", lockedBy: null, attempts: { decrement: 1 }, availableAt: at } });
      return;
    }
    await this.prisma.$executeRawUnsafe(
      `UPDATE "OutboxMessage" SET status = 'pending', "lockedBy" = NULL, attempts = greatest(attempts - 1, 0),
         "availableAt" = now() + $4::int * interval '1 millisecond'
       WHERE ${HELD}`,
      String(row.id),
      row.lockedBy,
      row.attempts,
      Math.ceil(waitMs),
    );
  }

  /** Where the card with this key was posted (or is queued to be): the router binds card buttons to it. */
  async conversationOf(key: string): Promise<string | null> {
    return (await conversationOfKey(this.prisma, key))?.conversation ?? null;
  }

  async posted(key: string): Promise<PostedRef | null> {
    return this.prisma.postedMessage.findUnique({ where: { key } });
  }

  async list(status?: string, take = 50) {
    return this.prisma.outboxMessage.findMany({ where: status ? { status } : {}, orderBy: { id: "desc" }, take });
  }
}
