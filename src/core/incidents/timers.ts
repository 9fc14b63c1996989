// Incident clocks, as pure questions over a state and an instant: is the MSP late, which step deadlines just
// passed, and when should a durable job wake up next.
import { formatMinutes } from "../duration";
import type { PlaybookContact, PlaybookStep } from "./playbook";
import { addMinutes, minutesBetween, type IncidentCommand, type IncidentState } from "./incident-model";

export interface AckTimer {
  acknowledged: boolean;
  /** start + the client's response time: the MSP's promise. */
  dueAt: Date;
  overdue: boolean;
  /** Minutes left until due (>= 0) while running; minutes past due when overdue; time taken once acknowledged. */
  minutes: number;
}

export function ackTimer(state: IncidentState, now: Date): AckTimer {
  const dueAt = addMinutes(state.startedAt, state.ackMinutes);
  if (state.acknowledgedAt) {
    return { acknowledged: true, dueAt, overdue: false, minutes: minutesBetween(state.startedAt, state.acknowledgedAt) };
  }
  const overdue = now.getTime() >= dueAt.getTime() && state.status !== "resolved";
  const minutes = overdue ? minutesBetween(dueAt.toISOString(), now) : Math.ceil((dueAt.getTime() - now.getTime()) / 60_000);
  return { acknowledged: false, dueAt, overdue, minutes };
}

/** The MSP has not acknowledged within the client's response time (default 15 minutes) of the start. */
export function isAckOverdue(state: IncidentState, now: Date): boolean {
  return ackTimer(state, now).overdue;
}

/**
 * Who to page next: the contact after the last one paged on the escalation path; the most senior stays paged once
 * the path is exhausted. Null when the playbook names no escalation path.
 */
export function repageTarget(state: IncidentState): PlaybookContact | null {
  const path = state.playbook.escalation;
  if (path.length === 0) return null;
  let index = -1;
  for (const page of state.pages) {
    const i = path.indexOf(page.contactId);
    if (i >= 0) index = i;
  }
  const id = path[Math.min(index + 1, path.length - 1)];
  return state.playbook.contactTree.find((c) => c.id === id) ?? null;
}

/** When the next re-page is due: one response time after the last page (or the start), while unacknowledged. */
export function repageDueAt(state: IncidentState): Date | null {
  if (state.acknowledgedAt || state.status === "resolved" || state.playbook.escalation.length === 0) return null;
  // Manual pages to others (the insurer, a vendor) do not reset the MSP's clock.
  const onPath = state.pages.filter((p) => state.playbook.escalation.includes(p.contactId));
  const last = onPath.length > 0 ? onPath[onPath.length - 1].at : state.startedAt;
  return addMinutes(last, state.ackMinutes);
}

/** Open steps whose deadline has passed and which were not called out yet (each is called out once). */
export function missedDeadlines(state: IncidentState, now: Date): PlaybookStep[] {
  if (state.status === "resolved") return [];
  return pendingDeadlines(state).filter((s) => stepDueAt(state, s).getTime() <= now.getTime());
}

export function stepDueAt(state: IncidentState, step: PlaybookStep): Date {
  return addMinutes(state.startedAt, step.deadlineMinutes ?? 0);
}

/** Whether a step's deadline has passed while it is still open (for the card's overdue marker). */
export function isStepOverdue(state: IncidentState, step: PlaybookStep, now: Date): boolean {
  return (
    step.deadlineMinutes !== undefined &&
    state.steps[step.id]?.state === "open" &&
    stepDueAt(state, step).getTime() <= now.getTime()
  );
}

/** The next instant anything is due (re-page or step deadline), for scheduling one durable job; null when idle. */
export function nextDueAt(state: IncidentState): Date | null {
  if (state.status === "resolved") return null;
  const instants = pendingDeadlines(state).map((s) => stepDueAt(state, s).getTime());
  const repage = repageDueAt(state);
  if (repage) instants.push(repage.getTime());
  return instants.length === 0 ? null : new Date(Math.min(...instants));
}

/**
 * The commands the scheduler should apply (as SYSTEM_ACTOR) at `now`: a re-page if the MSP is late, and one
 * deadline call-out per newly missed step. Applying them makes them no longer due, so a job run twice is harmless.
 * `late` words a re-page fired well after its moment (after downtime): one page, saying when it was due; the next
 * is due a full response time after it, so downtime never turns into a burst of pages.
 */
export function dueCommands(state: IncidentState, now: Date, late: (due: Date) => string = () => ""): IncidentCommand[] {
  const commands: IncidentCommand[] = [];
  const repage = repageDueAt(state);
  const target = repageTarget(state);
  if (repage && target && repage.getTime() <= now.getTime()) {
    commands.push({
      type: "page",
      contactId: target.id,
      reason: `MSP has not acknowledged within ${formatMinutes(state.ackMinutes)}${late(repage)}`,
    });
  }
  for (const step of missedDeadlines(state, now)) commands.push({ type: "deadline-missed", stepId: step.id });
  return commands;
}

function pendingDeadlines(state: IncidentState): PlaybookStep[] {
  return state.playbook.steps.filter(
    (s) => s.deadlineMinutes !== undefined && state.steps[s.id]?.state === "open" && !state.deadlinesCalledOut.includes(s.id),
  );
}
