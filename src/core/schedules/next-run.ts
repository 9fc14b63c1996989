import { CronExpressionParser } from "cron-parser";
import type { Schedule } from "./schedule";
import { weeklyCron } from "./schedule";
import { type BusinessDays, firstBusinessDay, isBusinessDay } from "../calendar/business-days";
import {
  type WallTime, addDays, fromWall, isoDate, parseClock, parseIsoDate, toWall, wallAsUtcMillis, wallFromUtcMillis,
} from "../calendar/wall-clock";

/** The business calendar a schedule shifts its reminders by. */
const calendarOf = (s: Pick<Schedule, "businessDays" | "holidays">): BusinessDays => ({ days: s.businessDays, holidays: s.holidays });

/** The same wall time on the first business day on or after `w`; null if none within a year (a broken calendar). */
function shiftToBusinessDay(w: WallTime, cal: BusinessDays): WallTime | null {
  const date = firstBusinessDay(cal, isoDate(w));
  return date ? { ...w, ...parseIsoDate(date)! } : null;
}

/** One firing of a schedule. `key` is stable for the same schedule and instant: the exactly-once key. */
export interface ScheduledRun {
  scheduleId: string;
  kind: Schedule["kind"];
  key: string;
  at: Date;
  /** Local wall time the rule named, before any holiday shift (and before a DST gap moved it). */
  nominal: WallTime;
  /** QBR only: the two-weeks-before reminder or the day itself, and which QBR date it is for. */
  phase?: "lead" | "day";
  qbrDate?: string;
}

interface Candidate {
  nominal: WallTime;
  shiftable: boolean;
  phase?: "lead" | "day";
  qbrDate?: string;
}

const DAY_MS = 24 * 3600 * 1000;

function* cronCandidates(expression: string, start: WallTime): Generator<Candidate> {
  // Cron runs on a UTC clock standing in for local wall time; DST is applied afterwards by fromWall, so 09:30
  // stays 09:30 local and gap/overlap handling lives in one place.
  const it = CronExpressionParser.parse(expression, { tz: "UTC", currentDate: new Date(wallAsUtcMillis(start) - 1000) });
  while (true) {
    let next: number;
    try {
      next = it.next().getTime();
    } catch {
      return; // expression can never fire again
    }
    yield { nominal: wallFromUtcMillis(next), shiftable: true };
  }
}

function* firstBusinessDayCandidates(time: string, start: WallTime, cal: BusinessDays): Generator<Candidate> {
  const clock = parseClock(time);
  if (!clock) return;
  for (let i = 0; i < 12 * 200; i++) {
    const month0 = start.month - 1 + i;
    const first: WallTime = { year: start.year + Math.floor(month0 / 12), month: (month0 % 12) + 1, day: 1, ...clock };
    const day = shiftToBusinessDay(first, cal);
    if (!day) return;
    yield { nominal: day, shiftable: false };
  }
}

function* qbrCandidates(rule: { dates: string[]; leadDays: number; time: string }, start: WallTime): Generator<Candidate> {
  const clock = parseClock(rule.time);
  if (!clock) return;
  const all: Candidate[] = [];
  for (const date of rule.dates) {
    const d = parseIsoDate(date);
    if (!d) continue;
    const day: WallTime = { ...d, ...clock };
    all.push({ nominal: addDays(day, -rule.leadDays), shiftable: true, phase: "lead", qbrDate: date });
    // The meeting date was agreed by people; reminding after it would be useless, so the day-of never moves.
    all.push({ nominal: day, shiftable: false, phase: "day", qbrDate: date });
  }
  all.sort((a, b) => wallAsUtcMillis(a.nominal) - wallAsUtcMillis(b.nominal));
  for (const c of all) if (wallAsUtcMillis(c.nominal) >= wallAsUtcMillis(start)) yield c;
}

function candidates(schedule: Schedule, start: WallTime): Generator<Candidate> {
  const r = schedule.rule;
  switch (r.type) {
    case "weekly":
      return cronCandidates(weeklyCron(r), start);
    case "cron":
      return cronCandidates(r.expression, start);
    case "first-business-day":
      return firstBusinessDayCandidates(r.time, start, calendarOf(schedule));
    case "qbr":
      return qbrCandidates(r, start);
  }
}

