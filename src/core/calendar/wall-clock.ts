// Local wall-clock times in a time zone and the instants they happen at (DST gaps and overlaps included).
import { DateTime, IANAZone } from "luxon";

/** A local date and time on a wall clock, with no zone attached. */
export interface WallTime {
  year: number;
  month: number; // 1..12
  day: number;
  hour: number;
  minute: number;
}

export function isValidTimezone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

export function toWall(instant: Date, zone: string): WallTime {
  const dt = DateTime.fromJSDate(instant, { zone });
  return { year: dt.year, month: dt.month, day: dt.day, hour: dt.hour, minute: dt.minute };
}

/** Wall time encoded as if it were UTC: a zone-free, monotone number to sort and step wall times by. */
export function wallAsUtcMillis(w: WallTime): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
}

export function wallFromUtcMillis(ms: number): WallTime {
  const d = new Date(ms);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes() };
}

/**
 * The instant a wall-clock time happens in `zone`. A time skipped by a spring-forward gap moves forward by the
 * gap (02:30 -> 03:30); a time repeated by a fall-back happens at its first (earlier) instant only, so it fires once.
 */
export function fromWall(w: WallTime, zone: string): Date {
  const asUtc = wallAsUtcMillis(w);
  const day = 24 * 3600 * 1000;
  const offsets = new Set<number>([
    DateTime.fromMillis(asUtc - day, { zone }).offset,
    DateTime.fromMillis(asUtc + day, { zone }).offset,
    DateTime.fromMillis(asUtc, { zone }).offset,
  ]);
  const matches: number[] = [];
  for (const offset of offsets) {
    const instant = asUtc - offset * 60_000;
    const back = toWall(new Date(instant), zone);
    if (wallAsUtcMillis(back) === asUtc) matches.push(instant);
  }
  if (matches.length > 0) return new Date(Math.min(...matches));
  // In a gap: luxon shifts forward by the size of the gap.
  return DateTime.fromObject(w, { zone }).toJSDate();
}

export function isoDate(w: Pick<WallTime, "year" | "month" | "day">): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${w.year}-${p(w.month)}-${p(w.day)}`;
}

export function addDays(w: WallTime, days: number): WallTime {
  const d = new Date(Date.UTC(w.year, w.month - 1, w.day + days, w.hour, w.minute));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: w.hour, minute: w.minute };
}

export function parseIsoDate(s: string): { year: number; month: number; day: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return { year, month, day };
}

export function parseClock(s: string): { hour: number; minute: number } | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(s);
  if (!m) return null;
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  if (hour > 23 || minute > 59) return null;
  return { hour, minute };
}

/** Local midnight that starts the day containing `instant`, and the next one. */
export function localDayBounds(instant: Date, zone: string): { start: Date; end: Date } {
  const dt = DateTime.fromJSDate(instant, { zone }).startOf("day");
  return { start: dt.toJSDate(), end: dt.plus({ days: 1 }).startOf("day").toJSDate() };
}
