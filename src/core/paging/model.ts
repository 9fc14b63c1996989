// A page: who Tandem asked to act on a ticket or incident, by which means, and whether it reached them. Every page
// is an in-channel message on the ticket's or incident's thread with a real @mention of each person; a direct message
// goes in addition only where the platform allows one (same tenant or workspace); a phone provider (PagerDuty, a
// signed webhook) rings a phone for sev-1 and after hours. Each delivery is an outbox row marked with the page, so the
// card reads from the outbox what was sent, when, and what failed: a failed DM never counts as paged.
import type { ChannelRef } from "../conversation/events";
import type { Party } from "../matrix/model";
import type { Severity } from "../severity";

export type PageVia = "mention" | "dm" | "phone";

export interface PagePerson {
  /** actorKey of the person. */
  key: string;
  name: string;
}

/** What an outbox row of a page says about it (payload.page). */
export interface PageMark {
  /** "ticket:<id>" or "incident:<id>": whose card shows this delivery. */
  subject: string;
  /** Which page of the subject (escalation step, incident page), so a card can say "paged X, then Y". */
  round: number;
  via: PageVia;
  people: PagePerson[];
  /** On the mention: people not sent a direct message, and why (another tenant or workspace, a drill). */
  skipped?: (PagePerson & { why: string })[];
  /** On a phone delivery: whose on-call it rang, so acknowledge and resolve go to the same routing key. */
  side?: Party;
}

export type PhoneAction = "trigger" | "acknowledge" | "resolve";

/** One event for the client's phone paging provider (PagerDuty Events API v2 or a signed webhook). */
export interface PhoneCall {
  action: PhoneAction;
  clientId: string;
  /** Whose on-call is rung: each side has its own routing key. */
  side: Party;
  /** The same for every event about one ticket or incident, so acknowledge and resolve find the alert. */
  dedupKey: string;
  summary: string;
  severity: Severity;
  /** "Maple Ridge HL-12" or "Maple Ridge IR-3": where the alert comes from. */
  source: string;
  /** The people paged in chat, for whoever answers the phone. */
  people?: string[];
  at: string;
}

/** A page as the card shows it: the outbox row's mark and what became of it. */
export interface PageDelivery extends PageMark {
  /** The outbox row. */
  id: string;
  status: "pending" | "sent" | "failed";
  /** When it was sent (or queued, while pending). */
  at: Date;
  error?: string;
  /** Where a mention was posted (its thread). */
  place?: { channel: ChannelRef; threadId?: string };
}

/** What the cards read: the deliveries of a subject, oldest first. */
export interface PageLog {
  deliveries(subject: string): Promise<PageDelivery[]>;
}

export const ticketSubject = (ticketId: string) => `ticket:${ticketId}`;
export const incidentSubject = (incidentId: string) => `incident:${incidentId}`;
