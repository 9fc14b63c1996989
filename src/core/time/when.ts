// The one way cards show a moment: "Tue 8 Sep, 10:25 EDT" in the client's zone, then the other side's clock when
// its zone differs ("(16:25 CEST)"), so both companies in a shared channel read their own time.
import { DateTime } from "luxon";

export interface Zones {
  /** The client's zone (its matrix's business hours). */
  zone: string;
  /** The other side's zone (the MSP's), when known. */
  other?: string | null;
}

const LOCALE = "en-US";
// Each English locale knows its own region's abbreviations (EDT, CEST, AEST, IST); elsewhere "GMT+3" is the name.
const NAMING_LOCALES = ["en-US", "en-GB", "en-AU", "en-IN", "en-NZ"];

function abbreviation(dt: DateTime): string {
  let name = "";
  for (const locale of NAMING_LOCALES) {
    name = dt.setLocale(locale).toFormat("ZZZZ");
    if (!/^GMT[+-]/.test(name)) return name;
  }
  return dt.setLocale("en-US").toFormat("ZZZZ");
}

/** "Tue 8 Sep, 10:25 EDT (16:25 CEST)". */
export function formatWhen(at: Date | string, zones: Zones): string {
  const utc = typeof at === "string" ? DateTime.fromISO(at, { zone: "utc" }) : DateTime.fromJSDate(at, { zone: "utc" });
  const here = utc.setZone(zones.zone).setLocale(LOCALE);
  const main = `${here.toFormat("ccc d LLL, HH:mm")} ${abbreviation(here)}`;
  if (!zones.other || zones.other === zones.zone) return main;
  const there = utc.setZone(zones.other).setLocale(LOCALE);
  if (there.offset === here.offset) return main;
  const sameDay = there.toISODate() === here.toISODate();
  return `${main} (${sameDay ? "" : `${there.toFormat("ccc d LLL")}, `}${there.toFormat("HH:mm")} ${abbreviation(there)})`;
}

/** "10:25 EDT": a time on the day the card is about. */
export function formatClock(at: Date | string, zones: Zones): string {
  const utc = typeof at === "string" ? DateTime.fromISO(at, { zone: "utc" }) : DateTime.fromJSDate(at, { zone: "utc" });
  const here = utc.setZone(zones.zone).setLocale(LOCALE);
  return `${here.toFormat("HH:mm")} ${abbreviation(here)}`;
}

/** "Thu 15 Oct 2026": a day, with its year. */
export function formatDay(at: Date | string, zone: string): string {
  const dt = typeof at === "string" ? DateTime.fromISO(at, { zone }) : DateTime.fromJSDate(at, { zone });
  return dt.setLocale(LOCALE).toFormat("ccc d LLL yyyy");
}

/** "2026-12-04 13:08 EST": a moment in a list or an export, sortable, with its zone's name (UTC when the zone is unknown). */
export function formatStamp(at: Date | string, zone: string): string {
  const utc = typeof at === "string" ? DateTime.fromISO(at, { zone: "utc" }) : DateTime.fromJSDate(at, { zone: "utc" });
  const local = utc.setZone(zone);
  const here = (local.isValid ? local : utc).setLocale(LOCALE);
  return `${here.toFormat("yyyy-LL-dd HH:mm")} ${local.isValid && here.zoneName !== "UTC" ? abbreviation(here) : "UTC"}`;
}
