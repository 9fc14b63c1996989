// A timer that fires after its moment (Tandem was down, or the platform was): its message says so, once.
import { formatWhen, type Zones } from "./when";

/** A timer this long past its moment counts as late (the job runner polls every second or so). */
export const LATE_AFTER_MS = 2 * 60_000;

/** " (late: due Tue 8 Sep, 10:15 EDT)" when `now` is well past `due`, else "". */
export function lateNote(due: Date, now: Date, zones: Zones): string {
  return now.getTime() - due.getTime() >= LATE_AFTER_MS ? ` (late: due ${formatWhen(due, zones)})` : "";
}
