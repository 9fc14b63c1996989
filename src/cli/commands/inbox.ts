// `tandem inbox`: the Slack events and Teams activities received, and those Tandem gave up on (and why).
import type { InboxItem } from "../../core/ports/inbox";
import { queueCommand, when } from "./queue";

export const inboxCommand = queueCommand({
  name: "inbox",
  summary: "List received Slack events / Teams activities (pending, failed, ...) and retry failed ones",
  noun: "event",
  statuses: ["pending", "handling", "done", "failed"],
  about: `Every Slack event and Teams activity is stored in the inbox in the database before Slack or Teams gets its
answer, then handled by any replica, in order per conversation (KIND "in request": handled while Slack or Teams
waited for the answer). An event whose handling still failed after every attempt (INBOX_MAX_ATTEMPTS) is marked
failed with the last error, and its conversation moves on; "retry" queues such events again.`,
  table: (db) => db.prisma.inboxEvent,
  details: (r) => ({
    eventId: r.eventId,
    /** null for events handled inside the request, whose payload is not stored. */
    kind: (r.payload as InboxItem | null)?.event?.kind ?? null,
    receivedAt: r.receivedAt.toISOString(),
    doneAt: r.doneAt?.toISOString() ?? null,
  }),
  columns: ["PLATFORM", "EVENT", "KIND", "CONVERSATION", "RECEIVED"],
  cells: (r) => [r.platform, r.eventId, r.kind ?? "in request", r.conversation, when(r.receivedAt)],
});
