// /escalate: internal IT hands a ticket to the MSP, who must acknowledge within the severity's SLA; otherwise a
// durable timer re-pages the next person on the escalation path, then the MSP lead, recording each step.
import { actorKey, conversationKey, type Actor } from "../conversation/events";
import type { Turn } from "../conversation/feature";
import type { Outgoing } from "../conversation/reply";
import { replyPrivately } from "../conversation/router";
import { DomainError } from "../errors";
import { availabilityOf } from "../ports/directory";
import type { Matrix } from "../matrix/model";
import type { JobContext } from "../ports/jobs";
import type { ClientInfo } from "../ports/tenancy";
import { cardOf, cardReply, actorName, matrixOf, mutate, policyOf, publish, type TicketDeps } from "./desk";
import { pageCardUpdates, pageTicket, phoneFollowUp } from "./ticket-paging";
import { escalationPath, type PageTarget } from "./escalation";
import { cardKey, ticketKey, type Severity, type Ticket, type TicketEvent, type TicketPlace } from "./model";
import { deadline } from "./sla";
import { placeOf } from "./place";
import { lateNote } from "../time/late";
import { zonesOf } from "../matrix/zones";

export const ACK_TIMEOUT_JOB = "ticket-ack-timeout";

export const ackJobKey = (ticketId: string, escalatedAt: Date, step: number) => `ticket-ack:${ticketId}:${escalatedAt.getTime()}:${step}`;

/** The re-pages of one escalation: while the platform is down, the newest replaces the older unsent ones (time/late.ts). */
const repageKey = (ticketId: string, escalatedAt: number) => `ticket:${ticketId}:${escalatedAt}`;

export { pageCardKey } from "./ticket-paging";

function pathOf(events: readonly TicketEvent[], escalatedAt: Date): PageTarget[] {
  const e = events.find((x) => x.type === "escalated" && x.at.getTime() === escalatedAt.getTime());
  return ((e?.data?.path as PageTarget[] | undefined) ?? []).filter((p) => p && p.actor);
}

/**
 * Where the person acted, unless that is the card's own conversation outside any thread (a Slack slash command):
 * then the card's thread, rather than the top of the channel.
 */
function noticePlace(acted: TicketPlace, home: TicketPlace | null): TicketPlace {
  const sameConversation = home && home.channel.platform === acted.channel.platform && home.channel.id === acted.channel.id;
  return !acted.threadId && sameConversation ? home : acted;
}

/** Where re-pages are announced: where the escalation was raised (the ticket's own thread for older escalations). */
function announcedAt(events: readonly TicketEvent[], escalatedAt: Date): TicketPlace | null {
  const e = events.find((x) => x.type === "escalated" && x.at.getTime() === escalatedAt.getTime());
  const place = e?.data?.place as TicketPlace | undefined;
  return place?.channel?.id ? place : null;
}

function stepsDone(events: readonly TicketEvent[], escalatedAt: Date): Set<number> {
  return new Set(events.filter((e) => e.type === "repaged" && e.at >= escalatedAt).map((e) => Number(e.data?.step)));
}

export interface Escalation {
  ticket: Ticket;
  /** Notices for the channel thread and the paged person (the card itself is left to the caller). */
  notices: Outgoing[];
  paged: PageTarget | null;
}

/**
 * Hands the ticket to the MSP and pages the first person on the path; schedules the acknowledgement timer. `cardPost`:
 * a new ticket's card, which then carries the page (the @mention) itself.
 */
