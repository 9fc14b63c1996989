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
import { incidentPerson } from "./participants";
import { mayBeAssigned, requireApprover, requireAssigner, requireRoleHolder } from "./incident-access";
import { findPlaybook, matchPlaybooks } from "./playbook-set";
import type { IncidentRecord } from "./ports";

export function incidentActions(deps: IncidentFeatureDeps, desk: IncidentDesk): ActionSpec[] {
  const load = async (turn: Turn<ActionEvent>, incident: string): Promise<IncidentRecord> => {
    const record = await deps.incidents.get(incident);
    if (!record || record.clientId !== turn.client.id) throw new DomainError("incident-not-found", "I can't find that incident any more.");
    return record;
  };

  return [
    onAction(A.ack, "incident.acknowledge", async (turn, v) => desk.act(turn, await load(turn, v.incident), { type: "acknowledge" })),
    onAction(A.take, "in-handler", async (turn, v) => {
      const record = await load(turn, v.incident);
      const businessHours = await requireRoleHolder(deps, turn, record, v.role);
      return desk.act(turn, record, { type: "take-role", role: v.role, businessHours });
    }),
    onAction(A.assign, "in-handler", async (turn, v) => {
      const record = await load(turn, v.incident);
      requireAssigner(turn, record);
      if (!v.person) throw new DomainError("assignee-needed", "Pick who should hold the role, then press Assign.");
      const people = await deps.people.ofClient(turn.client.id);
      const person = people.find((p) => p.id === v.person);
      if (!person) throw new DomainError("unknown-person", "I don't know that person any more; pick someone else.");
      if (!(await mayBeAssigned(deps, record, v.role, person.roles, turn.now))) {
        throw new DomainError("assignee-not-allowed", `${person.name} can't hold that role: by Tandem's rules it needs someone with another role.`);
      }
      const businessHours = await deps.businessHours(record.clientId, turn.now);
      return desk.act(turn, record, { type: "assign-role", role: v.role, holder: incidentPerson(person), businessHours });
    }),
    onAction(A.done, "incident.step", async (turn, v) => desk.act(turn, await load(turn, v.incident), { type: "step-done", stepId: v.step })),
    onAction(A.decide, "in-handler", async (turn, v) => {
      const record = await load(turn, v.incident);
      requireApprover(turn, record);
      if (v.decision !== "approve" && v.decision !== "decline") throw new DomainError("decision-needed", "Choose Approve or Decline, then record the decision.");
      const note = v.note?.trim() || undefined;
      return desk.act(turn, record, { type: v.decision, stepId: v.step, note });
    }),
    onAction(A.status, "incident.status", async (turn, v) => {
      const status = v.status as IncidentStatus;
      if (!STATUS_ORDER.includes(status)) throw new DomainError("unknown-status", "That status button is out of date.");
      return desk.act(turn, await load(turn, v.incident), { type: "set-status", status });
    }),
    onAction(A.checklist, "incident.view", async (turn, v) => [replyPrivately(turn, { text: checklistText(await load(turn, v.incident), turn.now) })]),
    onAction(A.fromTicket, "incident.start", async (turn, v) => {
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
