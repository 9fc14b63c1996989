// The shape of a running (or finished) incident. Plain JSON-friendly data: instants are ISO strings so the whole
// state can be stored in one JSON column and compared in tests.
import type { Playbook } from "./playbook";

export type IncidentStatus = "investigating" | "contained" | "recovering" | "resolved";
export const STATUS_ORDER: readonly IncidentStatus[] = ["investigating", "contained", "recovering", "resolved"];

/** Someone named on the timeline. `party` is known for people the directory or the matrix places. */
export interface Person {
  id: string;
  name: string;
  party?: "internal" | "msp";
}

/** Whoever sends a command. `admin` is the app-level role (Tandem admins may approve and acknowledge). */
export interface Actor extends Person {
  admin?: boolean;
}

/** Timers and the scheduler act as Tandem itself. */
export const SYSTEM_ACTOR: Actor = { id: "tandem", name: "Tandem" };

export type TimelineEventType =
  | "started"
  | "paged"
  | "re-paged"
  | "acknowledged"
  | "role-assigned"
  | "role-released"
  | "step-done"
  | "step-skipped"
  | "approved"
  | "declined"
  | "status-changed"
  | "note"
  | "deadline-missed"
  | "resolved";

export interface TimelineEvent {
  at: string;
  actor: Person;
  type: TimelineEventType;
  /** Ready to post; starts with "[DRILL]" in drills so no message can be mistaken for a real incident. */
  text: string;
  drill: boolean;
  stepId?: string;
  role?: string;
  contactId?: string;
  status?: IncidentStatus;
}

export type StepState = "open" | "done" | "skipped";

export interface StepProgress {
  state: StepState;
  by?: Person;
  at?: string;
  reason?: string;
}

export interface ApprovalRecord {
  stepId: string;
  decision: "approved" | "declined";
  by: Person;
  at: string;
  note?: string;
}

export interface PageRecord {
  at: string;
  contactId: string;
  callee: string;
  /** 1 for the first page of the incident, then 2, 3... */
  attempt: number;
  reason: string;
  /** False in drills: the adapter must not page anyone outside the channel. */
  sendOutside: boolean;
}

export interface IncidentState {
  id: string;
  /** The playbook as it was at start: editing a playbook file never changes a running incident. */
  playbook: Playbook;
  severity: number;
  summary: string;
  drill: boolean;
  ticketId: string | null;
  /** The client's MSP response time, captured at start. */
  ackMinutes: number;
  startedAt: string;
  startedBy: Person;
  status: IncidentStatus;
  acknowledgedAt: string | null;
  acknowledgedBy: Person | null;
  /** Role id -> holder; every playbook role is present, null while unassigned. */
  roles: Record<string, Person | null>;
  /** Step id -> progress; every playbook step is present. */
  steps: Record<string, StepProgress>;
  approvals: ApprovalRecord[];
  pages: PageRecord[];
  /** Step ids whose missed deadline was already announced (each is called out once). */
  deadlinesCalledOut: string[];
  resolvedAt: string | null;
  resolvedBy: Person | null;
  resolution: string | null;
  timeline: TimelineEvent[];
}

export type IncidentCommand =
  | { type: "acknowledge"; note?: string }
  /** `businessHours`: it is the client's business hours now (some roles are open to internal IT then). */
  | { type: "assign-role"; role: string; holder: Person; businessHours?: boolean }
  | { type: "take-role"; role: string; businessHours?: boolean }
  | { type: "release-role"; role: string }
  | { type: "step-done"; stepId: string; note?: string }
  | { type: "step-skipped"; stepId: string; reason?: string }
  | { type: "approve"; stepId: string; note?: string }
  | { type: "decline"; stepId: string; note?: string }
  | { type: "set-status"; status: IncidentStatus; note?: string }
  | { type: "note"; text: string }
  /** Page a contact of the tree; without contactId, the next one on the escalation path. */
  | { type: "page"; contactId?: string; reason?: string }
  | { type: "deadline-missed"; stepId: string }
  | { type: "resolve"; resolution?: string };

export interface Transition {
  state: IncidentState;
  /** What this command added to the timeline, in order (also appended to state.timeline). */
  events: TimelineEvent[];
}

export const DEFAULT_ACK_MINUTES = 15;

/** The latest approval decision for a step, or null when nobody has decided yet. */
export function latestApproval(state: IncidentState, stepId: string): ApprovalRecord | null {
  for (let i = state.approvals.length - 1; i >= 0; i--) {
    if (state.approvals[i].stepId === stepId) return state.approvals[i];
  }
  return null;
}

export function minutesBetween(fromIso: string, to: Date | string): number {
  const end = typeof to === "string" ? Date.parse(to) : to.getTime();
  return Math.floor((end - Date.parse(fromIso)) / 60_000);
}

export function addMinutes(iso: string, minutes: number): Date {
  return new Date(Date.parse(iso) + minutes * 60_000);
}
