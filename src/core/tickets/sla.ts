// SLA clocks that run only for the side holding the ticket: time with the MSP counts against the MSP, time with
// internal IT against internal IT, and time waiting on the requester counts against nobody.
import { addBusinessMinutes, businessMinutesBetween, currentOrNextWindow } from "../matrix/hours";
import type { BusinessHours, Matrix, Party } from "../matrix/model";
import type { ClientSettings } from "../ports/tenancy";
import type { Court, Severity, TicketEvent, TicketStatus } from "./model";

export interface SlaTarget {
  /** First response (and acknowledgement of an escalation). */
  ackMinutes: number;
  resolveMinutes: number;
  /** Count business minutes of the matrix hours instead of wall-clock minutes. */
  businessHours: boolean;
}

export type SlaPolicy = Record<Severity, SlaTarget>;

const FALLBACK_DAY_MINUTES = 8 * 60;

/** Length of one business day of these hours (the first window found), for "1 business day" targets. */
export function businessDayMinutes(hours: BusinessHours | null): number {
  if (!hours) return FALLBACK_DAY_MINUTES;
  try {
    const w = currentOrNextWindow(hours, new Date(Date.UTC(2026, 0, 5, 12)));
    return Math.round((w.end.getTime() - w.start.getTime()) / 60_000);
  } catch {
    return FALLBACK_DAY_MINUTES;
  }
}

/**
 * The one SLA policy: cards, clocks, escalation pages and the reports all read it. First response: the client's
 * settings, else the signed matrix's `slaMinutes`, else the defaults (sev 1: 15 min, sev 2: 30 min, sev 3: 4
 * business hours, sev 4: 1 business day). Sev 1-2 count around the clock, sev 3-4 count business minutes of the
 * matrix hours. Resolution: settings, else sev 1: 4 h, sev 2: 8 h, sev 3: 3 business days, sev 4: 5 business days.
 */
export function slaPolicy(settings: ClientSettings, matrix: Pick<Matrix, "businessHours" | "slaMinutes"> | null): SlaPolicy {
  const hours = matrix?.businessHours ?? null;
  const day = businessDayMinutes(hours);
  const defaults: SlaPolicy = {
    1: { ackMinutes: 15, resolveMinutes: 4 * 60, businessHours: false },
    2: { ackMinutes: 30, resolveMinutes: 8 * 60, businessHours: false },
    3: { ackMinutes: 4 * 60, resolveMinutes: 3 * day, businessHours: true },
    4: { ackMinutes: day, resolveMinutes: 5 * day, businessHours: true },
  };
  const policy = { ...defaults };
  for (const sev of [1, 2, 3, 4] as Severity[]) {
    const key = String(sev) as "1";
    const o = settings.sla?.[key] ?? {};
    policy[sev] = {
      ackMinutes: validMinutes(o.ackMinutes) ?? validMinutes(matrix?.slaMinutes?.[key]) ?? defaults[sev].ackMinutes,
      resolveMinutes: validMinutes(o.resolveMinutes) ?? defaults[sev].resolveMinutes,
      businessHours: typeof o.businessHours === "boolean" ? o.businessHours : defaults[sev].businessHours,
    };
  }
  return policy;
}

function validMinutes(n: unknown): number | undefined {
  return typeof n === "number" && Number.isFinite(n) && n > 0 ? n : undefined;
}

/** The instant `minutes` after `from` under a target (business or wall clock). Without hours, wall clock. */
export function deadline(target: Pick<SlaTarget, "businessHours">, hours: BusinessHours | null, from: Date, minutes: number): Date {
  if (target.businessHours && hours) return addBusinessMinutes(hours, from, minutes);
  return new Date(from.getTime() + minutes * 60_000);
}

export function elapsed(target: Pick<SlaTarget, "businessHours">, hours: BusinessHours | null, a: Date, b: Date): number {
  if (b <= a) return 0;
  if (target.businessHours && hours) return businessMinutesBetween(hours, a, b);
  return (b.getTime() - a.getTime()) / 60_000;
}

export interface CourtSegment {
  court: Court;
  from: Date;
  /** null while it still holds the ticket. */
  to: Date | null;
}

/** Who held the ticket when, from its timeline. A resolved ticket's last segment ends at the resolution. */
export function courtHistory(events: readonly TicketEvent[]): CourtSegment[] {
  const segments: CourtSegment[] = [];
  const close = (at: Date) => {
    const last = segments[segments.length - 1];
    if (last && last.to === null) last.to = at;
  };
  for (const e of [...events].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    if (e.type === "resolved") {
      close(e.at);
      continue;
    }
    const to = e.toCourt ?? null;
    if (!to) continue;
    const last = segments[segments.length - 1];
    if (last && last.to === null && last.court === to) continue;
    close(e.at);
    segments.push({ court: to, from: e.at, to: null });
  }
  return segments;
}

/** Events that count as the holding side responding. */
const RESPONSES = new Set(["taken", "note", "acked", "handover", "time", "resolved", "severity", "category"]);

export type ClockState = "ok" | "at-risk" | "breached";

export interface ResponseClock {
  side: Party;
  since: Date;
  dueAt: Date;
  respondedAt: Date | null;
  /** waiting: not yet answered, still in time; met / late: answered before / after the deadline; breached: overdue. */
  state: "waiting" | "met" | "late" | "breached";
}

export interface ResolutionClock {
  side: Party;
  usedMinutes: number;
  targetMinutes: number;
  running: boolean;
  state: ClockState;
}

export interface SlaClocks {
  /** The first-response clock of the side holding the ticket now (null when the requester or nobody holds it). */
  response: ResponseClock | null;
  /** Time each side has held it, against the resolution target. */
  resolution: ResolutionClock[];
  /** No clock runs: waiting on the requester, or resolved. */
  paused: boolean;
  target: SlaTarget;
}

const AT_RISK = 0.75;

export function slaClocks(
  ticket: { severity: Severity; status: TicketStatus },
  events: readonly TicketEvent[],
  policy: SlaPolicy,
  hours: BusinessHours | null,
  now: Date,
): SlaClocks {
  const target = policy[ticket.severity];
  const segments = courtHistory(events);
  const current = segments[segments.length - 1];
  const open = ticket.status === "open" && current !== undefined && current.to === null;

  let response: ResponseClock | null = null;
  if (open && current.court !== "requester") {
    const side = current.court;
    const since = current.from;
    const dueAt = deadline(target, hours, since, target.ackMinutes);
    const answer = events
      .filter((e) => e.side === side && RESPONSES.has(e.type) && e.at >= since)
      .sort((a, b) => a.at.getTime() - b.at.getTime())[0];
    const respondedAt = answer?.at ?? null;
    const state = respondedAt ? (respondedAt <= dueAt ? "met" : "late") : now > dueAt ? "breached" : "waiting";
    response = { side, since, dueAt, respondedAt, state };
  }

  const resolution: ResolutionClock[] = [];
  for (const side of ["internal", "msp"] as Party[]) {
    const held = segments.filter((s) => s.court === side);
    if (held.length === 0) continue;
    const used = held.reduce((sum, s) => sum + elapsed(target, hours, s.from, s.to ?? now), 0);
    const running = open && current.court === side;
    const share = used / target.resolveMinutes;
    resolution.push({
      side,
      usedMinutes: Math.round(used),
      targetMinutes: target.resolveMinutes,
      running,
      state: share >= 1 ? "breached" : share >= AT_RISK ? "at-risk" : "ok",
    });
  }
  return { response, resolution, paused: !open || current.court === "requester", target };
}
