// A signed matrix version takes effect on its `effective` date, at midnight in its own time zone. Until then the
// version in force before it keeps answering; a rollback (an older version imported again) is in force at once.
import { DateTime } from "luxon";

export interface VersionDates {
  version: number;
  /** "YYYY-MM-DD" */
  effective: string;
  /** IANA zone of the version's business hours. */
  timezone: string;
  importedAt: Date;
}

/** The instant a version takes effect: the start of its effective date in its time zone. */
export function takesEffectAt(v: Pick<VersionDates, "effective" | "timezone">): Date {
  const local = DateTime.fromISO(v.effective, { zone: v.timezone });
  return (local.isValid ? local : DateTime.fromISO(v.effective, { zone: "UTC" })).startOf("day").toJSDate();
}

/**
 * The version in force at `at`: of those whose date has come, the one imported last (normally the highest; an older
 * version imported again is a deliberate rollback). When none has come yet (a client's first matrix, dated ahead),
 * the earliest to take effect answers, rather than nothing.
 */
export function inForce<T extends VersionDates>(versions: readonly T[], at: Date): T | null {
  const started = versions.filter((v) => takesEffectAt(v) <= at);
  if (started.length) return started.reduce((a, b) => (b.importedAt > a.importedAt || (+b.importedAt === +a.importedAt && b.version > a.version) ? b : a));
  return versions.reduce<T | null>((a, b) => (!a || takesEffectAt(b) < takesEffectAt(a) ? b : a), null);
}

/** "Mon 7 Dec" (with the year when it is not the year of `now`), in the version's time zone. */
export function effectiveDay(v: Pick<VersionDates, "effective" | "timezone">, now: Date): string {
  const day = DateTime.fromJSDate(takesEffectAt(v), { zone: v.timezone }).setLocale("en");
  const sameYear = day.year === DateTime.fromJSDate(now, { zone: v.timezone }).year;
  return day.toFormat(sameYear ? "ccc d LLL" : "ccc d LLL yyyy");
}
