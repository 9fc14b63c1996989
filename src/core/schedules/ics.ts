// RFC 5545 invitation for the QBR, for clients without Graph (so nobody's calendar is written to directly).
import { DateTime } from "luxon";

export interface IcsPerson {
  name?: string;
  email: string;
}

export interface IcsEvent {
  uid: string;
  /** When this invitation was produced (a parameter so output is reproducible). */
  dtstamp: Date;
  start: Date;
  end: Date;
  summary: string;
  description?: string;
  location?: string;
  /** With a zone: DTSTART/DTEND carry TZID and a VTIMEZONE is included. Without: UTC times. */
  timezone?: string;
  organizer?: IcsPerson;
  attendees?: IcsPerson[];
  sequence?: number;
}

export function escapeText(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r\n|\r|\n/g, "\\n");
}

/** Folds a content line at 75 octets (UTF-8), never inside a multi-byte character. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, "utf8");
    if (octets + size > 75) {
      parts.push(current);
      current = " ";
      octets = 1;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join("\r\n");
}

function utcStamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

function localStamp(d: Date, zone: string): string {
  return DateTime.fromJSDate(d, { zone }).toFormat("yyyyMMdd'T'HHmmss");
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const a = Math.abs(minutes);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, "0")}${String(a % 60).padStart(2, "0")}`;
}

function offsetAt(ms: number, zone: string): number {
  return DateTime.fromMillis(ms, { zone }).offset;
}

/** Offset changes from the year before the event to the end of its year, found to the minute. */
function transitions(zone: string, year: number): { at: number; from: number; to: number }[] {
  const out: { at: number; from: number; to: number }[] = [];
  const end = Date.UTC(year + 1, 0, 1);
  const step = 86_400_000;
  for (let t = Date.UTC(year - 1, 0, 1); t < end; t += step) {
    const a = offsetAt(t, zone);
    const b = offsetAt(t + step, zone);
    if (a === b) continue;
    let lo = t;
    let hi = t + step;
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (offsetAt(mid, zone) === a) lo = mid;
      else hi = mid;
    }
    out.push({ at: hi, from: a, to: b });
  }
  return out;
}

function vtimezone(zone: string, year: number): string[] {
  const lines = ["BEGIN:VTIMEZONE", `TZID:${zone}`];
  const list = transitions(zone, year);
  if (list.length === 0) {
    const off = offsetText(offsetAt(Date.UTC(year, 0, 1), zone));
    lines.push("BEGIN:STANDARD", "DTSTART:19700101T000000", `TZOFFSETFROM:${off}`, `TZOFFSETTO:${off}`, "END:STANDARD");
  }
  for (const t of list) {
    const kind = t.to > t.from ? "DAYLIGHT" : "STANDARD";
    // Onset is written in the local time in force just before the change (RFC 5545 3.6.5).
    const onset = DateTime.fromMillis(t.at + t.from * 60_000, { zone: "UTC" }).toFormat("yyyyMMdd'T'HHmmss");
    lines.push(`BEGIN:${kind}`, `DTSTART:${onset}`, `TZOFFSETFROM:${offsetText(t.from)}`, `TZOFFSETTO:${offsetText(t.to)}`, `END:${kind}`);
  }
  lines.push("END:VTIMEZONE");
  return lines;
}

function person(prop: string, p: IcsPerson, extra = ""): string {
  const cn = p.name ? `;CN="${p.name.replace(/"/g, "'")}"` : "";
  return `${prop}${cn}${extra}:mailto:${p.email}`;
}

export function qbrInvitationIcs(e: IcsEvent): string {
  const invites = !!e.organizer && (e.attendees?.length ?? 0) > 0;
  const when = (prop: string, d: Date) => (e.timezone ? `${prop};TZID=${e.timezone}:${localStamp(d, e.timezone)}` : `${prop}:${utcStamp(d)}`);
  const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Tandem//Cadence//EN", "CALSCALE:GREGORIAN", `METHOD:${invites ? "REQUEST" : "PUBLISH"}`];
  if (e.timezone) lines.push(...vtimezone(e.timezone, DateTime.fromJSDate(e.start, { zone: e.timezone }).year));
  lines.push("BEGIN:VEVENT", `UID:${e.uid}`, `DTSTAMP:${utcStamp(e.dtstamp)}`, when("DTSTART", e.start), when("DTEND", e.end),
    `SEQUENCE:${e.sequence ?? 0}`, `SUMMARY:${escapeText(e.summary)}`);
  if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
  if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`);
  if (e.organizer) lines.push(person("ORGANIZER", e.organizer));
  for (const a of e.attendees ?? []) lines.push(person("ATTENDEE", a, ";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE"));
  lines.push("STATUS:CONFIRMED", "TRANSP:OPAQUE", "END:VEVENT", "END:VCALENDAR");
  return lines.map(foldLine).join("\r\n") + "\r\n";
}
