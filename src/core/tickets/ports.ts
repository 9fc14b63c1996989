// What the ticket use cases need from storage and from the client's PSA. Implemented in src/adapters.
import type { Court, Severity, Ticket, TicketEvent, TicketPlace, TicketStatus } from "./model";

export interface NewTicket {
  clientId: string;
  title: string;
  body: string;
  categoryId: string | null;
  severity: Severity;
  court: Court;
  ownerId: string | null;
  ownerName: string | null;
  requester: string | null;
  sourceKey: string | null;
  sourceLink: string | null;
  createdBy: string | null;
  place: TicketPlace;
  at: Date;
  /** The "created" event (and any others, e.g. "escalated") stored with the ticket in one transaction. */
  events: TicketEvent[];
}

export type TicketPatch = Partial<
  Pick<
    Ticket,
    | "title"
    | "categoryId"
    | "severity"
    | "court"
    | "status"
    | "ownerId"
    | "ownerName"
    | "escalatedAt"
    | "ackedAt"
    | "ackedBy"
    | "firstResponseAt"
    | "resolvedAt"
    | "resolvedBy"
  >
>;

export interface TicketFilter {
  status?: TicketStatus;
  court?: Court;
  /** Tickets this person holds or opened (actorKey). */
  person?: string;
  offset?: number;
  limit?: number;
}

export interface TicketRepository {
  /**
   * Allocates the next per-client number atomically and stores the ticket. When a ticket already exists for the
   * same sourceKey, stores nothing and returns that one with created: false.
   */
  create(t: NewTicket): Promise<{ ticket: Ticket; created: boolean }>;
  /**
   * With `lock`, the ticket stays locked until the current turn commits: a timer that renders the card from what it
   * read holds a change made meanwhile back, so the change's card is queued after the timer's, never before it.
   */
  byId(id: string, opts?: { lock?: boolean }): Promise<Ticket | null>;
  byNumber(clientId: string, number: number): Promise<Ticket | null>;
  bySourceKey(clientId: string, sourceKey: string): Promise<Ticket | null>;
  events(ticketId: string): Promise<TicketEvent[]>;
  /** Applies a change made from `ticket` (as read); null when someone changed it since (re-read and retry). */
  change(ticket: Ticket, patch: TicketPatch, events: TicketEvent[]): Promise<Ticket | null>;
  list(clientId: string, filter: TicketFilter): Promise<{ tickets: Ticket[]; total: number }>;
  /** The conversation and thread of the ticket's card. */
  place(ticketId: string): Promise<TicketPlace | null>;
}

export interface HourEntryView {
  minutes: number;
  note: string | null;
  ticketId: string | null;
  actor: string | null;
  at: Date;
}

export interface HourBank {
  entries(clientId: string): Promise<HourEntryView[]>;
  /** Adds a movement under a per-client lock; returns the balance movements before and after it. */
  record(clientId: string, entry: Omit<HourEntryView, "at"> & { at: Date }): Promise<{ before: HourEntryView[]; after: HourEntryView[] }>;
}

export type TicketSinkEventType = "created" | "updated" | "resolved";

/** What a PSA integration receives about a ticket. */
export interface TicketSinkEvent {
  type: TicketSinkEventType;
  /** Unique per delivery, for the receiver's de-duplication. */
  id: string;
  clientId: string;
  occurredAt: string;
  change: string;
  ticket: {
    id: string;
    key: string;
    title: string;
    body: string;
    category: string | null;
    severity: Severity;
    court: Court;
    status: TicketStatus;
    owner: string | null;
    requester: string | null;
    link: string | null;
    createdAt: string;
    resolvedAt: string | null;
  };
}

/** Where ticket events go for the client's PSA; off unless the client configured one. Must not lose events. */
export interface TicketSink {
  publish(event: TicketSinkEvent): Promise<void>;
}

export const noSink: TicketSink = { publish: async () => undefined };
