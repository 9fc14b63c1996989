import type { Outgoing } from "../../core/conversation/reply";
import type { Outbox } from "../../core/ports/outbox";
import type { Prisma } from "./connect";

export interface OutboxRow {
  id: bigint;
  platform: string;
  conversation: string;
  op: string;
  messageKey: string | null;
  payload: Outgoing;
  attempts: number;
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
    case "update":
      return null;
  }
}

/** Stores outgoing messages and hands them out, oldest first and one at a time per conversation. */
export class OutboxRepository implements Outbox {
  /** Called after rows are committed so this process's dispatcher sends them at once. */
  onEnqueued: () => void = () => undefined;

  constructor(private readonly prisma: Prisma) {}

  async enqueue(items: Outgoing[]): Promise<void> {
    if (items.length === 0) return;
    const rows = [];
    for (const o of items) {
      const conv = conversationOf(o) ?? (await this.conversationOfKey(o.op === "update" ? o.key : ""));
      if (!conv) continue; // an update for a message Tandem never posted: nothing to change
      rows.push({
        platform: conv.platform,
        conversation: conv.conversation,
        op: o.op,
        messageKey: o.op === "post" || o.op === "update" ? (o.key ?? null) : null,
        payload: JSON.parse(JSON.stringify(o)),
      });
    }
    if (rows.length) await this.prisma.outboxMessage.createMany({ data: rows });
    this.onEnqueued();
  }

  private async conversationOfKey(key: string): Promise<{ platform: string; conversation: string } | null> {
    const posted = await this.prisma.postedMessage.findUnique({ where: { key } });
    if (posted) return { platform: posted.platform, conversation: posted.conversation };
    const pending = await this.prisma.outboxMessage.findFirst({ where: { messageKey: key, op: "post" }, orderBy: { id: "desc" } });
    return pending ? { platform: pending.platform, conversation: pending.conversation } : null;
  }

  /** Claims up to `limit` sendable rows: the head of each conversation's queue, skipping rows other replicas hold. */
  async claim(replica: string, limit: number, leaseSeconds = 60): Promise<OutboxRow[]> {
    return this.prisma.$queryRawUnsafe<OutboxRow[]>(
      `UPDATE "OutboxMessage" SET status = 'sending', "lockedBy" = $1, "lockedUntil" = now() + ($3 || ' seconds')::interval,
         attempts = attempts + 1
       WHERE id IN (
         SELECT o.id FROM "OutboxMessage" o
         WHERE o.status = 'pending' AND o."availableAt" <= now()
           AND NOT EXISTS (SELECT 1 FROM "OutboxMessage" p
                           WHERE p.conversation = o.conversation AND p.id < o.id AND p.status IN ('pending', 'sending'))
         ORDER BY o.id LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING id, platform, conversation, op, "messageKey", payload, attempts`,
      replica,
      limit,
      String(leaseSeconds),
    );
  }

  /** Rows whose replica died mid-send go back to the queue. */
  async releaseExpired(): Promise<number> {
    return this.prisma.$executeRawUnsafe(
      `UPDATE "OutboxMessage" SET status = 'pending', "lockedBy" = NULL WHERE status = 'sending' AND "lockedUntil" < now()`,
    );
  }

  async releaseMine(replica: string): Promise<number> {
    return this.prisma.$executeRawUnsafe(
      `UPDATE "OutboxMessage" SET status = 'pending', "lockedBy" = NULL, attempts = greatest(attempts - 1, 0)
       WHERE status = 'sending' AND "lockedBy" = $1`,
      replica,
    );
  }

  async markSent(row: OutboxRow, posted?: { messageId: string; threadId?: string }): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await tx.outboxMessage.update({ where: { id: row.id }, data: { status: "sent", sentAt: new Date(), lockedBy: null } });
      if (posted && row.op === "post" && row.messageKey) {
        const data = { platform: row.platform, conversation: row.conversation, messageId: posted.messageId, threadId: posted.threadId ?? null };
        await tx.postedMessage.upsert({ where: { key: row.messageKey }, update: data, create: { key: row.messageKey, ...data } });
      }
    });
  }

  async retryLater(row: OutboxRow, delayMs: number, error: string): Promise<void> {
    await this.prisma.outboxMessage.update({
      where: { id: row.id },
      data: { status: "pending", lockedBy: null, availableAt: new Date(Date.now() + delayMs), lastError: error.slice(0, 500) },
    });
  }

  async markFailed(row: OutboxRow, error: string): Promise<void> {
    await this.prisma.outboxMessage.update({
      where: { id: row.id },
      data: { status: "failed", lockedBy: null, lastError: error.slice(0, 500) },
    });
  }

  async posted(key: string): Promise<PostedRef | null> {
    return this.prisma.postedMessage.findUnique({ where: { key } });
  }

  async depth(): Promise<{ pending: number; failed: number }> {
    const [pending, failed] = await Promise.all([
      this.prisma.outboxMessage.count({ where: { status: { in: ["pending", "sending"] } } }),
      this.prisma.outboxMessage.count({ where: { status: "failed" } }),
    ]);
    return { pending, failed };
  }

  async list(status?: string, take = 50) {
    return this.prisma.outboxMessage.findMany({ where: status ? { status } : {}, orderBy: { id: "desc" }, take });
  }
}
