// The ticket buttons, defined once: the ticket and ticket-list cards draw them, the tickets feature handles them.
import { cardRef, defineAction, field, form, id, optional } from "../cards/action";
import { SEVERITY_LABELS } from "./model";

const severityChoices = ([1, 2, 3, 4] as const).map((s) => ({ title: SEVERITY_LABELS[s], value: String(s) }));
const onTicket = { ticket: id, card: cardRef };

export const TICKET_ACTIONS = {
  /** From a who-handles answer: the question becomes a ticket in its category. */
  open: defineAction("ticket-open", { text: optional, category: optional, card: optional }),
  take: defineAction("ticket-take", onTicket),
  handOver: defineAction(
    "ticket-handover",
    onTicket,
    form("Hand it over", "Hand over", [
      field("to", "To", {
        kind: "choice",
        required: true,
        choices: [
          { title: "Internal IT", value: "internal" },
          { title: "The MSP", value: "msp" },
          { title: "The requester (wait for their answer)", value: "requester" },
        ],
      }),
      field("note", "Why (everyone on the ticket sees it)", { kind: "long-text", maxLength: 2000 }),
    ]),
  ),
  /** A note, time spent, or both (MSP time draws down the block hours). */
  note: defineAction(
    "ticket-note",
    onTicket,
    form("Add a note or time", "Save", [
      field("note", "Note", { kind: "long-text", maxLength: 2000 }),
      field("time", "Time spent (optional)", { placeholder: "30m, 1h or 1h 15m", maxLength: 20 }),
    ]),
  ),
  severity: defineAction("ticket-severity", onTicket, form("Change severity", "Change", [field("severity", "Severity", { kind: "choice", required: true, choices: severityChoices })])),
  resolve: defineAction("ticket-resolve", onTicket, form("Resolve", "Resolve", [field("note", "How it was resolved", { kind: "long-text", maxLength: 2000 })])),
  reopen: defineAction("ticket-reopen", onTicket),
  escalate: defineAction(
    "ticket-escalate",
    onTicket,
    form("Escalate to the MSP", "Escalate and page", [
      field("note", "Why it can't wait", { kind: "long-text", maxLength: 1000 }),
      field("severity", "Severity", { kind: "choice", required: true, choices: severityChoices }),
    ]),
  ),
  ack: defineAction("ticket-ack", onTicket),
  more: defineAction("tickets-more", { card: cardRef, scope: id, court: optional, offset: id }),
};
