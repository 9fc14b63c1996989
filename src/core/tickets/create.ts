// A message becomes a ticket: routed by the matrix, held by the side that owns the category right now,
// numbered per client, posted as a card in the thread. The same message twice points to the first ticket.
import { availabilityOf } from "../ports/directory";
import { actorKey } from "../conversation/events";
import type { Turn } from "../conversation/feature";
import type { Outgoing } from "../conversation/reply";
import { replyPrivately } from "../conversation/router";
import { ownerNow } from "../matrix/owner-now";
import type { Category, Matrix } from "../matrix/model";
import { routeQuestion } from "../routing/route";
import { cardOf, cardReply, actorName, matrixOf, publish, type TicketDeps } from "./desk";
import { cardKey, isSeverity, ticketKey, type Court, type Severity, type Ticket, type TicketPlace } from "./model";
import { sideOf } from "./sides";

export interface TicketRequest {
  text: string;
  /** A category picked by a person (the who-handles button); otherwise the matrix routes the text. */
  categoryId?: string | null;
  severity?: Severity | null;
  requester?: string | null;
  sourceKey?: string | null;
  sourceLink?: string | null;
  /** A note the person added when making the ticket (the Create ticket dialog): on the timeline, from them. */
  note?: string | null;
  place: TicketPlace;
}

const TITLE_MAX = 120;

export function titleOf(text: string): string {
  const first = text.trim().split(/\r?\n/).find((l) => l.trim()) ?? "";
  const clean = first.trim().replace(/\s+/g, " ");
  return clean.length > TITLE_MAX ? `${clean.slice(0, TITLE_MAX - 1)}…` : clean || "(no text)";
}

export interface Routed {
  category: Category | null;
  court: Court;
  ownerName: string | null;
  severity: Severity;
}

/** Category (picked or routed), the side that has it right now (the backup when the owner is away), and severity. */
export async function routeTicket(deps: TicketDeps, matrix: Matrix | null, clientId: string, req: TicketRequest, at: Date): Promise<Routed> {
  let category: Category | null = null;
  if (matrix) {
    category = req.categoryId ? (matrix.categories.find((c) => c.id === req.categoryId) ?? null) : null;
    if (!category && !req.categoryId) {
      // Only a category Tandem is sure of decides whose court a ticket lands in; a guess would send it to the wrong side.
      const routed = routeQuestion(matrix, req.text, await deps.matrices.learned(clientId));
      category = routed.decision === "answer" ? routed.category : null;
    }
  }
  const severity: Severity = req.severity ?? (isSeverity(category?.severity) ? category!.severity : 3);
  if (!matrix || !category) return { category, court: "internal", ownerName: null, severity };
  const people = [...(matrix.parties.internal.people ?? []), ...(matrix.parties.msp.people ?? [])];
  const { away: awayNames } = await availabilityOf(deps.directory, people);
  const now = ownerNow(matrix, category, at, { isAway: (n) => awayNames.has(n) });
  const side = now.effectiveSide;
  const contacts = side === now.leadSide ? now.contacts : matrix.parties[side].contacts.map((name) => ({ name, away: awayNames.has(name) }));
  const ownerName = contacts.find((c) => !c.away)?.name ?? null;
  return { category, court: side, ownerName, severity };
}

export interface Created {
  ticket: Ticket;
  created: boolean;
  /** The card post (new ticket) or a private pointer to the existing one. */
  out: Outgoing[];
}

export async function createTicket(deps: TicketDeps, turn: Turn, req: TicketRequest): Promise<Created> {
  const { client, now } = turn;
  if (req.sourceKey) {
    const existing = await deps.tickets.bySourceKey(client.id, req.sourceKey);
    if (existing) return { ticket: existing, created: false, out: [await alreadyTicket(deps, turn, existing, req)] };
  }
  const matrix = await matrixOf(deps, client.id, now);
  const routed = await routeTicket(deps, matrix, client.id, req, now);
  const who = await actorName(deps, turn);
  const { ticket, created } = await deps.tickets.create({
    clientId: client.id,
    title: titleOf(req.text),
    body: req.text.trim(),
    categoryId: routed.category?.id ?? null,
    severity: routed.severity,
    court: routed.court,
    ownerId: null,
    ownerName: routed.ownerName,
    requester: req.requester ?? who,
    sourceKey: req.sourceKey ?? null,
    sourceLink: req.sourceLink ?? null,
    createdBy: actorKey(turn.actor),
    place: req.place,
    at: now,
    events: [
      {
        type: "created",
        actor: who,
        side: sideOf(turn.roles),
        toCourt: routed.court,
        text: routed.category ? routed.category.name : "not in the matrix",
        data: { category: routed.category?.id ?? null, severity: routed.severity },
        at: now,
      },
      // Said while asking, not an answer: it does not stop anyone's first-response clock (no side).
      ...(req.note?.trim() ? [{ type: "note" as const, actor: who, side: null, text: req.note.trim().slice(0, 2000), at: now }] : []),
    ],
  });
  if (!created) return { ticket, created, out: [await alreadyTicket(deps, turn, ticket, req)] };
  await publish(deps, client, "created", ticket, "created", now);
  const card = await cardOf(deps, client, ticket, now, matrix);
  const post: Outgoing = { op: "post", channel: req.place.channel, threadId: req.place.threadId, key: cardKey(ticket.id), reply: cardReply(card) };
  return { ticket, created, out: [post] };
}

/**
 * The same message made into a ticket again: a pointer to its card. Unless the card is nowhere (neither posted nor
 * queued): the turn that made the ticket died before its reply was stored, and this is that turn run again after
 * the lease, so the card is posted now instead of pointing at a card nobody will ever see.
 */
async function alreadyTicket(deps: TicketDeps, turn: Turn, t: Ticket, req: TicketRequest): Promise<Outgoing> {
  // Made by an earlier turn (a turn's own ticket has its card queued with the turn's reply, not yet stored).
  const earlier = t.createdAt.getTime() < turn.now.getTime();
  if (deps.cards && earlier && (await deps.cards.conversationOf(cardKey(t.id))) === null) {
    const card = await cardOf(deps, turn.client, t, turn.now, await matrixOf(deps, turn.client.id, turn.now));
    return { op: "post", channel: req.place.channel, threadId: req.place.threadId, key: cardKey(t.id), reply: cardReply(card) };
  }
  return pointerTo(turn, t);
}

function pointerTo(turn: Turn, t: Ticket): Outgoing {
  const ref = ticketKey(turn.client.ticketPrefix, t.number);
  const state = t.status === "open" ? "still open" : "resolved";
  return replyPrivately(turn, { text: `That message is already ticket ${ref} (${state}): "${t.title}". Its card is in the thread where it was opened.` });
}
