// The one business calendar: which local dates are business days (weekdays named by the client, minus holidays).
// The matrix's business hours (core/matrix/hours.ts) and the cadence schedules (core/schedules) both use it.

export type Weekday = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";

export const WEEKDAYS: readonly Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
export const DEFAULT_BUSINESS_DAYS: readonly Weekday[] = ["mon", "tue", "wed", "thu", "fri"];

export interface BusinessDays {
  days: readonly Weekday[];
  /** ISO dates ("YYYY-MM-DD"). */
  holidays: readonly string[];
}

/** "YYYY-MM-DD" as a calendar date (noon UTC, away from any day boundary), or a RangeError. */
function calendarDate(isoDate: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12)) : null;
  if (!d || d.toISOString().slice(0, 10) !== isoDate) throw new RangeError(`not a date YYYY-MM-DD: ${isoDate}`);
  return d;
}

export function weekdayOf(isoDate: string): Weekday {
  return WEEKDAYS[(calendarDate(isoDate).getUTCDay() + 6) % 7]!; // getUTCDay: 0 = Sunday
}

export function shiftDate(isoDate: string, days: number): string {
  const d = calendarDate(isoDate);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function isHoliday(cal: BusinessDays, isoDate: string): boolean {
  return cal.holidays.includes(isoDate);
}

export function isBusinessDay(cal: BusinessDays, isoDate: string): boolean {
  return cal.days.includes(weekdayOf(isoDate)) && !isHoliday(cal, isoDate);
}

/** The first business day on or after `isoDate`; null when there is none within `withinDays` (a calendar with no days). */
export function firstBusinessDay(cal: BusinessDays, isoDate: string, withinDays = 366): string | null {
  for (let i = 0; i <= withinDays; i++) {
    const date = shiftDate(isoDate, i);
    if (isBusinessDay(cal, date)) return date;
  }
  return null;
}
