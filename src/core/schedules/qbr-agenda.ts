import { formatDay } from "../time/when";
import { DateTime } from "luxon";
import type { ActionItem, CadenceSnapshot, Period } from "./cadence-data";
import { inPeriod } from "./cadence-data";
import { blockHourMovement } from "./block-hour-ledger";
import { type CategoryContradiction, type ContradictionOptions, contradictingCategories } from "./contradictions";
import { type IncidentRow, type OperationsMetrics, operationsMetrics } from "./operations-metrics";

export interface MatrixReviewItem {
  kind: "matrix-review";
  version: number;
  signedDate: string; // the version's effective date
  signedBy: string[];
  ageDays: number; // since signedDate
  lastReview: string | null;
  contradictions: CategoryContradiction[];
  /** Tickets in the quarter the matrix named nothing for: "a conversation, not an assumption". */
  uncategorisedTickets: number;
}

export interface MetricsItem {
  kind: "metrics";
  metrics: OperationsMetrics;
}

export interface IncidentsAndDrillsItem {
  kind: "incidents-and-drills";
  incidents: IncidentRow[];
  drills: IncidentRow[];
  lastTabletop: Date | null;
  /** Set when no drill happened within `tabletopWarnDays` of now. */
  warning: string | null;
}

export interface BlockHourTrendItem {
  kind: "block-hours";
  months: { month: string; purchased: number; used: number; leftAtEnd: number }[];
}

export interface ActionItemsItem {
  kind: "action-items";
  open: ActionItem[];
}

export type QbrAgendaItem = MatrixReviewItem | MetricsItem | IncidentsAndDrillsItem | BlockHourTrendItem | ActionItemsItem;

export interface QbrAgenda {
  qbrDate: string;
  quarter: string; // "2026-Q4", the quarter under review
  period: Period;
  /** The matrix review is always first: the tuple type makes that a compile-time fact. */
  items: [MatrixReviewItem, ...Exclude<QbrAgendaItem, MatrixReviewItem>[]];
}

/** The calendar quarter before the one holding the QBR date: the quarter a QBR looks back on. */
export function quarterUnderReview(qbrDate: string, timezone: string): { quarter: string; period: Period } {
  const day = DateTime.fromISO(qbrDate, { zone: timezone });
  if (!day.isValid) throw new Error(`Invalid QBR date "${qbrDate}"`);
  const start = day.startOf("quarter").minus({ months: 3 });
  return { quarter: `${start.year}-Q${start.quarter}`, period: { from: start.toJSDate(), to: start.plus({ months: 3 }).toJSDate() } };
}

export interface QbrAgendaInput {
  snapshot: CadenceSnapshot;
  qbrDate: string;
  timezone: string;
  now: Date;
  tabletopWarnDays?: number;
  contradictions?: ContradictionOptions;
}

const DAY_MS = 86_400_000;

export function buildQbrAgenda(input: QbrAgendaInput): QbrAgenda {
  const { snapshot: s, timezone, now } = input;
  const { quarter, period } = quarterUnderReview(input.qbrDate, timezone);
  const warnDays = input.tabletopWarnDays ?? 90;
  const signed = DateTime.fromISO(s.matrix.effective, { zone: timezone });
  const metrics = operationsMetrics(s, period, now);

  const review: MatrixReviewItem = {
    kind: "matrix-review",
    version: s.matrix.version,
    signedDate: s.matrix.effective,
    signedBy: [...s.matrix.signedBy],
    ageDays: Math.max(0, Math.floor(DateTime.fromJSDate(now, { zone: timezone }).startOf("day").diff(signed.startOf("day"), "days").days)),
    lastReview: s.matrix.lastReview ?? null,
    contradictions: contradictingCategories(s.tickets, s.matrix, period, input.contradictions),
    uncategorisedTickets: s.tickets.filter((t) => t.categoryId === null && inPeriod(t.createdAt, period)).length,
  };

  const drillsEver = s.incidents.filter((i) => i.drill && i.startedAt <= now).sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
  const lastTabletop = drillsEver[0]?.startedAt ?? null;
  const stale = !lastTabletop || now.getTime() - lastTabletop.getTime() > warnDays * DAY_MS;
  const warning = !stale ? null
    : lastTabletop ? `No tabletop drill in ${warnDays} days (last one ${formatDay(lastTabletop, timezone)}).`
    : "No tabletop drill on record.";

  const months: BlockHourTrendItem["months"] = [];
  for (let m = DateTime.fromJSDate(period.from, { zone: timezone }); m.toJSDate() < period.to; m = m.plus({ months: 1 })) {
    const movement = blockHourMovement(s.blockHours, { from: m.toJSDate(), to: m.plus({ months: 1 }).toJSDate() });
    months.push({ month: m.toFormat("yyyy-MM"), ...movement });
  }

  const open = s.actionItems
    .filter((a) => !a.doneAt || a.doneAt > now)
    .sort((a, b) => (a.due ?? "9999").localeCompare(b.due ?? "9999") || a.createdAt.getTime() - b.createdAt.getTime());

  return {
    qbrDate: input.qbrDate,
    quarter,
    period,
    items: [
      review,
      { kind: "metrics", metrics },
      { kind: "incidents-and-drills", incidents: metrics.incidents, drills: metrics.drills, lastTabletop, warning },
      { kind: "block-hours", months: s.blockHours.length ? months : [] },
      { kind: "action-items", open },
    ],
  };
}
