// What people do to a ticket from its card: take it, hand it over, wait on the requester, note, change severity,
// resolve and reopen. Every change is a timeline event with who and why; the card is updated in place.
import { actorKey, actorOfKey } from "../conversation/events";
import type { Turn } from "../conversation/feature";
import type { Outgoing } from "../conversation/reply";
import { DomainError } from "../errors";
import type { Party } from "../matrix/model";
import { cancelAckTimer } from "./escalate";
import { pageCardUpdates, phoneFollowUp } from "./ticket-paging";
import { actorName, mutate, publish, updateCard, type TicketDeps } from "./desk";
import { COURTS, isSeverity, ticketKey, type Court, type Ticket, type TicketEvent } from "./model";
import { sideName, sideOf } from "./sides";

function requireSide(turn: Turn, t: Ticket, what: string): Party {
  const side = sideOf(turn.roles, t.court);
  if (!side) throw new DomainError("not-a-side", `Only internal IT or the MSP can ${what}. Ask them in this thread, or add a note.`);
  return side;
}

function requireOpen(t: Ticket): void {
  if (t.status !== "open") throw new DomainError("ticket-resolved", "That ticket is resolved. Press Reopen first if it needs more work.");
}

/** A change is shown on the ticket's card and on the cards of its pages' direct messages (resolved: no Acknowledge left there). */
async function after(deps: TicketDeps, turn: Turn, t: Ticket, change: string, type: "updated" | "resolved" = "updated"): Promise<Outgoing[]> {
  await publish(deps, turn.client, type, t, change, turn.now);
  return [await updateCard(deps, turn.client, t, turn.now), ...(await pageCardUpdates(deps, turn.client, t, turn.now))];
}

export async function take(deps: TicketDeps, turn: Turn, ticket: Ticket): Promise<Outgoing[]> {
  const me = actorKey(turn.actor);
  const who = await actorName(deps, turn);
  const saved = await mutate(deps, ticket, (t) => {
    requireOpen(t);
    const side = requireSide(turn, t, "take a ticket");
    if (t.ownerId === me && t.court === side) throw new DomainError("already-yours", "You already have this ticket.");
    const event: TicketEvent = { type: "taken", actor: who, side, at: turn.now, ...(t.court !== side ? { fromCourt: t.court, toCourt: side } : {}) };
    return { patch: { ownerId: me, ownerName: who, court: side, firstResponseAt: t.firstResponseAt ?? turn.now }, events: [event] };
  });
  return after(deps, turn, saved, "taken");
}

export async function handOver(deps: TicketDeps, turn: Turn, ticket: Ticket, to: string | undefined, reason: string | undefined): Promise<Outgoing[]> {
  const who = await actorName(deps, turn);
  const target = COURTS.find((c) => c === to);
  if (!target) throw new DomainError("bad-court", "Hand it to internal IT, the MSP or the requester.");
  const why = (reason ?? "").trim();
  const saved = await mutate(deps, ticket, (t, events) => {
    requireOpen(t);
    const side = requireSide(turn, t, "hand a ticket over");
    if (t.court === target) throw new DomainError("same-court", `It is already ${target === "requester" ? "waiting on the requester" : `with ${sideName(target)}`}.`);
    // Coming back from the requester needs no reason; every other hand-over says why.
    if (!why && t.court !== "requester") throw new DomainError("reason-needed", "Say why you hand it over (Hand over on the card asks for it), so the other side knows what to do.");
    const keepOwner = target === "requester" || (t.court === "requester" && target === lastHeldSide(events));
    const patch = { court: target, ...(keepOwner ? {} : { ownerId: null, ownerName: null }), firstResponseAt: t.firstResponseAt ?? turn.now };
    return { patch, events: [{ type: "handover", actor: who, side, fromCourt: t.court, toCourt: target, text: why || null, at: turn.now }] };
  });
  return [...(await after(deps, turn, saved, `handover:${target}`)), ...(target === "requester" ? await askRequester(deps, turn, saved, who, why) : [])];
}

/**
 * Waiting on the requester: the person who opened the ticket is told so in its thread, with an @mention (a card
 * update notifies nobody), unless they handed it to themselves. Their note on the card hands it back.
 */
