// The severity-1 incident lifecycle: start, then apply(state, command, actor, at) -> { state, events }.
// Pure and immutable: the input state is never changed; refusals throw DomainError with a code and a user message.
import { DomainError } from "../errors";
import { CLIENT_APPROVER, findContact, findRole, findStep, type Playbook, type PlaybookStep } from "./playbook";
import { formatMinutes } from "../duration";
import {
  DEFAULT_ACK_MINUTES,
  STATUS_ORDER,
  latestApproval,
  minutesBetween,
  type Actor,
  type IncidentCommand,
  type IncidentState,
  type IncidentStatus,
  type Person,
  type TimelineEvent,
  type Transition,
} from "./incident-model";
import { repageTarget, stepDueAt } from "./timers";

export interface StartIncident {
  id: string;
  playbook: Playbook;
  summary: string;
  /** Defaults to the playbook's severity. */
  severity?: number;
  drill?: boolean;
  ticketId?: string | null;
  /** The client's MSP response time in minutes (default 15). */
  ackMinutes?: number;
}

type EventSpec = Omit<TimelineEvent, "at" | "actor" | "drill">;

export function startIncident(input: StartIncident, actor: Actor, at: Date): Transition {
  const summary = input.summary.trim();
  if (!summary) throw new DomainError("summary-required", "Say in a few words what is happening to start an incident.");
  const severity = input.severity ?? input.playbook.severity;
  if (!Number.isInteger(severity) || severity < 1 || severity > 4) {
    throw new DomainError("invalid-severity", `Severity must be 1 to 4, not ${severity}.`);
  }
  const ackMinutes = input.ackMinutes ?? DEFAULT_ACK_MINUTES;
  if (!Number.isInteger(ackMinutes) || ackMinutes <= 0) {
    throw new DomainError("invalid-ack-minutes", `The MSP response time must be a whole number of minutes above 0, not ${ackMinutes}.`);
  }
  const { playbook } = input;
  const blank: IncidentState = {
    id: input.id,
    playbook,
    severity,
    summary,
    drill: input.drill === true,
    ticketId: input.ticketId ?? null,
    ackMinutes,
    startedAt: at.toISOString(),
    startedBy: person(actor),
    status: "investigating",
    acknowledgedAt: null,
    acknowledgedBy: null,
    roles: Object.fromEntries(playbook.roles.map((r) => [r.id, null])),
    steps: Object.fromEntries(playbook.steps.map((s) => [s.id, { state: "open" as const }])),
    approvals: [],
    pages: [],
    deadlinesCalledOut: [],
    resolvedAt: null,
    resolvedBy: null,
    resolution: null,
    timeline: [],
  };
  const ticket = blank.ticketId ? ` (ticket ${blank.ticketId})` : "";
  const started = commit(blank, actor, at, {}, {
    type: "started",
    text: `${actor.name} started a sev ${severity} incident with the "${playbook.name}" playbook${ticket}: ${summary}`,
  });
  // The first page goes out with the start, so the response clock and the escalation path begin together.
  if (playbook.escalation.length === 0) return started;
  const paged = page(started.state, actor, at, undefined, "incident started");
  return { state: paged.state, events: [...started.events, ...paged.events] };
}

export function apply(state: IncidentState, command: IncidentCommand, actor: Actor, at: Date): Transition {
  if (state.status === "resolved") {
    throw new DomainError("incident-resolved", "This incident is resolved; start a new one if the problem is back.");
  }
  switch (command.type) {
    case "acknowledge":
      return acknowledge(state, actor, at, command.note);
    case "assign-role":
      return assignRole(state, actor, at, command.role, command.holder, command.businessHours === true);
    case "take-role":
      return assignRole(state, actor, at, command.role, person(actor), command.businessHours === true);
    case "release-role":
      return releaseRole(state, actor, at, command.role);
    case "step-done":
    case "step-skipped":
      return closeStep(state, actor, at, command);
    case "approve":
    case "decline":
      return decide(state, actor, at, command.stepId, command.type === "approve" ? "approved" : "declined", command.note);
    case "set-status":
      return command.status === "resolved"
        ? resolve(state, actor, at, command.note)
        : setStatus(state, actor, at, command.status, command.note);
    case "note": {
      const text = command.text.trim();
      if (!text) throw new DomainError("note-empty", "An update needs some text.");
      return commit(state, actor, at, {}, { type: "note", text: `${actor.name}: ${text}` });
    }
    case "page":
      return page(state, actor, at, command.contactId, command.reason ?? `paged by ${actor.name}`);
    case "deadline-missed":
      return deadlineMissed(state, actor, at, command.stepId);
    case "resolve":
      return resolve(state, actor, at, command.resolution);
  }
}

