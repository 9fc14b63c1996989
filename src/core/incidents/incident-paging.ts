// The phone side of incident pages (always rung: incidents are sev-1) and the page-check timer of the live card.
import type { Outgoing } from "../conversation/reply";
import type { Party } from "../matrix/model";
import { incidentSubject, type PageLog, type PhoneAction, type PhoneCall } from "../paging/model";
import { canRing, phoneCall, ringsPhone } from "../paging/policy";
import type { ClientSettings } from "../ports/tenancy";
import type { IncidentRecord } from "./ports";

export const INCIDENT_PAGE_CHECK = "incident-page-check";

const dedupKey = (record: IncidentRecord) => `tandem:${record.clientId}:incident:${record.id}`;

/** A trigger (or acknowledge, resolve) for each side the client can ring. Drills ring nobody. */
export function incidentPhones(settings: ClientSettings, record: IncidentRecord, sides: Party[], action: PhoneAction, now: Date, people: string[] = []): PhoneCall[] {
  const s = record.state;
  if (s.drill || !ringsPhone(settings, s.severity, true)) return [];
  return sides
    .filter((side) => canRing(settings, side))
    .map((side) =>
      phoneCall({ clientId: record.clientId, side, dedupKey: dedupKey(record), summary: `${s.id} SEV ${s.severity} ${s.playbook.name}: ${s.summary}`.slice(0, 1024), severity: 1, source: `Tandem ${s.id}`, people }, action, now),
    );
}

/** Acknowledged or resolved in chat: the same for the alerts the incident rang. */
export async function incidentPhoneFollowUp(pages: PageLog, settings: ClientSettings, record: IncidentRecord, action: Exclude<PhoneAction, "trigger">, now: Date): Promise<Outgoing[]> {
  const rang = (await pages.deliveries(incidentSubject(record.id))).some((d) => d.via === "phone");
  if (!rang) return [];
  return incidentPhones(settings, record, ["internal", "msp"], action, now).map((call) => ({ op: "phone", call }) as Outgoing);
}