async function askRequester(deps: TicketDeps, turn: Turn, t: Ticket, who: string, why: string): Promise<Outgoing[]> {
  const requester = actorOfKey(t.createdBy ?? "");
  if (!requester || t.createdBy === actorKey(turn.actor)) return [];
  const place = await deps.tickets.place(t.id);
  if (!place || place.channel.platform !== requester.platform) return [];
  const ref = ticketKey(turn.client.ticketPrefix, t.number);
  const text = `${ref} is waiting on you: ${who} asks${why ? ` "${why}"` : " for your answer"}. Answer with "Add note or time" on the ticket's card.`;
  return [{ op: "post", channel: place.channel, threadId: place.threadId, reply: { text, mentions: [requester] } }];
}

/** The side that held the ticket last (before it went to the requester). */
export function lastHeldSide(events: readonly TicketEvent[]): Party {
  const e = [...events].reverse().find((x) => x.toCourt === "internal" || x.toCourt === "msp");
  return e?.toCourt === "msp" ? "msp" : "internal";
}

export async function note(deps: TicketDeps, turn: Turn, ticket: Ticket, text: string | undefined): Promise<Outgoing[]> {
  const who = await actorName(deps, turn);
  const body = (text ?? "").trim();
  if (!body) throw new DomainError("note-empty", "Type a note (or a time spent) first, then save.");
  const me = actorKey(turn.actor);
  const saved = await mutate(deps, ticket, (t, events) => {
    const side = sideOf(turn.roles, t.court);
    const event: TicketEvent = { type: "note", actor: who, side, text: body, at: turn.now };
    // The requester answering while it waits on them puts it back with the side that asked.
    if (t.status === "open" && t.court === "requester" && !side && t.createdBy === me) {
      const back = lastHeldSide(events);
      return { patch: { court: back }, events: [event, { type: "handover", actor: who, side: null, fromCourt: "requester", toCourt: back, text: "the requester answered", at: turn.now }] };
    }
    const responded = side && side === t.court && !t.firstResponseAt ? { firstResponseAt: turn.now } : {};
    return { patch: responded, events: [event] };
  });
  return after(deps, turn, saved, "note");
}

export async function changeSeverity(deps: TicketDeps, turn: Turn, ticket: Ticket, value: string | undefined): Promise<Outgoing[]> {
  const who = await actorName(deps, turn);
  const severity = Number(value);
  if (!isSeverity(severity)) throw new DomainError("bad-severity", "Pick a severity from 1 (critical) to 4 (low).");
  const saved = await mutate(deps, ticket, (t) => {
    requireOpen(t);
    const side = requireSide(turn, t, "change the severity");
    if (t.severity === severity) throw new DomainError("same-severity", `It is already severity ${severity}.`);
    return { patch: { severity }, events: [{ type: "severity", actor: who, side, data: { severity, from: t.severity }, at: turn.now }] };
  });
  return after(deps, turn, saved, `severity:${severity}`);
}

export async function resolve(deps: TicketDeps, turn: Turn, ticket: Ticket, reason: string | undefined): Promise<Outgoing[]> {
  const who = await actorName(deps, turn);
  const me = actorKey(turn.actor);
  const saved = await mutate(deps, ticket, (t) => {
    requireOpen(t);
    const side = sideOf(turn.roles, t.court);
    if (!side && t.createdBy !== me) throw new DomainError("not-a-side", "Only internal IT, the MSP or the person who opened it can resolve a ticket.");
    return {
      patch: { status: "resolved", resolvedAt: turn.now, resolvedBy: who },
      events: [{ type: "resolved", actor: who, side, fromCourt: t.court, text: reason?.trim() || null, at: turn.now }],
    };
  });
  await cancelAckTimer(deps, saved);
  return [...(await after(deps, turn, saved, "resolved", "resolved")), ...(await phoneFollowUp(deps, turn.client, saved, "resolve", turn.now))];
}

export async function reopen(deps: TicketDeps, turn: Turn, ticket: Ticket, reason: string | undefined): Promise<Outgoing[]> {
  const who = await actorName(deps, turn);
  const saved = await mutate(deps, ticket, (t, events) => {
    if (t.status === "open") throw new DomainError("ticket-open", "That ticket is already open.");
    const court: Court = t.court === "requester" ? lastHeldSide(events) : t.court;
    return {
      // An escalation nobody acknowledged before the resolution does not come back as a pending page.
      patch: { status: "open", resolvedAt: null, resolvedBy: null, court, ...(t.escalatedAt && !t.ackedAt ? { escalatedAt: null } : {}) },
      events: [{ type: "reopened", actor: who, side: sideOf(turn.roles, t.court), toCourt: court, text: reason?.trim() || null, at: turn.now }],
    };
  });
  return after(deps, turn, saved, "reopened");
}
