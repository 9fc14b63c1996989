// Short, plain wording shared by the cadence cards: local times, sides, durations, lists.
import { DateTime } from "luxon";
import type { Side } from "./cadence-data";
import { formatMinutes } from "../duration";

export interface Line {
  text: string;
}

export const SIDE_LABEL: Record<Side, string> = { internal: "internal IT", msp: "the MSP" };

/** "Mon 12 Oct 2026, 09:30" in the zone. */
export function localDateTime(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat("ccc d LLL yyyy, HH:mm");
}

/** "Mon 12 Oct, 09:30": for dates close to now. */
export function localShort(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat("ccc d LLL, HH:mm");
}

export function localTime(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat("HH:mm");
}

export function localDate(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toISODate() ?? at.toISOString().slice(0, 10);
}

/** A duration, or "n/a" for one that could not be measured (no tickets that month, a median of nothing). */
export function measuredMinutes(minutes: number | null): string {
  return minutes === null ? "n/a" : formatMinutes(minutes);
}

/** Hours with at most one decimal: 24.5 h, 3 h. */
export function hoursText(hours: number): string {
  return `${Math.round(hours * 10) / 10} h`;
}

/** At most `max` lines, then "and N more"; a placeholder line when there is nothing. */
export function lines(texts: string[], empty: string, max = 6): Line[] {
  if (texts.length === 0) return [{ text: empty }];
  const shown = texts.slice(0, max).map((text) => ({ text }));
  if (texts.length > max) shown.push({ text: `…and ${texts.length - max} more` });
  return shown;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
