import type { CadenceSnapshot, Severity, Side } from "./cadence-data";
import { inPeriod } from "./cadence-data";
import { blockHoursLeft } from "./block-hour-ledger";
import { type StandupRecord, standupAttendance } from "./standup-attendance";
import { minutesBetween } from "./statistics";
import { type SlaBreach, currentCourt, inCourtSince, resolvedSide, slaBreaches } from "./ticket-flow";

export interface SideCounts {
  internal: number;
  msp: number;
  total: number;
}

export interface WaitingTicket {
  key: string;
  title: string;
  categoryId: string | null;
  severity: Severity;
  /** Minutes in the current court (the age that matters: how long this side has had the ball). */
  inCourtMinutes: number;
  openMinutes: number;
}

export interface AgendaEscalation {
  id: string;
  ticketKey: string | null;
  raisedBy: Side;
  to: Side;
  raisedAt: Date;
  ackMinutes: number | null; // null: not acknowledged yet
}

export interface AgendaIncident {
  id: string;
  title: string;
  severity: Severity;
  startedAt: Date;
  resolvedAt: Date | null;
  drill: boolean;
  durationMinutes: number | null;
}

export interface StandupAgenda {
  since: Date;
  now: Date;
  opened: SideCounts;
  resolved: SideCounts;
  waiting: { internal: WaitingTicket[]; msp: WaitingTicket[] };
  slaBreaches: SlaBreach[];
  escalations: AgendaEscalation[];
  incidents: AgendaIncident[];
  /** null when the client has no block of hours. */
  blockHoursLeft: number | null;
  missedStandups: { total: number; consecutive: number };
}

export interface StandupAgendaInput {
  snapshot: CadenceSnapshot;
  /** Last standup (held or scheduled); "since last time" starts here. */
  since: Date;
  now: Date;
  timezone: string;
  standups: StandupRecord[];
}

function sideCounts(sides: Side[]): SideCounts {
  const internal = sides.filter((s) => s === "internal").length;
  return { internal, msp: sides.length - internal, total: sides.length };
}

export function buildStandupAgenda(input: StandupAgendaInput): StandupAgenda {
  const { snapshot: s, since, now } = input;
  const window = { from: since, to: new Date(now.getTime() + 1) };
  const open = s.tickets.filter((t) => t.createdAt <= now && (!t.resolvedAt || t.resolvedAt > now));
  const waiting = (side: Side): WaitingTicket[] =>
    open
      .filter((t) => currentCourt(t) === side)
      .map((t) => ({
        key: t.key, title: t.title, categoryId: t.categoryId, severity: t.severity,
        inCourtMinutes: Math.round(minutesBetween(inCourtSince(t), now)),
        openMinutes: Math.round(minutesBetween(t.createdAt, now)),
      }))
      .sort((a, b) => b.inCourtMinutes - a.inCourtMinutes || a.key.localeCompare(b.key));
  const attendance = standupAttendance(input.standups, input.timezone, now);
  return {
    since,
    now,
    opened: sideCounts(s.tickets.filter((t) => inPeriod(t.createdAt, window)).map((t) => t.openedBy)),
    resolved: sideCounts(
      s.tickets.filter((t) => inPeriod(t.resolvedAt, window)).map((t) => resolvedSide(t)).filter((x): x is Side => x !== null),
    ),
    waiting: { internal: waiting("internal"), msp: waiting("msp") },
    slaBreaches: slaBreaches(s.tickets, s.sla, window, now),
    escalations: s.escalations
      .filter((e) => inPeriod(e.raisedAt, window))
      .sort((a, b) => a.raisedAt.getTime() - b.raisedAt.getTime())
      .map((e) => ({
        id: e.id, ticketKey: e.ticketKey, raisedBy: e.raisedBy, to: e.to, raisedAt: e.raisedAt,
        ackMinutes: e.acknowledgedAt && e.acknowledgedAt <= now ? Math.round(minutesBetween(e.raisedAt, e.acknowledgedAt)) : null,
      })),
    // Since last time, or still running: an incident that outlived the last standup is still news.
    incidents: s.incidents
      .filter((i) => i.startedAt <= now && (i.startedAt >= since || !i.resolvedAt || i.resolvedAt >= since))
      .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime())
      .map((i) => ({
        id: i.id, title: i.title, severity: i.severity, startedAt: i.startedAt,
        resolvedAt: i.resolvedAt && i.resolvedAt <= now ? i.resolvedAt : null, drill: i.drill,
        durationMinutes: i.resolvedAt && i.resolvedAt <= now ? Math.round(minutesBetween(i.startedAt, i.resolvedAt)) : null,
      })),
    blockHoursLeft: s.blockHours.length ? blockHoursLeft(s.blockHours, new Date(now.getTime() + 1)) : null,
    missedStandups: { total: attendance.missed, consecutive: attendance.consecutiveMissed },
  };
}
