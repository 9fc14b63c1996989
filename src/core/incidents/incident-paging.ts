// The phone side of incident pages and the page-check timer of the live card. A sev-1 incident always rings the
// phone; an incident of a lower-severity playbook follows the client's below-sev-1 rule (after hours by default),
// like a ticket. Acknowledge and resolve go to the sides that were rung.
import type { Outgoing } from "../conversation/reply";
import type { Party } from "../matrix/model";
import { incidentSubject, type PageLog, type PhoneAction, type PhoneCall } from "../paging/model";
import { canRing, phoneCall, ringsPhone } from "../paging/policy";
import type { ClientSettings } from "../ports/tenancy";
import { isSeverity } from "../severity";
import type { IncidentRecord } from "./ports";

export const INCIDENT_PAGE_CHECK = "incident-page-check";

const dedupKey = (record: IncidentRecord) => `tandem:${record.clientId}:incident:${record.id}`;
const SIDES: Party[] = ["internal", "msp"];

function call(record: IncidentRecord, side: Party, action: PhoneAction, now: Date, people: string[]): PhoneCall {
  const s = record.state;
  const severity = isSeverity(s.severity) ? s.severity : 1;
  return phoneCall({ clientId: record.clientId, side, dedupKey: dedupKey(record), summary: `${s.id} SEV ${s.severity} ${s.playbook.name}: ${s.summary}`.slice(0, 1024), severity, source: `Tandem ${s.id}`, people }, action, now);
}

/** A trigger for each side the client can ring, when its policy rings a phone for this incident now. Drills ring nobody. */
export function incidentPhones(settings: ClientSettings, record: IncidentRecord, sides: Party[], now: Date, people: string[], afterHours: boolean): PhoneCall[] {
  const s = record.state;
  if (s.drill || !ringsPhone(settings, s.severity, afterHours)) return [];
  return sides.filter((side) => canRing(settings, side)).map((side) => call(record, side, "trigger", now, people));
}

/** Acknowledged or resolved in chat: the same for the alerts the incident rang (whatever the hour is now). */
export async function incidentPhoneFollowUp(pages: PageLog, settings: ClientSettings, record: IncidentRecord, action: Exclude<PhoneAction, "trigger">, now: Date): Promise<Outgoing[]> {
  const rang = (await pages.deliveries(incidentSubject(record.id))).filter((d) => d.via === "phone");
  if (rang.length === 0) return [];
  // A delivery recorded before phone marks named their side: both sides, as they were rung then.
  const sides = SIDES.filter((side) => rang.some((d) => (d.side ?? side) === side) && canRing(settings, side));
  return sides.map((side) => ({ op: "phone", call: call(record, side, action, now, []) }) as Outgoing);
}
