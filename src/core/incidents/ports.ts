// What the incident feature needs from storage and the rest of Tandem. Prisma implementations live in
// src/adapters/db/{incident,playbook}-repo.ts.
import type { Actor as ChatActor, ChannelRef, Platform } from "../conversation/events";
import type { Role } from "../ports/tenancy";
import type { IncidentState, TimelineEvent, Transition } from "./incident-model";
import type { PlaybookSet } from "./playbook-set";

/** A stored incident: `id` is the database id (card key `incident:<id>`), `state.id` the people's name ("IR-3"). */
export interface IncidentRecord {
  id: string;
  clientId: string;
  number: number;
  channel: ChannelRef | null;
  state: IncidentState;
}

export interface NewIncident {
  clientId: string;
  channel: ChannelRef;
  /** Ticket row linked with Incident.ticketId. */
  ticketRowId: string | null;
  /** Builds the first transition once the incident's number (and so its "IR-n" name) is allocated. */
  start(ref: string): Transition;
}

export interface IncidentStore {
  create(input: NewIncident): Promise<{ record: IncidentRecord; events: TimelineEvent[] }>;
  /**
   * With `lock`, the incident stays locked until the current turn commits: a timer that renders the card from what it
   * read holds a change made meanwhile back, so the change's card is queued after the timer's, never before it.
   */
  get(id: string, opts?: { lock?: boolean }): Promise<IncidentRecord | null>;
  /** "IR-3", "ir-3" or "3" within a client. */
  findByRef(clientId: string, ref: string): Promise<IncidentRecord | null>;
  open(clientId: string): Promise<IncidentRecord[]>;
  /**
   * Applies `change` with the incident locked (one change at a time across replicas) and stores the new state
   * and its timeline events. `change` returning null stores nothing. Errors thrown by `change` abort it.
   */
  change(id: string, change: (record: IncidentRecord) => Transition | null): Promise<{ record: IncidentRecord; events: TimelineEvent[] } | null>;
  /** The platform thread of the incident card, once it was posted. */
  cardThread(id: string): Promise<string | undefined>;
}

/** The playbooks a client can run: shipped defaults, replaced by the client's imported files with the same id. */
export interface PlaybookLibrary {
  playbooksFor(clientId: string): Promise<PlaybookSet>;
}

export interface TicketRef {
  /** Database id (Incident.ticketId). */
  id: string;
  /** "HL-12". */
  key: string;
  title: string;
  severity: number;
}

export interface TicketLookup {
  ticket(clientId: string, by: { id: string } | { key: string }): Promise<TicketRef | null>;
}

/** A person Tandem knows for a client (a Person row). */
export interface KnownPerson {
  /** Person row id. */
  id: string;
  actor: ChatActor;
  name: string;
  roles: Role[];
}

export interface People {
  ofClient(clientId: string, platform?: Platform): Promise<KnownPerson[]>;
}