function acknowledge(state: IncidentState, actor: Actor, at: Date, note?: string): Transition {
  if (state.acknowledgedAt) {
    throw new DomainError("already-acknowledged", `${state.acknowledgedBy?.name ?? "The MSP"} already acknowledged this incident.`);
  }
  if (actor.party !== "msp" && !actor.admin) {
    throw new DomainError("ack-msp-only", "Only the MSP acknowledges the page; internal IT can post updates or take a role.");
  }
  const took = minutesBetween(state.startedAt, at);
  const late = took > state.ackMinutes ? `, past the ${formatMinutes(state.ackMinutes)} response time` : "";
  return commit(state, actor, at, { acknowledgedAt: at.toISOString(), acknowledgedBy: person(actor) }, {
    type: "acknowledged",
    text: `${actor.name} acknowledged for the MSP after ${formatMinutes(took)}${late}${suffix(note)}`,
  });
}

function knownRole(state: IncidentState, roleId: string) {
  const role = findRole(state.playbook, roleId);
  if (!role) {
    throw new DomainError("unknown-role", `This playbook has no role '${roleId}'; roles: ${state.playbook.roles.map((r) => r.id).join(", ")}.`);
  }
  return role;
}

function assignRole(state: IncidentState, actor: Actor, at: Date, roleId: string, holder: Person, businessHours: boolean): Transition {
  const role = knownRole(state, roleId);
  const insideHours = businessHours && role.internalInBusinessHours === true && holder.party === "internal";
  if (role.party !== "joint" && holder.party && holder.party !== role.party && !insideHours) {
    throw new DomainError("role-party-mismatch", `${role.name} is an ${partyName(role.party)} role and ${holder.name} is with ${partyName(holder.party)}.`);
  }
  const current = state.roles[roleId];
  if (current?.id === holder.id) throw new DomainError("role-already-held", `${holder.name} already holds ${role.name}.`);
  const self = holder.id === actor.id;
  // Taking a role someone holds would silently unseat them; handing it over must be an explicit assignment.
  if (self && current) {
    throw new DomainError("role-taken", `${current.name} holds ${role.name}; ask them or an incident lead to assign it to you.`);
  }
  const was = current ? ` (was ${current.name})` : "";
  const text = self ? `${actor.name} took the ${role.name} role` : `${actor.name} assigned ${role.name} to ${holder.name}${was}`;
  return commit(state, actor, at, { roles: { ...state.roles, [roleId]: { ...holder } } }, { type: "role-assigned", role: roleId, text });
}

function releaseRole(state: IncidentState, actor: Actor, at: Date, roleId: string): Transition {
  const role = knownRole(state, roleId);
  const current = state.roles[roleId];
  if (!current) throw new DomainError("role-not-held", `Nobody holds ${role.name}.`);
  const text = current.id === actor.id ? `${actor.name} released the ${role.name} role` : `${actor.name} took ${role.name} from ${current.name}`;
  return commit(state, actor, at, { roles: { ...state.roles, [roleId]: null } }, { type: "role-released", role: roleId, text });
}

function closeStep(
  state: IncidentState,
  actor: Actor,
  at: Date,
  command: Extract<IncidentCommand, { type: "step-done" | "step-skipped" }>,
): Transition {
  const step = openStep(state, command.stepId);
  const done = command.type === "step-done";
  if (done && step.needsApproval) {
    const decision = latestApproval(state, step.id);
    if (!decision) {
      throw new DomainError("approval-needed", `"${step.text}" needs the client approver's approval before it is done.`);
    }
    if (decision.decision === "declined") {
      throw new DomainError("approval-declined", `${decision.by.name} declined "${step.text}"; skip it, or ask for approval again.`);
    }
  }
  const detail = done ? command.note : command.reason;
  const progress = { state: done ? ("done" as const) : ("skipped" as const), by: person(actor), at: at.toISOString(), ...(detail ? { reason: detail.trim() } : {}) };
  const text = done ? `${actor.name} marked done: ${step.text}${suffix(detail)}` : `${actor.name} skipped: ${step.text}${detail ? ` (reason: ${detail.trim()})` : ""}`;
  return commit(state, actor, at, { steps: { ...state.steps, [step.id]: progress } }, { type: done ? "step-done" : "step-skipped", stepId: step.id, text });
}

function decide(state: IncidentState, actor: Actor, at: Date, stepId: string, decision: "approved" | "declined", note?: string): Transition {
  const step = openStep(state, stepId);
  if (!step.needsApproval) throw new DomainError("not-an-approval-step", `"${step.text}" does not need approval; mark it done when it is.`);
  const holder = state.roles[CLIENT_APPROVER];
  if (holder?.id !== actor.id && !actor.admin) {
    const who = holder ? holder.name : "nobody yet: assign the Client approver role";
    throw new DomainError("approver-only", `Only the client approver (${who}) or a Tandem admin can approve or decline.`);
  }
  const previous = latestApproval(state, stepId);
  if (previous?.decision === decision) {
    throw new DomainError("already-decided", `"${step.text}" is already ${decision} by ${previous.by.name}.`);
  }
  const record = { stepId, decision, by: person(actor), at: at.toISOString(), ...(note?.trim() ? { note: note.trim() } : {}) };
  return commit(state, actor, at, { approvals: [...state.approvals, record] }, {
    type: decision,
    stepId,
    text: `${actor.name} ${decision}: ${step.text}${suffix(note)}`,
  });
}

