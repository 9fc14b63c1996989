// How `tandem` writes an instant: in the client's time zone, with the zone's abbreviation ("2026-12-04 13:08 EST"),
// as people in that channel read it; `--utc` writes UTC instead ("2026-12-04 18:08 UTC").
import { formatStamp } from "../core/time/when";
import type { Prisma } from "../adapters/db/connect";
import { clientCalendar } from "../adapters/db/schedule-repo";

export function cliTime(at: Date, zone: string | null | undefined, utc = false): string {
  return formatStamp(at, utc || !zone ? "UTC" : zone);
}

/** The heading of a time column: which zone its times are in. */
export function timeHeading(label: string, zone: string | null | undefined, utc = false): string {
  return `${label} (${utc || !zone ? "UTC" : zone})`;
}

export const UTC_HELP = "  --utc        times in UTC (default: the client's time zone)";

/** The client's time zone (its own setting, else its matrix's business hours). */
export async function clientZone(prisma: Prisma, clientId: string): Promise<string> {
  return (await clientCalendar(prisma, clientId)).timezone;
}
