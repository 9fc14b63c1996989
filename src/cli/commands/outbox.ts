// `tandem outbox`: what is waiting to be sent, and what Tandem gave up on (and why).
import { queueCommand, when } from "./queue";

export const outboxCommand = queueCommand({
  name: "outbox",
  summary: "List outgoing chat messages (pending, failed, ...) and retry failed ones",
  noun: "message",
  statuses: ["pending", "sending", "sent", "failed"],
  about: `Every chat message Tandem sends goes through the outbox in the database. A message that still failed after
every retry is marked failed with the last error; "retry" puts such messages back in the queue.`,
  table: (db) => db.prisma.outboxMessage,
  details: (r) => ({ op: r.op, createdAt: r.createdAt.toISOString(), sentAt: r.sentAt?.toISOString() ?? null }),
  columns: ["CONVERSATION", "OP", "CREATED"],
  cells: (r) => [r.conversation, r.op, when(r.createdAt)],
});
