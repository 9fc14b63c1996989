// The incident card's buttons (Teams Action.Execute verbs / Slack action ids) and "Start incident" on a sev-1 ticket.
import type { ActionSpec, Turn } from "../conversation/feature";
import type { ActionEvent } from "../conversation/events";
import { DomainError } from "../errors";
import { playbookList } from "./command-args";
import type { IncidentFeatureDeps } from "./feature";
import type { IncidentDesk } from "./incident-desk";
import { STATUS_ORDER, type IncidentCommand, type IncidentStatus } from "./incident-model";
import { INCIDENT_VERBS } from "./live-card";
import { incidentPerson } from "./participants";
import { mayBeAssigned, requireApprover, requireAssigner, requireRoleHolder } from "./incident-access";
import { findPlaybook, matchPlaybooks } from "./playbook-set";
import type { IncidentRecord } from "./ports";

export function incidentActions(deps: IncidentFeatureDeps, desk: IncidentDesk): ActionSpec[] {
  const load = async (turn: Turn<ActionEvent>, value = turn.event.value): Promise<IncidentRecord> => {
    const record = value.incident ? await deps.incidents.get(value.incident) : null;
    if (!record || record.clientId !== turn.client.id) throw new DomainError("incident-not-found", "I can't find that incident any more.");
    return record;
  };
  const step = (verb: string, command: (stepId: string) => IncidentCommand, approval: boolean): ActionSpec => ({
    verb,
    access: approval ? "in-handler" : "incident.step",
    run: async (turn) => {
      const record = await load(turn);
      if (approval) requireApprover(turn, record);
      return desk.act(turn, record, command(turn.event.value.step ?? ""));
    },
  });

  return [
    {
      verb: INCIDENT_VERBS.ack,
      access: "incident.acknowledge",
      run: async (turn) => {
        return desk.act(turn, await load(turn), { type: "acknowledge" });
      },
    },
    {
      verb: INCIDENT_VERBS.take,
      access: "in-handler",
      run: async (turn) => {
        const record = await load(turn);
        const role = turn.event.value.role ?? "";
        const businessHours = await requireRoleHolder(deps, turn, record, role);
        return desk.act(turn, record, { type: "take-role", role, businessHours });
      },
    },
    {
      verb: INCIDENT_VERBS.assign,
      access: "in-handler",
      run: async (turn) => {
        // Slack select: the option value is the whole request; Teams: the ChoiceSet input "assignee-<role>".
        const v = turn.event.value.choice ? { ...turn.event.value, ...parseJson(turn.event.value.choice) } : turn.event.value;
        const record = await load(turn, v);
        requireAssigner(turn, record);
        const personId = v.person ?? v[`assignee-${v.role}`];
        if (!personId) throw new DomainError("assignee-needed", "Pick who should hold the role, then press Assign.");
        const people = await deps.people.ofClient(turn.client.id);
        const person = people.find((p) => p.id === personId);
        if (!person) throw new DomainError("unknown-person", "I don't know that person any more; pick someone else.");
        const role = v.role ?? "";
        if (!(await mayBeAssigned(deps, record, role, person.roles, turn.now))) {
          throw new DomainError("assignee-not-allowed", `${person.name} can't hold that role: by Tandem's rules it needs someone with another role.`);
        }
        const businessHours = await deps.businessHours(record.clientId, turn.now);
        return desk.act(turn, record, { type: "assign-role", role, holder: incidentPerson(person), businessHours });
      },
    },
    step(INCIDENT_VERBS.done, (stepId) => ({ type: "step-done", stepId }), false),
    step(INCIDENT_VERBS.approve, (stepId) => ({ type: "approve", stepId }), true),
    step(INCIDENT_VERBS.decline, (stepId) => ({ type: "decline", stepId }), true),
    {
      // Slack's Approve/Decline menu: the chosen option carries the incident, the step and the decision.
      verb: INCIDENT_VERBS.decide,
      access: "in-handler",
      run: async (turn) => {
        const v = { ...turn.event.value, ...parseJson(turn.event.value.choice ?? "") };
        const record = await load(turn, v);
        requireApprover(turn, record);
        return desk.act(turn, record, { type: v.decision === "decline" ? "decline" : "approve", stepId: v.step ?? "" });
      },
    },
    {
      verb: INCIDENT_VERBS.status,
      access: "incident.status",
      run: async (turn) => {
        const status = turn.event.value.status as IncidentStatus;
        if (!STATUS_ORDER.includes(status)) throw new DomainError("unknown-status", "That status button is out of date.");
        return desk.act(turn, await load(turn), { type: "set-status", status });
      },
    },
    // Slack sends a click on a link button too; the browser already opened the page.
    { verb: INCIDENT_VERBS.link, access: "incident.link", run: async () => [] },
    {
      verb: INCIDENT_VERBS.fromTicket,
      access: "incident.start",
      run: async (turn) => {
        const ticket = turn.event.value.ticket ? await deps.tickets.ticket(turn.client.id, { id: turn.event.value.ticket }) : null;
        if (!ticket) throw new DomainError("ticket-not-found", "I can't find that ticket any more.");
        const set = await deps.playbooks.playbooksFor(turn.client.id);
        const playbook =
          (turn.event.value.playbook ? findPlaybook(set, turn.event.value.playbook) : null) ??
          findPlaybook(set, ticket.title) ??
          matchPlaybooks(set, ticket.title)[0]?.playbook ??
          null;
        if (!playbook) {
          throw new DomainError(
            "playbook-needed",
            `I can't tell which playbook fits ${ticket.key} ("${ticket.title}"). ${playbookList(set.playbooks)}\nStart it with: incident sev1 <playbook> ${ticket.key}`,
          );
        }
        return desk.start(turn, { playbook, summary: ticket.title, drill: false, ticket });
      },
    },
  ];
}

function parseJson(raw: string): Record<string, string> {
  try {
    const v = JSON.parse(raw) as unknown;
    return v && typeof v === "object" ? (v as Record<string, string>) : {};
  } catch {
    return {};
  }
}