export async function escalateTicket(deps: TicketDeps, turn: Turn, ticket: Ticket, severity: Severity | null, reason: string, cardPost?: (t: Ticket) => Promise<Extract<Outgoing, { op: "post" }>>): Promise<Escalation> {
  const { client, now } = turn;
  const matrix = await matrixOf(deps, client.id, now);
  // Told where the person escalated (a thread in the channel, a 1:1 chat); the card is updated wherever it lives.
  const place = noticePlace(placeOf(turn.event), await deps.tickets.place(ticket.id));
  const category = matrix?.categories.find((c) => c.id === ticket.categoryId) ?? null;
  const people = [...(matrix?.parties.msp.people ?? [])];
  const { away } = await availabilityOf(deps.directory, people);
  // People with a role are paged (and shown on the card) by their one name, not by their chat id.
  const named = (people: Actor[]) => Promise.all(people.map(async (a) => (a.name ? a : { ...a, name: (await deps.names.nameOf(client.id, a, place.channel).catch(() => null)) ?? undefined })));
  const [mspTechs, mspLeads] = await Promise.all([deps.tenancy.peopleWithRole(client.id, "msp-tech").then(named), deps.tenancy.peopleWithRole(client.id, "msp-lead").then(named)]);
  // Matrix contacts known only by their AAD object id are placed in the tenant Tandem saw them in.
  const homes = deps.identities ? await deps.identities.homesOf("teams", people.flatMap((p) => (p.aadObjectId ? [p.aadObjectId] : []))) : undefined;
  const path = escalationPath({ channel: place.channel, matrix, category, at: now, away, mspTechs, mspLeads, homes });
  const who = await actorName(deps, turn);

  const saved = await mutate(deps, ticket, (t) => {
    if (t.status !== "open") throw new DomainError("ticket-resolved", "That ticket is resolved. Reopen it first if it needs the MSP.");
    if (t.court === "msp" && t.escalatedAt && !t.ackedAt) {
      throw new DomainError("already-escalated", `${ticketKey(client.ticketPrefix, t.number)} is already escalated and waiting for the MSP to acknowledge.`);
    }
    const event: TicketEvent = {
      type: "escalated",
      actor: who,
      side: "internal",
      fromCourt: t.court,
      toCourt: "msp",
      text: reason || null,
      data: { path, step: 0, paged: path[0]?.name ?? null, place, ...(severity && severity !== t.severity ? { severity, from: t.severity } : {}) },
      at: now,
    };
    return {
      patch: { court: "msp", severity: severity ?? t.severity, escalatedAt: now, ackedAt: null, ackedBy: null, ownerId: null, ownerName: path[0]?.name ?? null },
      events: [event],
    };
  });
  await deps.audit.record({
    clientId: client.id,
    actor: actorKey(turn.actor),
    action: "ticket.escalate",
    outcome: "allowed",
    place: conversationKey(turn.event.channel),
    detail: { ticket: ticketKey(client.ticketPrefix, saved.number), severity: saved.severity, paged: path[0]?.name ?? null },
  });
  await publish(deps, client, "updated", saved, "escalated", now);

  const ref = ticketKey(client.ticketPrefix, saved.number);
  const lead = `${ref} is escalated to the MSP by ${who}${reason ? `: "${reason}"` : ""}.`;
  if (path.length === 0) {
    const notice = `${lead} No MSP person is set up in Tandem for this client, so nobody was paged. Add them with "tandem people add ... --roles msp-tech".`;
    const post = cardPost ? await cardPost(saved) : undefined;
    const out: Outgoing = post ? { ...post, reply: { ...post.reply, text: notice } } : { op: "post", channel: place.channel, threadId: place.threadId, reply: { text: notice } };
    return { ticket: saved, notices: [out], paged: null };
  }
  const post = cardPost ? await cardPost(saved) : undefined;
  const { out, due } = await pageTicket(deps, client, saved, { target: path[0], place, lead, round: 0, post, due: { at: now.toISOString(), noteAt: lead.length - 1 } }, now, matrix);
  await deps.jobs.schedule({ kind: ACK_TIMEOUT_JOB, key: ackJobKey(saved.id, now, 1), runAt: due, payload: { ticketId: saved.id, escalatedAt: now.getTime(), step: 1 } });
  return { ticket: saved, notices: out, paged: path[0] };
}

/** The Acknowledge button: the MSP takes the escalation; the timer stops; the pages' direct messages lose their button. */
export async function acknowledge(deps: TicketDeps, turn: Turn, ticket: Ticket): Promise<Outgoing[]> {
  const who = await actorName(deps, turn);
  const saved = await mutate(deps, ticket, (t) => {
    if (t.status !== "open" || !t.escalatedAt) throw new DomainError("not-escalated", "That ticket is not waiting for an acknowledgement.");
    if (t.ackedAt) throw new DomainError("already-acked", `${t.ackedBy ?? "Someone"} already acknowledged it.`);
    return {
      patch: { ackedAt: turn.now, ackedBy: who, ownerId: actorKey(turn.actor), ownerName: who, court: "msp", firstResponseAt: t.firstResponseAt ?? turn.now },
      events: [{ type: "acked", actor: who, side: "msp", at: turn.now }],
    };
  });
  await cancelAckTimer(deps, saved);
  await publish(deps, turn.client, "updated", saved, "acknowledged", turn.now);
  const card = await cardOf(deps, turn.client, saved, turn.now);
  const ref = ticketKey(turn.client.ticketPrefix, saved.number);
  return [
    { op: "update", key: cardKey(saved.id), reply: cardReply(card) },
    ...(await pageCardUpdates(deps, turn.client, saved, turn.now)),
    ...(await phoneFollowUp(deps, turn.client, saved, "acknowledge", turn.now)),
    replyPrivately(turn, { text: `You acknowledged ${ref}. It is yours now; the re-paging has stopped.` }),
  ];
}

/** Cancels whatever acknowledgement timer is still pending (the handler also checks state, so this is tidiness). */
export async function cancelAckTimer(deps: TicketDeps, ticket: Ticket): Promise<void> {
  if (!ticket.escalatedAt) return;
  const events = await deps.tickets.events(ticket.id);
  const steps = pathOf(events, ticket.escalatedAt).length;
  for (let step = 1; step <= steps; step++) await deps.jobs.cancel(ackJobKey(ticket.id, ticket.escalatedAt, step));
}

