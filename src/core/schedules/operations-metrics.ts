// Ticket, escalation, incident and block-hour figures over a period: the body of the monthly report and the QBR.
import type { CadenceIncident, CadenceSnapshot, CadenceTicket, Period, Severity, Side } from "./cadence-data";
import { inPeriod } from "./cadence-data";
import { type BlockHourMovement, blockHourMovement } from "./block-hour-ledger";
import { type CategoryFlow, categoryFlows } from "./contradictions";
import { type DurationStats, durationStats, minutesBetween } from "./statistics";
import { firstResponseMinutes, resolutionMinutes, resolvedSide, slaMinutesBetween } from "./ticket-flow";

export interface CategoryCountRow {
  categoryId: string | null; // null: tickets the matrix named nothing for
  categoryName: string;
  opened: number;
  openedByInternal: number;
  openedByMsp: number;
  resolved: number;
  resolvedByInternal: number;
  resolvedByMsp: number;
}

export interface SlaStatsRow extends DurationStats {
  severity: Severity | "all";
  /** Tickets of the row: measured (`count`) and not yet answered/resolved. */
  tickets: number;
  targetMinutes: number | null;
  /** Measured tickets over target, plus tickets still waiting past target at period end. */
  breached: number;
  withinTarget: number;
}

export interface IncidentRow {
  id: string;
  title: string;
  severity: Severity;
  startedAt: Date;
  ackMinutes: number | null;
  durationMinutes: number | null; // null: still open
}

export interface OperationsMetrics {
  period: Period;
  byCategory: CategoryCountRow[];
  firstResponse: SlaStatsRow[]; // "all" first, then by severity
  resolution: SlaStatsRow[];
  escalations: { raised: number; acknowledged: number; unacknowledged: number; ackMinutes: DurationStats };
  incidents: IncidentRow[];
  drills: IncidentRow[];
  blockHours: BlockHourMovement | null;
  /** Categories whose tickets changed sides most, most first (only those that changed at all). */
  mostReHanded: CategoryFlow[];
}

const SEVERITIES: Severity[] = [1, 2, 3, 4];

function slaRows(
  population: CadenceTicket[], measure: (t: CadenceTicket) => number | null, targets: Partial<Record<Severity, number>>,
  ageAtEnd: (t: CadenceTicket) => number,
): SlaStatsRow[] {
  const row = (severity: Severity | "all", tickets: CadenceTicket[]): SlaStatsRow => {
    const target = severity === "all" ? null : (targets[severity] ?? null);
    const measured = tickets.map((t) => ({ t, m: measure(t) }));
    const values = measured.filter((x) => x.m !== null).map((x) => x.m!);
    const over = (t: CadenceTicket, minutes: number) => {
      const tgt = targets[t.severity];
      return tgt !== undefined && minutes > tgt;
    };
    const breached = measured.filter((x) => (x.m !== null ? over(x.t, x.m) : over(x.t, ageAtEnd(x.t)))).length;
    const withTarget = measured.filter((x) => x.m !== null && targets[x.t.severity] !== undefined).length;
    const measuredBreaches = measured.filter((x) => x.m !== null && over(x.t, x.m)).length;
    return { severity, tickets: tickets.length, targetMinutes: target, ...durationStats(values), breached, withinTarget: withTarget - measuredBreaches };
  };
  return [row("all", population), ...SEVERITIES.map((s) => row(s, population.filter((t) => t.severity === s))).filter((r) => r.tickets > 0)];
}

function incidentRow(i: CadenceIncident, now: Date): IncidentRow {
  const done = (d: Date | null) => (d && d <= now ? Math.round(minutesBetween(i.startedAt, d)) : null);
  return { id: i.id, title: i.title, severity: i.severity, startedAt: i.startedAt, ackMinutes: done(i.acknowledgedAt), durationMinutes: done(i.resolvedAt) };
}

export function operationsMetrics(s: CadenceSnapshot, period: Period, now: Date): OperationsMetrics {
  const end = now < period.to ? now : period.to;
  const names = new Map(s.matrix.categories.map((c) => [c.id, c.name]));
  const rows = new Map<string | null, CategoryCountRow>();
  const rowFor = (id: string | null) => {
    let r = rows.get(id);
    if (!r) {
      r = { categoryId: id, categoryName: id === null ? "(not in the matrix)" : (names.get(id) ?? id),
        opened: 0, openedByInternal: 0, openedByMsp: 0, resolved: 0, resolvedByInternal: 0, resolvedByMsp: 0 };
      rows.set(id, r);
    }
    return r;
  };
  for (const t of s.tickets) {
    if (inPeriod(t.createdAt, period)) {
      const r = rowFor(t.categoryId);
      r.opened++;
      if (t.openedBy === "internal") r.openedByInternal++;
      else r.openedByMsp++;
    }
    if (inPeriod(t.resolvedAt, period)) {
      const r = rowFor(t.categoryId);
      const side: Side | null = resolvedSide(t);
      r.resolved++;
      if (side === "internal") r.resolvedByInternal++;
      else r.resolvedByMsp++;
    }
  }
  const created = s.tickets.filter((t) => inPeriod(t.createdAt, period));
  const resolved = s.tickets.filter((t) => inPeriod(t.resolvedAt, period));
  const openAtEnd = s.tickets.filter((t) => t.createdAt < end && (!t.resolvedAt || t.resolvedAt >= end));
  // Durations count the way their severity's target does (business minutes where the SLA policy says so).
  const ageAtEnd = (t: CadenceTicket) => slaMinutesBetween(s.sla, t.severity, t.createdAt, end);
  const frPopulation = created.map((t) => (t.firstResponseAt && t.firstResponseAt >= end ? { ...t, firstResponseAt: null } : t));
  const escalations = s.escalations.filter((e) => inPeriod(e.raisedAt, period));
  const acked = escalations.filter((e) => e.acknowledgedAt && e.acknowledgedAt <= now);
  const incidents = s.incidents.filter((i) => inPeriod(i.startedAt, period)).sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  return {
    period,
    byCategory: [...rows.values()].sort((a, b) => b.opened + b.resolved - (a.opened + a.resolved) || a.categoryName.localeCompare(b.categoryName)),
    firstResponse: slaRows(frPopulation, (t) => firstResponseMinutes(t, s.sla), s.sla.firstResponseMinutes, ageAtEnd),
    resolution: slaRows([...resolved, ...openAtEnd.map((t) => ({ ...t, resolvedAt: null }))], (t) => resolutionMinutes(t, s.sla), s.sla.resolutionMinutes, ageAtEnd),
    escalations: {
      raised: escalations.length,
      acknowledged: acked.length,
      unacknowledged: escalations.length - acked.length,
      ackMinutes: durationStats(acked.map((e) => minutesBetween(e.raisedAt, e.acknowledgedAt!))),
    },
    incidents: incidents.filter((i) => !i.drill).map((i) => incidentRow(i, now)),
    drills: incidents.filter((i) => i.drill).map((i) => incidentRow(i, now)),
    blockHours: s.blockHours.length ? blockHourMovement(s.blockHours, period) : null,
    mostReHanded: categoryFlows(s.tickets, s.matrix, period).filter((f) => f.reHands > 0).sort((a, b) => b.reHands - a.reHands || a.categoryId.localeCompare(b.categoryId)).slice(0, 5),
  };
}
