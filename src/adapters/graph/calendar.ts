// The QBR calendar over Microsoft Graph: POST /users/{organiser}/events (application permission Calendars.ReadWrite).
import type { Client } from "@microsoft/microsoft-graph-client";
import { DomainError } from "../../core/errors";
import type { CalendarEvent, QbrCalendar } from "../../core/schedules/cadence-ports";

/** Graph's dateTimeTimeZone in UTC: no Windows/IANA zone name mapping to get wrong; Outlook shows it in local time. */
const utc = (d: Date) => ({ dateTime: d.toISOString().replace(/Z$/, ""), timeZone: "UTC" });

export function graphEventBody(e: CalendarEvent) {
  return {
    subject: e.subject,
    body: { contentType: "text", content: e.body },
    start: utc(e.start),
    end: utc(e.end),
    attendees: e.attendees.map((a) => ({ emailAddress: { address: a.email, ...(a.name ? { name: a.name } : {}) }, type: "required" })),
    // Graph returns the existing event for a repeated transactionId instead of creating a second one.
    transactionId: e.transactionId,
    allowNewTimeProposals: true,
  };
}

export class GraphCalendar implements QbrCalendar {
  constructor(private readonly graph: Client) {}

  async createEvent(organizer: string, e: CalendarEvent): Promise<{ id: string; link: string | null }> {
    try {
      const created = (await this.graph.api(`/users/${encodeURIComponent(organizer)}/events`).post(graphEventBody(e))) as { id?: string; webLink?: string };
      return { id: String(created.id ?? ""), link: created.webLink ?? null };
    } catch (err) {
      const g = err as { statusCode?: number; code?: string; message?: string };
      const why =
        g.statusCode === 404 ? `Outlook does not know "${organizer}"; set the organiser with schedule change qbr <dates> organiser name@company.com`
        : g.statusCode === 403 || g.statusCode === 401 ? "Tandem's app registration needs the Calendars.ReadWrite application permission"
        : `Graph answered ${g.statusCode ?? "with an error"}${g.code ? ` (${g.code})` : ""}; try again in a minute`;
      throw new DomainError("qbr-calendar", `I couldn't create the QBR meeting: ${why}.`);
    }
  }
}
