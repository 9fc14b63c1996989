import type { BlockHourEntry, Period } from "./cadence-data";
import { inPeriod } from "./cadence-data";

/** Hours left in the block just before `at` (purchases minus usage). Negative means overdrawn. */
export function blockHoursLeft(entries: readonly BlockHourEntry[], at: Date): number {
  let left = 0;
  for (const e of entries) if (e.at < at) left += e.kind === "purchase" ? e.hours : -e.hours;
  return left;
}

export interface BlockHourMovement {
  purchased: number;
  used: number;
  leftAtEnd: number;
}

export function blockHourMovement(entries: readonly BlockHourEntry[], period: Period): BlockHourMovement {
  let purchased = 0;
  let used = 0;
  for (const e of entries) {
    if (!inPeriod(e.at, period)) continue;
    if (e.kind === "purchase") purchased += e.hours;
    else used += e.hours;
  }
  return { purchased, used, leftAtEnd: blockHoursLeft(entries, period.to) };
}
