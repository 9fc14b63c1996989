// The incident card's buttons (Teams Action.Execute verbs / Slack action ids) and "Start incident" on a sev-1 ticket.
import type { ActionSpec, Turn } from "../conversation/feature";
import type { ActionEvent } from "../conversation/events";
import { DomainError } from "../errors";
import { playbookList } from "./command-args";
import type { IncidentFeatureDeps } from "./feature";
import type { IncidentDesk } from "./incident-desk";
import { STATUS_ORDER, type IncidentCommand, type IncidentStatus } from "./incident-model";
import { INCIDENT_VERBS } from "./live-card";
import { incidentPerson, requireResponder } from "./participants";
import { findPlaybook, matchPlaybooks } from "./playbook-set";
import type { IncidentRecord } from "./ports";

export function incidentActions(deps: IncidentFeatureDeps, desk: IncidentDesk): ActionSpec[] {
  const load = async (turn: Turn<ActionEvent>, value = turn.event.value): Promise<IncidentRecord> => {
    const record = value.incident ? await deps.incidents.get(value.incident) : null;
    if (!record || record.clientId !== turn.client.id) throw new DomainError("incident-not-found", "I can't find that incident any more.");
    return record;
  };
  const step = (verb: string, command: (stepId: string) => IncidentCommand, responderOnly: boolean): ActionSpec => ({
    verb,
    run: async (turn) => {
      if (responderOnly) requireResponder(turn);
      const record = await load(turn);
      return desk.act(turn, record, command(turn.event.value.step ?? ""));
    },
  });

  return [
    {
      verb: INCIDENT_VERBS.ack,
      run: async (turn) => {
        requireResponder(turn);
        return desk.act(turn, await load(turn), { type: "acknowledge" });
      },
    },
    {
      verb: INCIDENT_VERBS.take,
      run: async (turn) => desk.act(turn, await load(turn), { type: "take-role", role: turn.event.value.role ?? "" }),
    },
    {
      verb: INCIDENT_VERBS.assign,
      run: async (turn) => {
        requireResponder(turn);
        // Slack select: the option value is the whole request; Teams: the ChoiceSet input "assignee-<role>".
        const v = turn.event.value.choice ? { ...turn.event.value, ...parseJson(turn.event.value.choice) } : turn.event.value;
        const record = await load(turn, v);
        const personId = v.person ?? v[`assignee-${v.role}`];
        if (!personId) throw new DomainError("assignee-needed", "Pick who should hold the role, then press Assign.");
        const people = await deps.people.ofClient(turn.client.id);
        const person = people.find((p) => p.id === personId);
        if (!person) throw new DomainError("unknown-person", "I don't know that person any more; pick someone else.");
        return desk.act(turn, record, { type: "assign-role", role: v.role ?? "", holder: incidentPerson(person) });
      },
    },
    step(INCIDENT_VERBS.done, (stepId) => ({ type: "step-done", stepId }), true),
    step(INCIDENT_VERBS.approve, (stepId) => ({ type: "approve", stepId }), false),
    step(INCIDENT_VERBS.decline, (stepId) => ({ type: "decline", stepId }), false),
    {
      // Slack's Approve/Decline menu: the chosen option carries the incident, the step and the decision.
      verb: INCIDENT_VERBS.decide,
      run: async (turn) => {
        const v = { ...turn.event.value, ...parseJson(turn.event.value.choice ?? "") };
        const record = await load(turn, v);
        return desk.act(turn, record, { type: v.decision === "decline" ? "decline" : "approve", stepId: v.step ?? "" });
      },
    },
    {
      verb: INCIDENT_VERBS.status,
      run: async (turn) => {
        requireResponder(turn);
        const status = turn.event.value.status as IncidentStatus;
        if (!STATUS_ORDER.includes(status)) throw new DomainError("unknown-status", "That status button is out of date.");
        return desk.act(turn, await load(turn), { type: "set-status", status });
      },
    },
    // Slack sends a click on a link button too; the browser already opened the page.
    { verb: INCIDENT_VERBS.link, run: async () => [] },
    {
      verb: INCIDENT_VERBS.fromTicket,
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
