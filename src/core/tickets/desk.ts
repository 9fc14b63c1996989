// Shared plumbing of the ticket use cases: ports, the matrix of the client, reading a ticket for a button,
// applying a change with optimistic retries, and building the card reply and the PSA event.
import { randomUUID } from "node:crypto";
import type { Actor } from "../conversation/events";
import type { Turn } from "../conversation/feature";
import type { Outgoing, Reply } from "../conversation/reply";
import { DomainError } from "../errors";
import type { Matrix } from "../matrix/model";
import type { MatrixStore } from "../matrix/store";
import type { Directory } from "../ports/directory";
import type { Identities } from "../ports/identities";
import type { MessageReaders } from "../ports/messages";
import { ticketSubject, type PageLog } from "../paging/model";
import { pageLines } from "../paging/summary";
import type { Jobs } from "../ports/jobs";
import type { AuditLog, ClientInfo, Tenancy } from "../ports/tenancy";
import { zonesOf } from "../matrix/zones";
import { blockLeft } from "./block-hours";
import { cardKey, ticketKey, type Ticket, type TicketEvent } from "./model";
import { displayName, type Names } from "../ports/names";
import type { HourBank, TicketPatch, TicketRepository, TicketSink, TicketSinkEvent, TicketSinkEventType } from "./ports";
import { slaClocks, slaPolicy, type SlaPolicy } from "./sla";
import { ticketCard, ticketText, type TicketCard } from "./ticket-card";

import type { CardPlaces } from "../access/card-binding";

export interface TicketDeps {
  tickets: TicketRepository;
  hours: HourBank;
  sink: TicketSink;
  jobs: Jobs;
  tenancy: Tenancy;
  audit: AuditLog;
  matrices: MatrixStore;
  directory: Directory;
  names: Names;
  /** Where each page went and whether it arrived (the card shows it). */
  pages: PageLog;
  /** Homes of people (shared channels); absent: as the records say. */
  identities?: Identities;
  /** Where a card was posted or queued (the outbox): a ticket whose card is in neither lost it in a crash. */
  cards?: CardPlaces;
  /** Reads a message back from its platform ("ticket this" in its thread); absent: no platform can. */
  messages?: MessageReaders;
}

/** How a person is shown on cards: their one display name (core/ports/names.ts), else what the platform said, else their id. */
export function nameOf(deps: TicketDeps, clientId: string, actor: Actor): Promise<string> {
  return displayName(deps.names, clientId, actor);
}

export const actorName = (deps: TicketDeps, turn: Turn): Promise<string> => nameOf(deps, turn.client.id, turn.actor);

/** The client's matrix in force at `at`, or null without one. */
export async function matrixOf(deps: TicketDeps, clientId: string, at: Date): Promise<Matrix | null> {
  return (await deps.matrices.current(clientId, at))?.matrix ?? null;
}

export function policyOf(client: ClientInfo, matrix: Matrix | null): SlaPolicy {
  return slaPolicy(client.settings, matrix);
}

/** The ticket a button refers to, refusing another client's ticket (a forged or stale button). */
export async function ticketOfAction(deps: TicketDeps, turn: Turn, id: string | undefined): Promise<Ticket> {
  const t = id ? await deps.tickets.byId(id) : null;
  if (!t || t.clientId !== turn.client.id) throw new DomainError("ticket-not-found", "I can't find that ticket any more. Say \"open tickets\" to see the current ones.");
  return t;
}

export async function ticketByRef(deps: TicketDeps, client: ClientInfo, number: number): Promise<Ticket> {
  const t = await deps.tickets.byNumber(client.id, number);
  if (!t) throw new DomainError("ticket-not-found", `There is no ticket ${ticketKey(client.ticketPrefix, number)}. Say "open tickets" to see the current ones.`);
  return t;
}

export interface Change {
  patch: TicketPatch;
  events: TicketEvent[];
}

/**
 * Applies `decide` to the latest copy of a ticket; if another replica changed it in between, reads it again and
 * decides again (a few times). `decide` throws a DomainError to refuse.
 */
export async function mutate(deps: TicketDeps, ticket: Ticket, decide: (t: Ticket, events: TicketEvent[]) => Change): Promise<Ticket> {
  let current: Ticket | null = ticket;
  for (let attempt = 0; attempt < 5 && current; attempt++) {
    const events = await deps.tickets.events(current.id);
    const change = decide(current, events);
    const saved = await deps.tickets.change(current, change.patch, change.events);
    if (saved) return saved;
    current = await deps.tickets.byId(current.id);
  }
  throw new DomainError("ticket-busy", "That ticket is being changed by someone else right now. Please try again.");
}

/** The ticket's card; `timezone` overrides the client's for its times (the CLI's --utc). */
export async function cardOf(deps: TicketDeps, client: ClientInfo, ticket: Ticket, now: Date, matrix?: Matrix | null, timezone?: string): Promise<TicketCard> {
  const m = matrix === undefined ? await matrixOf(deps, client.id, now) : matrix;
  const events = await deps.tickets.events(ticket.id);
  const clocks = slaClocks(ticket, events, policyOf(client, m), m?.businessHours ?? null, now);
  const bank = await deps.hours.entries(client.id);
  const category = m?.categories.find((c) => c.id === ticket.categoryId);
  const pages = ticket.escalatedAt ? pageLines(await deps.pages.deliveries(ticketSubject(ticket.id)), zonesOf(m, client)) : [];
  return ticketCard({
    ticket,
    events,
    prefix: client.ticketPrefix,
    parties: m ? { internal: m.parties.internal.name, msp: m.parties.msp.name } : undefined,
    categoryName: category?.name ?? ticket.categoryId,
    clocks,
    zones: timezone ? { zone: timezone, other: null } : zonesOf(m, client),
    hoursLeft: blockLeft(bank),
    now,
    pages,
  });
}

export function cardReply(card: TicketCard, mentions?: Actor[]): Reply {
  return { text: ticketText(card), card: { name: "ticket", data: card }, ...(mentions?.length ? { mentions } : {}) };
}

export async function updateCard(deps: TicketDeps, client: ClientInfo, ticket: Ticket, now: Date): Promise<Outgoing> {
  return { op: "update", key: cardKey(ticket.id), reply: cardReply(await cardOf(deps, client, ticket, now)) };
}

export async function publish(deps: TicketDeps, client: ClientInfo, type: TicketSinkEventType, ticket: Ticket, change: string, now: Date): Promise<void> {
  const event: TicketSinkEvent = {
    type,
    id: randomUUID(),
    clientId: client.id,
    occurredAt: now.toISOString(),
    change,
    ticket: {
      id: ticket.id,
      key: ticketKey(client.ticketPrefix, ticket.number),
      title: ticket.title,
      body: ticket.body,
      category: ticket.categoryId,
      severity: ticket.severity,
      court: ticket.court,
      status: ticket.status,
      owner: ticket.ownerName,
      requester: ticket.requester,
      link: ticket.sourceLink,
      createdAt: ticket.createdAt.toISOString(),
      resolvedAt: ticket.resolvedAt?.toISOString() ?? null,
    },
  };
  await deps.sink.publish(event);
}