class NothingToDo extends Error {}

/** Timer: nobody acknowledged in time. Pages the next person once (idempotent: state is checked, steps recorded). */
export async function onAckTimeout(deps: TicketDeps, payload: Record<string, unknown>, ctx: JobContext): Promise<Outgoing[]> {
  const ticketId = String(payload.ticketId ?? "");
  const escalatedAt = Number(payload.escalatedAt);
  const step = Number(payload.step);
  const ticket = await deps.tickets.byId(ticketId);
  if (!ticket || !Number.isInteger(step) || step < 1) return [];
  const client = await deps.tenancy.client(ticket.clientId);
  if (!client) return [];
  const still = (t: Ticket) => t.status === "open" && !t.ackedAt && t.escalatedAt?.getTime() === escalatedAt;
  if (!still(ticket)) return [];

  const events = await deps.tickets.events(ticketId);
  const path = pathOf(events, ticket.escalatedAt!);
  const target = path[step];
  const now = ctx.now;
  const matrix = await matrixOf(deps, client.id, now);
  const ref = ticketKey(client.ticketPrefix, ticket.number);
  let saved: Ticket;
  try {
    saved = await mutate(deps, ticket, (t, evs) => {
      if (!still(t) || stepsDone(evs, t.escalatedAt!).has(step)) throw new NothingToDo();
      const event: TicketEvent = { type: "repaged", actor: "Tandem", side: null, text: target?.name ?? "nobody left on the path", data: { step, paged: target?.name ?? null, exhausted: !target }, at: now };
      return { patch: target ? { ownerName: target.name } : {}, events: [event] };
    });
  } catch (err) {
    if (err instanceof NothingToDo) {
      // Already recorded by an earlier run that died before finishing: make sure the next timer exists.
      if (target && still(ticket)) await scheduleNext(deps, client, ticket, step, now, matrix);
      return [];
    }
    throw err;
  }

  const home = await deps.tickets.place(ticketId);
  const raisedAt = announcedAt(events, ticket.escalatedAt!);
  const place = raisedAt ? noticePlace(raisedAt, home) : home;
  const update: Outgoing = { op: "update", key: cardKey(saved.id), reply: cardReply(await cardOf(deps, client, saved, now, matrix)) };
  const previous = path[step - 1]?.name ?? "the MSP";
  if (!target) {
    const leads = path.filter((p) => p.why === "msp-lead").map((p) => p.actor);
    const category = matrix?.categories.find((c) => c.id === saved.categoryId);
    const zones = zonesOf(matrix, client);
    const first = `Nobody on the escalation path has acknowledged ${ref} (sev ${saved.severity}) yet${lateNote(ctx.runAt, now, zones)}`;
    const text = `${first}. Call the MSP directly.${category?.escalation ? ` The matrix says: ${category.escalation}` : ""}`;
    const due = { at: ctx.runAt.toISOString(), zones, noteAt: first.length, supersede: repageKey(saved.id, escalatedAt) };
    return [update, ...(place ? [{ op: "post", channel: place.channel, threadId: place.threadId, reply: { text, mentions: leads }, due } as Outgoing] : [])];
  }
  // Fired after its moment (Tandem or the platform was down): said once, with when it was due; the next step's timer
  // runs from now, so a long downtime is one late page, not a burst of them.
  const lead = `${ref} was not acknowledged by ${previous} in time${lateNote(ctx.runAt, now, zonesOf(matrix, client))}.`;
  if (!place) return [update]; // a ticket with no conversation (made outside chat): nowhere to page
  // Sent well after its moment (the platform was down), it says so; a newer re-page replaces it while it is unsent.
  const dueMark = { at: ctx.runAt.toISOString(), noteAt: lead.length - 1, supersede: repageKey(saved.id, escalatedAt) };
  const { out, due } = await pageTicket(deps, client, saved, { target, place, lead, round: step, due: dueMark }, now, matrix);
  await deps.jobs.schedule({ kind: ACK_TIMEOUT_JOB, key: ackJobKey(saved.id, saved.escalatedAt!, step + 1), runAt: due, payload: { ticketId: saved.id, escalatedAt, step: step + 1 } });
  return [update, ...out];
}

async function scheduleNext(deps: TicketDeps, client: ClientInfo, t: Ticket, step: number, now: Date, matrix: Matrix | null): Promise<void> {
  const target = policyOf(client, matrix)[t.severity];
  const due = deadline(target, matrix?.businessHours ?? null, now, target.ackMinutes);
  await deps.jobs.schedule({ kind: ACK_TIMEOUT_JOB, key: ackJobKey(t.id, t.escalatedAt!, step + 1), runAt: due, payload: { ticketId: t.id, escalatedAt: t.escalatedAt!.getTime(), step: step + 1 } });
}
