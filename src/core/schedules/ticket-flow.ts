import type { CadenceTicket, Period, Severity, Side, SlaTargets } from "./cadence-data";
import { inPeriod } from "./cadence-data";
import { minutesBetween } from "./statistics";
import { addBusinessMinutes, businessMinutesBetween } from "../matrix/hours";

/** Minutes from `from` to `to` as the severity's target counts them: business minutes where the policy says so. */
export function slaMinutesBetween(sla: SlaTargets, severity: Severity, from: Date, to: Date): number {
  if (to <= from) return 0;
  const b = sla.business;
  return b && b.severities.includes(severity) ? businessMinutesBetween(b.hours, from, to) : minutesBetween(from, to);
}

/** The instant a target of `minutes` from `from` runs out, counted the same way. */
export function slaDeadline(sla: SlaTargets, severity: Severity, from: Date, minutes: number): Date {
  const b = sla.business;
  return b && b.severities.includes(severity) ? addBusinessMinutes(b.hours, from, minutes) : new Date(from.getTime() + minutes * 60_000);
}

export function currentCourt(t: CadenceTicket): Side {
  return t.courtHistory.at(-1)?.to ?? t.openedBy;
}

/** When the ball last landed in the current court (so its age in that court). */
export function inCourtSince(t: CadenceTicket): Date {
  const h = t.courtHistory;
  let since = h[0]?.at ?? t.createdAt;
  for (let i = 1; i < h.length; i++) if (h[i]!.to !== h[i - 1]!.to) since = h[i]!.at;
  return since;
}

export function resolvedSide(t: CadenceTicket): Side | null {
  if (!t.resolvedAt) return null;
  if (t.resolvedBy) return t.resolvedBy;
  let side: Side = t.openedBy;
  for (const c of t.courtHistory) if (c.at <= t.resolvedAt) side = c.to;
  return side;
}

/** Times the ticket changed sides, optionally counting only changes inside a period. */
export function reHandCount(t: CadenceTicket, period?: Period): number {
  let n = 0;
  const h = t.courtHistory;
  for (let i = 1; i < h.length; i++) {
    if (h[i]!.to !== h[i - 1]!.to && (!period || inPeriod(h[i]!.at, period))) n++;
  }
  return n;
}

export type SlaMeasure = "first-response" | "resolution";

export interface SlaBreach {
  ticketKey: string;
  categoryId: string | null;
  severity: Severity;
  measure: SlaMeasure;
  /** The instant the target passed without a response/resolution. */
  breachedAt: Date;
  targetMinutes: number;
  /** Which side held the ticket when it breached. */
  court: Side;
}

function courtAt(t: CadenceTicket, at: Date): Side {
  let side: Side = t.openedBy;
  for (const c of t.courtHistory) if (c.at <= at) side = c.to;
  return side;
}

/** Breaches whose target passed inside the period (as of `now`, which bounds still-open tickets). */
export function slaBreaches(tickets: readonly CadenceTicket[], sla: SlaTargets, period: Period, now: Date): SlaBreach[] {
  const out: SlaBreach[] = [];
  for (const t of tickets) {
    const checks: [SlaMeasure, number | undefined, Date | null][] = [
      ["first-response", sla.firstResponseMinutes[t.severity], t.firstResponseAt],
      ["resolution", sla.resolutionMinutes[t.severity], t.resolvedAt],
    ];
    for (const [measure, target, doneAt] of checks) {
      if (target === undefined) continue;
      const breachedAt = slaDeadline(sla, t.severity, t.createdAt, target);
      if (breachedAt > now || !inPeriod(breachedAt, period)) continue;
      if (doneAt && doneAt <= breachedAt) continue;
      out.push({ ticketKey: t.key, categoryId: t.categoryId, severity: t.severity, measure, breachedAt, targetMinutes: target, court: courtAt(t, breachedAt) });
    }
  }
  return out.sort((a, b) => a.breachedAt.getTime() - b.breachedAt.getTime());
}

export function firstResponseMinutes(t: CadenceTicket, sla?: SlaTargets): number | null {
  if (!t.firstResponseAt) return null;
  return sla ? slaMinutesBetween(sla, t.severity, t.createdAt, t.firstResponseAt) : minutesBetween(t.createdAt, t.firstResponseAt);
}

export function resolutionMinutes(t: CadenceTicket, sla?: SlaTargets): number | null {
  if (!t.resolvedAt) return null;
  return sla ? slaMinutesBetween(sla, t.severity, t.createdAt, t.resolvedAt) : minutesBetween(t.createdAt, t.resolvedAt);
}
