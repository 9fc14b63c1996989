// Business-time arithmetic in the matrix time zone, over the one business calendar (core/calendar). Windows are
// computed per local calendar day and turned into instants, so DST change days come out right: a window is
// measured in real elapsed minutes.
import { DateTime } from "luxon";
import { isBusinessDay, shiftDate } from "../calendar/business-days";
import { fromWall, parseIsoDate } from "../calendar/wall-clock";
import type { BusinessHours } from "./model";

export { isBusinessDay, isHoliday, weekdayOf } from "../calendar/business-days";
/** Far enough for any real calendar, small enough that hours with no business day fail fast. */
const SEARCH_DAYS = 3 * 366;

export interface BusinessWindow {
  start: Date;
  end: Date;
}

/** The local calendar date ("YYYY-MM-DD") of an instant in the matrix time zone. */
export function localDate(hours: BusinessHours, at: Date): string {
  return DateTime.fromJSDate(at, { zone: hours.timezone }).toISODate()!;
}

function instantAt(hours: BusinessHours, isoDate: string, hhmm: string): Date {
  const [h, m] = hhmm.split(":").map(Number);
  // "24:00" ends the day: the next local midnight.
  const [date, hour] = h === 24 ? [shiftDate(isoDate, 1), 0] : [isoDate, h];
  const day = parseIsoDate(date);
  if (!day) throw new RangeError(`not a date YYYY-MM-DD: ${date}`);
  // The schedules' rule: a time in a spring-forward gap moves forward by the gap, one repeated by a fall-back is
  // its first instant.
  return fromWall({ ...day, hour, minute: m }, hours.timezone);
}

/** The business window of a local date, or null on weekends and holidays. */
export function businessWindow(hours: BusinessHours, isoDate: string): BusinessWindow | null {
  if (!isBusinessDay(hours, isoDate)) return null;
  return { start: instantAt(hours, isoDate, hours.start), end: instantAt(hours, isoDate, hours.end) };
}

export function isBusinessTime(hours: BusinessHours, at: Date): boolean {
  const window = businessWindow(hours, localDate(hours, at));
  return window !== null && at >= window.start && at < window.end;
}

/** The window containing `at`, or the next one after it. */
export function currentOrNextWindow(hours: BusinessHours, at: Date): BusinessWindow {
  const today = localDate(hours, at);
  for (let i = 0; i <= SEARCH_DAYS; i++) {
    const window = businessWindow(hours, shiftDate(today, i));
    if (window && at < window.end) return window;
  }
  throw new RangeError(`no business day within ${SEARCH_DAYS} days of ${at.toISOString()} (days: ${hours.days.join(",") || "none"})`);
}

/** The earliest business instant at or after `at`: `at` itself during business hours, else the next window's start. */
export function nextBusinessStart(hours: BusinessHours, at: Date): Date {
  const window = currentOrNextWindow(hours, at);
  return at >= window.start ? new Date(at.getTime()) : window.start;
}

/** The instant `minutes` of business time after `start` (e.g. an SLA deadline). A deadline can fall on a window's end. */
export function addBusinessMinutes(hours: BusinessHours, start: Date, minutes: number): Date {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`minutes must be zero or more, got ${minutes}`);
  if (minutes === 0) return new Date(start.getTime());
  let remaining = minutes * 60_000;
  let cursor = nextBusinessStart(hours, start);
  for (;;) {
    const window = currentOrNextWindow(hours, cursor);
    const available = window.end.getTime() - cursor.getTime();
    if (remaining <= available) return new Date(cursor.getTime() + remaining);
    remaining -= available;
    cursor = nextBusinessStart(hours, window.end);
  }
}

/** Business minutes elapsed from `a` to `b` (negative when `b` is before `a`). */
export function businessMinutesBetween(hours: BusinessHours, a: Date, b: Date): number {
  if (b < a) return -businessMinutesBetween(hours, b, a);
  const last = localDate(hours, b);
  let total = 0;
  for (let date = localDate(hours, a); date <= last; date = shiftDate(date, 1)) {
    const window = businessWindow(hours, date);
    if (!window) continue;
    const from = Math.max(a.getTime(), window.start.getTime());
    const to = Math.min(b.getTime(), window.end.getTime());
    if (to > from) total += to - from;
  }
  return total / 60_000;
}
