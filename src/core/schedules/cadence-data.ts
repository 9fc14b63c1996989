// The plain data the cadence builders read. The runner fills it from the repositories; tests seed it by hand.
import type { BusinessHours, OwnerSide, Party } from "../matrix/model";

export type Side = Party;
export type { Severity } from "../severity";
import type { Severity } from "../severity";

/** A move of the ticket into one side's court. The first entry is the court it was opened into. */
export interface CourtChange {
  at: Date;
  to: Side;
}

export interface CadenceTicket {
  id: string;
  key: string; // human key, e.g. "MR-142"
  title: string;
  categoryId: string | null; // null: the matrix named nothing for it
  severity: Severity;
  openedBy: Side;
  createdAt: Date;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  /** Side that resolved it; when absent, the court it was in at resolution. */
  resolvedBy?: Side | null;
  courtHistory: CourtChange[];
}

export interface CadenceEscalation {
  id: string;
  ticketKey: string | null;
  categoryId: string | null;
  raisedAt: Date;
  raisedBy: Side;
  to: Side;
  acknowledgedAt: Date | null;
}

export interface CadenceIncident {
  id: string;
  title: string;
  severity: Severity;
  startedAt: Date;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  /** A rehearsal (tabletop or live drill), not a real outage. */
  drill: boolean;
}

/** Purchases add hours to the block, usage consumes them. */
export interface BlockHourEntry {
  at: Date;
  kind: "purchase" | "usage";
  hours: number; // positive
  ticketKey?: string | null;
  note?: string;
}

/** What the QBR needs of the matrix; a parsed `Matrix` satisfies it. */
export interface MatrixSummary {
  version: number;
  effective: string; // ISO date the signed version took effect
  signedBy: string[];
  lastReview?: string; // ISO date
  categories: { id: string; name: string; owner: OwnerSide }[];
}

export interface SlaTargets {
  firstResponseMinutes: Partial<Record<Severity, number>>;
  resolutionMinutes: Partial<Record<Severity, number>>;
  /** Severities whose targets count business minutes of these hours (as the ticket clocks do); absent: wall clock. */
  business?: { hours: BusinessHours; severities: Severity[] };
}

export interface ActionItem {
  id: string;
  text: string;
  owner: string | null;
  due: string | null; // ISO date
  createdAt: Date;
  doneAt: Date | null;
}

export interface CadenceSnapshot {
  tickets: CadenceTicket[];
  escalations: CadenceEscalation[];
  incidents: CadenceIncident[];
  blockHours: BlockHourEntry[];
  matrix: MatrixSummary;
  sla: SlaTargets;
  actionItems: ActionItem[];
}

/** Half-open window [from, to). */
export interface Period {
  from: Date;
  to: Date;
}

export function inPeriod(at: Date | null | undefined, p: Period): boolean {
  return !!at && at >= p.from && at < p.to;
}
