// The incident card's buttons (and "Start incident" on a sev-1 ticket card), defined once for cards and router.
import { cardRef, defineAction, field, form, id, optional } from "../cards/action";

const onIncident = { incident: id, card: cardRef };

export const INCIDENT_ACTIONS = {
  ack: defineAction("incident-ack", onIncident),
  take: defineAction("incident-take", { ...onIncident, role: id }),
  /** A picker: the chosen person arrives as `person`. Slack's 150-character option values may leave out the card. */
  assign: defineAction("incident-assign", { incident: id, card: optional, role: id, person: optional }),
  done: defineAction("incident-done", { ...onIncident, step: id }),
  /** The client approver's decision on a step that needs approval. */
  decide: defineAction(
    "incident-decide",
    { ...onIncident, step: id },
    form("Approve or decline", "Record decision", [
      field("decision", "Decision", { kind: "choice", required: true, choices: [{ title: "Approve", value: "approve" }, { title: "Decline", value: "decline" }] }),
      field("note", "Note (the responders see it)", { kind: "long-text", maxLength: 500 }),
    ]),
  ),
  status: defineAction("incident-status", { ...onIncident, status: id }),
  /** The whole checklist, told to the person who asked. */
  checklist: defineAction("incident-checklist", onIncident),
  fromTicket: defineAction("incident-from-ticket", { ticket: id, card: cardRef, playbook: optional }),
};
