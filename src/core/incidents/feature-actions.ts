// The incident card's buttons (Teams Action.Execute verbs / Slack action ids) and "Start incident" on a sev-1 ticket.
import type { ActionSpec, Turn } from "../conversation/feature";
import type { ActionEvent } from "../conversation/events";
import { DomainError } from "../errors";
import { playbookList } from "./command-args";
import type { IncidentFeatureDeps } from "./feature";
import type { IncidentDesk } from "./incident-desk";
import { STATUS_ORDER, type IncidentCommand, type IncidentStatus } from "./incident-model";
import { onAction } from "../cards/action";
import { replyPrivately } from "../conversation/router";
import { INCIDENT_ACTIONS as A } from "./buttons";
import { checklistText } from "./live-card";
import { incidentPerson, requireResponder } from "./participants";
import { findPlaybook, matchPlaybooks } from "./playbook-set";
import type { IncidentRecord } from "./ports";

export function incidentActions(deps: IncidentFeatureDeps, desk: IncidentDesk): ActionSpec[] {
  const load = async (turn: Turn<ActionEvent>, incident: string): Promise<IncidentRecord> => {
    const record = await deps.incidents.get(incident);
    if (!record || record.clientId !== turn.client.id) throw new DomainError("incident-not-found", "I can't find that incident any more.");
    return record;
  };

  return [
    onAction(A.ack, async (turn, v) => {
      requireResponder(turn);
      return desk.act(turn, await load(turn, v.incident), { type: "acknowledge" });
    }),
    onAction(A.take, async (turn, v) => desk.act(turn, await load(turn, v.incident), { type: "take-role", role: v.role })),
    onAction(A.assign, async (turn, v) => {
      requireResponder(turn);
      const record = await load(turn, v.incident);
      if (!v.person) throw new DomainError("assignee-needed", "Pick who should hold the role, then press Assign.");
      const people = await deps.people.ofClient(turn.client.id);
      const person = people.find((p) => p.id === v.person);
      if (!person) throw new DomainError("unknown-person", "I don't know that person any more; pick someone else.");
      return desk.act(turn, record, { type: "assign-role", role: v.role, holder: incidentPerson(person) });
    }),
    onAction(A.done, async (turn, v) => {
      requireResponder(turn);
      return desk.act(turn, await load(turn, v.incident), { type: "step-done", stepId: v.step });
    }),
    onAction(A.decide, async (turn, v) => {
      if (v.decision !== "approve" && v.decision !== "decline") throw new DomainError("decision-needed", "Choose Approve or Decline, then record the decision.");
      const note = v.note?.trim() || undefined;
      return desk.act(turn, await load(turn, v.incident), { type: v.decision, stepId: v.step, note });
    }),
    onAction(A.status, async (turn, v) => {
      requireResponder(turn);
      const status = v.status as IncidentStatus;
      if (!STATUS_ORDER.includes(status)) throw new DomainError("unknown-status", "That status button is out of date.");
      return desk.act(turn, await load(turn, v.incident), { type: "set-status", status });
    }),
    onAction(A.checklist, async (turn, v) => [replyPrivately(turn, { text: checklistText(await load(turn, v.incident), turn.now) })]),
    onAction(A.fromTicket, async (turn, v) => {
      const ticket = await deps.tickets.ticket(turn.client.id, { id: v.ticket });
      if (!ticket) throw new DomainError("ticket-not-found", "I can't find that ticket any more.");
      const set = await deps.playbooks.playbooksFor(turn.client.id);
      const playbook = (v.playbook ? findPlaybook(set, v.playbook) : null) ?? findPlaybook(set, ticket.title) ?? matchPlaybooks(set, ticket.title)[0]?.playbook ?? null;
      if (!playbook) {
        throw new DomainError(
          "playbook-needed",
          `I can't tell which playbook fits ${ticket.key} ("${ticket.title}"). ${playbookList(set.playbooks)}\nStart it with: incident sev1 <playbook> ${ticket.key}`,
        );
      }
      return desk.start(turn, { playbook, summary: ticket.title, drill: false, ticket });
    }),
  ];
}
