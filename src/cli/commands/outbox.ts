// `tandem outbox`: what is waiting to be sent, and what Tandem gave up on (and why).
import { queueCommand, when } from "./queue";

export const outboxCommand = queueCommand({
  name: "outbox",
  summary: "List outgoing chat messages (pending, failed, ...) and retry failed ones",
  noun: "message",
  statuses: ["pending", "sending", "sent", "failed", "superseded"],
  about: `Every chat message Tandem sends goes through the outbox in the database. A send that fails for a passing
reason (rate limit, 5xx, timeout, no connection) is retried with backoff for RETRY_WINDOW (default 24h); a message
the platform refused, or that still failed when its window was over, is marked failed with the last error. "retry"
puts such messages back in the queue, with a new window. A re-page still unsent when a newer one of the same ticket
or incident is queued behind it is marked superseded and never sent: the newer one goes instead, marked late.`,
  // Re-queued with a new retry window: it runs from the next failure.
  table: (db) => ({
    findMany: (q) => db.prisma.outboxMessage.findMany(q),
    updateMany: (u) => db.prisma.outboxMessage.updateMany({ ...u, data: { ...u.data, firstFailedAt: null } }),
  }),
  details: (r) => ({ op: r.op, createdAt: r.createdAt.toISOString(), sentAt: r.sentAt?.toISOString() ?? null }),
  columns: ["CONVERSATION", "OP", "CREATED"],
  cells: (r) => [r.conversation, r.op, when(r.createdAt)],
});
