import type { QbrAgenda } from "./qbr-agenda";
import { type IcsPerson, qbrInvitationIcs } from "./ics";

/** The agenda as plain numbered lines: the invitation body, and a text fallback for any channel. */
export function qbrAgendaOutline(agenda: QbrAgenda): string[] {
  const lines: string[] = [];
  for (const item of agenda.items) {
    switch (item.kind) {
      case "matrix-review": {
        const found = item.contradictions.length
          ? ` Contradicted by real ticket flow: ${item.contradictions.map((c) => c.summary).join(" / ")}.`
          : " No category contradicts the ticket flow.";
        lines.push(`Matrix review: version ${item.version}, signed ${item.signedDate} (${item.ageDays} days ago).${found}`);
        break;
      }
      case "metrics": {
        const fr = item.metrics.firstResponse.find((r) => r.severity === "all");
        lines.push(`${agenda.quarter} metrics: ${fr?.count ?? 0} first responses, ${fr?.breached ?? 0} SLA breaches, ${item.metrics.escalations.raised} escalations.`);
        break;
      }
      case "incidents-and-drills":
        lines.push(`Incidents and drills: ${item.incidents.length} incidents, ${item.drills.length} drills.${item.warning ? ` ${item.warning}` : ""}`);
        break;
      case "block-hours": {
        const last = item.months.at(-1);
        lines.push(last ? `Block hours: ${item.months.map((m) => `${m.month} used ${m.used} h`).join(", ")}; ${last.leftAtEnd} h left.` : "Block hours: none.");
        break;
      }
      case "action-items":
        lines.push(`Open action items: ${item.open.length ? item.open.map((a) => a.text).join("; ") : "none"}.`);
        break;
    }
  }
  return lines.map((l, i) => `${i + 1}. ${l}`);
}

export interface QbrInvitationOptions {
  uid: string;
  dtstamp: Date;
  start: Date;
  durationMinutes: number;
  timezone?: string;
  clientName: string;
  location?: string;
  organizer?: IcsPerson;
  attendees?: IcsPerson[];
}

/** The .ics sent when Graph is not configured, so the QBR still lands in calendars with the matrix review first. */
export function qbrInvitation(agenda: QbrAgenda, o: QbrInvitationOptions): string {
  return qbrInvitationIcs({
    uid: o.uid,
    dtstamp: o.dtstamp,
    start: o.start,
    end: new Date(o.start.getTime() + o.durationMinutes * 60_000),
    summary: `Quarterly business review: ${o.clientName} (${agenda.quarter})`,
    description: qbrAgendaOutline(agenda).join("\n"),
    ...(o.timezone ? { timezone: o.timezone } : {}),
    ...(o.location ? { location: o.location } : {}),
    ...(o.organizer ? { organizer: o.organizer } : {}),
    ...(o.attendees ? { attendees: o.attendees } : {}),
  });
}