function setStatus(state: IncidentState, actor: Actor, at: Date, status: IncidentStatus, note?: string): Transition {
  if (!STATUS_ORDER.includes(status)) throw new DomainError("unknown-status", `Status must be one of: ${STATUS_ORDER.join(", ")}.`);
  if (status === state.status) throw new DomainError("status-unchanged", `The incident is already ${status}.`);
  // Going back (say, re-infection after containment) is legitimate but must say why, for the review.
  const backwards = STATUS_ORDER.indexOf(status) < STATUS_ORDER.indexOf(state.status);
  if (backwards && !note?.trim()) {
    throw new DomainError("reason-needed", `Moving back from ${state.status} to ${status} needs a reason.`);
  }
  return commit(state, actor, at, { status }, {
    type: "status-changed",
    status,
    text: `${actor.name} changed the status from ${state.status} to ${status}${suffix(note)}`,
  });
}

function resolve(state: IncidentState, actor: Actor, at: Date, resolution?: string): Transition {
  const text = resolution?.trim() ?? "";
  // Resolving straight from investigating means nothing was contained or recovered: say why (false alarm?).
  if (state.status === "investigating" && !text) {
    throw new DomainError("reason-needed", "Resolving while still investigating needs a short resolution (for example: false alarm).");
  }
  const took = formatMinutes(minutesBetween(state.startedAt, at));
  return commit(
    state,
    actor,
    at,
    { status: "resolved", resolvedAt: at.toISOString(), resolvedBy: person(actor), resolution: text || null },
    { type: "resolved", status: "resolved", text: `${actor.name} resolved the incident after ${took}${suffix(text)}` },
  );
}

function page(state: IncidentState, actor: Actor, at: Date, contactId: string | undefined, reason: string): Transition {
  const contact = contactId ? findContact(state.playbook, contactId) : repageTarget(state);
  if (!contact) {
    throw contactId
      ? new DomainError("unknown-contact", `The contact tree has no '${contactId}'.`)
      : new DomainError("no-escalation-path", "This playbook names no escalation path to page.");
  }
  const attempt = state.pages.length + 1;
  const record = { at: at.toISOString(), contactId: contact.id, callee: contact.callee, attempt, reason, sendOutside: !state.drill };
  const verb = state.drill ? "Would page" : "Paged";
  const drillNote = state.drill ? "; not sent outside this channel in a drill" : "";
  return commit(state, actor, at, { pages: [...state.pages, record] }, {
    type: attempt === 1 ? "paged" : "re-paged",
    contactId: contact.id,
    text: `${verb} ${contact.callee} (page ${attempt}): ${reason}${drillNote}`,
  });
}

function deadlineMissed(state: IncidentState, actor: Actor, at: Date, stepId: string): Transition {
  const step = openStep(state, stepId);
  if (step.deadlineMinutes === undefined) throw new DomainError("no-deadline", `"${step.text}" has no deadline.`);
  if (state.deadlinesCalledOut.includes(stepId)) {
    throw new DomainError("deadline-already-called-out", `The missed deadline of "${step.text}" was already called out.`);
  }
  if (stepDueAt(state, step).getTime() > at.getTime()) {
    throw new DomainError("deadline-not-passed", `"${step.text}" is not due until ${stepDueAt(state, step).toISOString()}.`);
  }
  const owner = step.role ? state.roles[step.role] : null;
  const who = owner ? owner.name : partyName(step.party);
  return commit(state, actor, at, { deadlinesCalledOut: [...state.deadlinesCalledOut, stepId] }, {
    type: "deadline-missed",
    stepId,
    text: `Overdue (due ${formatMinutes(step.deadlineMinutes)} after start, owner ${who}): ${step.text}`,
  });
}

function openStep(state: IncidentState, stepId: string): PlaybookStep {
  const step = findStep(state.playbook, stepId);
  if (!step) throw new DomainError("unknown-step", `This playbook has no step '${stepId}'.`);
  const progress = state.steps[stepId];
  if (progress.state !== "open") {
    throw new DomainError("step-closed", `"${step.text}" was already ${progress.state === "done" ? "done" : "skipped"} by ${progress.by?.name ?? "someone"}.`);
  }
  return step;
}

function commit(state: IncidentState, actor: Actor, at: Date, changes: Partial<IncidentState>, spec: EventSpec): Transition {
  const event: TimelineEvent = {
    ...spec,
    at: at.toISOString(),
    actor: person(actor),
    drill: state.drill,
    text: state.drill ? `[DRILL] ${spec.text}` : spec.text,
  };
  return { state: { ...state, ...changes, timeline: [...state.timeline, event] }, events: [event] };
}

function person(actor: Person & { admin?: boolean }): Person {
  return actor.party ? { id: actor.id, name: actor.name, party: actor.party } : { id: actor.id, name: actor.name };
}

function partyName(party: string): string {
  if (party === "msp") return "MSP";
  if (party === "internal") return "internal IT";
  return party === "joint" ? "internal IT and MSP" : party;
}

function suffix(note?: string | null): string {
  return note?.trim() ? `: ${note.trim()}` : "";
}