/**
 * Where to start reading nominal times so that one shifted off a run of weekends/holidays onto or after `from`
 * is not missed. One extra day covers DST offsets between wall time and instants.
 */
function lookbackStart(schedule: Schedule, from: Date): WallTime {
  let day: WallTime = { ...toWall(from, schedule.timezone), hour: 0, minute: 0 };
  day = addDays(day, -1);
  if (!schedule.holidayShift) return day;
  for (let i = 0; i < 366 && !isBusinessDay(calendarOf(schedule), isoDate(addDays(day, -1))); i++) day = addDays(day, -1);
  return addDays(day, -1);
}

function toRun(schedule: Schedule, c: Candidate): ScheduledRun | null {
  const wall = schedule.holidayShift && c.shiftable ? shiftToBusinessDay(c.nominal, calendarOf(schedule)) : c.nominal;
  if (!wall) return null;
  const at = fromWall(wall, schedule.timezone);
  return {
    scheduleId: schedule.id,
    kind: schedule.kind,
    key: `${schedule.id}@${at.toISOString()}`,
    at,
    nominal: c.nominal,
    ...(c.phase ? { phase: c.phase } : {}),
    ...(c.qbrDate ? { qbrDate: c.qbrDate } : {}),
  };
}

function isSkipped(schedule: Schedule, run: ScheduledRun): boolean {
  return schedule.skipNext !== null && new Date(schedule.skipNext).getTime() === run.at.getTime();
}

/** Runs with from < at <= to, in time order, at most `limit` (the earliest ones). Empty when paused. */
export function runsBetween(schedule: Schedule, from: Date, to: Date, limit = 5000): ScheduledRun[] {
  if (schedule.paused || to <= from) return [];
  const stopWall = wallAsUtcMillis(toWall(to, schedule.timezone)) + DAY_MS;
  const byInstant = new Map<number, ScheduledRun>();
  for (const c of candidates(schedule, lookbackStart(schedule, from))) {
    // Shifts only move later and DST moves by less than a day, so nothing past here can land inside the window.
    if (wallAsUtcMillis(c.nominal) > stopWall) break;
    const run = toRun(schedule, c);
    if (!run) break; // no business day within a year: a broken calendar, nothing sensible to fire
    if (run.at <= from || run.at > to || isSkipped(schedule, run)) continue;
    // Two nominal times can land on one instant (a shift onto an existing run, a DST gap): fire once.
    if (!byInstant.has(run.at.getTime())) byInstant.set(run.at.getTime(), run);
    if (byInstant.size >= limit * 2) break;
  }
  return [...byInstant.values()].sort((a, b) => a.at.getTime() - b.at.getTime()).slice(0, limit);
}

/** The first run strictly after `after`, or null (paused, no QBR dates left, a cron that can never fire). */
export function nextRun(schedule: Schedule, after: Date): ScheduledRun | null {
  if (schedule.paused) return null;
  let best: ScheduledRun | null = null;
  let examined = 0;
  for (const c of candidates(schedule, lookbackStart(schedule, after))) {
    if (best && wallAsUtcMillis(c.nominal) > wallAsUtcMillis(toWall(best.at, schedule.timezone)) + DAY_MS) break;
    if (++examined > 200_000) break;
    const run = toRun(schedule, c);
    if (!run) break;
    if (run.at <= after || isSkipped(schedule, run)) continue;
    if (!best || run.at < best.at) best = run;
  }
  return best;
}

export function nextOccurrence(schedule: Schedule, after: Date): Date | null {
  return nextRun(schedule, after)?.at ?? null;
}

/** Occurrence instants with from < t <= to. */
export function occurrencesBetween(schedule: Schedule, from: Date, to: Date): Date[] {
  return runsBetween(schedule, from, to).map((r) => r.at);
}

/** "Skip next": pins the upcoming occurrence (as of `now`) so exactly that one does not fire. */
export function skipNextOccurrence(schedule: Schedule, now: Date): Schedule {
  const upcoming = nextRun({ ...schedule, skipNext: null, paused: false }, now);
  return { ...schedule, skipNext: upcoming ? upcoming.at.toISOString() : null };
}
