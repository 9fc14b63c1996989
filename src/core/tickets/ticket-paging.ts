// Paging for an escalated ticket: the @mention on the ticket's thread, a direct message where possible, the phone
// for sev-1 and after hours, and the follow-ups (acknowledged in chat: acknowledge the alert; resolved: resolve it).
import type { Outgoing } from "../conversation/reply";
import { isBusinessTime } from "../matrix/hours";
import type { Matrix } from "../matrix/model";
import type { JobHandler } from "../ports/jobs";
import type { ClientInfo } from "../ports/tenancy";
import { checkPage, schedulePageCheck } from "../paging/check";
import { pageOut, type PageTarget } from "../paging/deliver";
import { ticketSubject, type PhoneAction } from "../paging/model";
import { canRing, phoneCall, ringsPhone } from "../paging/policy";
import { onCard } from "../cards/contract";
import { zonesOf } from "../matrix/zones";
import { formatWhen } from "../time/when";
import { cardOf, cardReply, policyOf, updateCard, type TicketDeps } from "./desk";
import { WHY_LABEL, type PageTarget as PathTarget } from "./escalation";
import { cardKey, ticketKey, type Ticket, type TicketPlace } from "./model";
import { deadline } from "./sla";
import { formatMinutes } from "../duration";
import type { DueMark } from "../time/late";

export const TICKET_PAGE_CHECK = "ticket-page-check";

/**
 * The key on the card sent in a page's direct message, one per page (round) of the ticket: different from the channel
 * card's, so a click there updates the channel card, and the direct message itself is kept under it for its updates
 * (Slack and Teams both say which 1:1 chat it went to).
 */
export const pageCardKey = (ticketId: string, round: number) => `page:${ticketId}:r${round}`;

/** Whether a card key is one of the ticket's page cards (`page:<id>` alone: a direct message sent before pages had rounds in their key). */
export const isPageCardKey = (key: string | undefined, ticketId: string) => key === `page:${ticketId}` || !!key?.startsWith(`page:${ticketId}:`);

/** The ticket's card as a page's direct message carries it: its buttons name that card, not the channel's. */
const pageCardReply = (card: Awaited<ReturnType<typeof cardOf>>, key: string) => cardReply({ ...card, actions: onCard(card.actions, key) });

/**
 * The refresh of the card of a page's direct message (`key`): Teams shows it in place of the clicked card (the invoke's
 * answer); otherwise the message kept under the key is updated in its 1:1 chat (Slack's chat.update, Teams' update of
 * the activity). A key never kept (a direct message sent before they were kept) is dropped.
 */
export async function pageCardUpdate(deps: TicketDeps, client: ClientInfo, ticket: Ticket, now: Date, key: string): Promise<Outgoing> {
  return { op: "update", key, reply: pageCardReply(await cardOf(deps, client, ticket, now), key) };
}

/**
 * The refresh of every page's direct message for the ticket (acknowledged in the channel: no DM keeps its button),
 * those still queued too (the platform down or pacing): the update waits behind it in its 1:1 chat's queue.
 */
export async function pageCardUpdates(deps: TicketDeps, client: ClientInfo, ticket: Ticket, now: Date): Promise<Outgoing[]> {
  const rounds = new Set((await deps.pages.deliveries(ticketSubject(ticket.id))).filter((d) => d.via === "dm" && d.status !== "failed").map((d) => d.round));
  return Promise.all([...rounds].map((round) => pageCardUpdate(deps, client, ticket, now, pageCardKey(ticket.id, round))));
}

const dedupKey = (client: ClientInfo, ticket: Ticket) => `tandem:${client.id}:ticket:${ticket.id}`;

function timeText(matrix: Matrix | null, client: ClientInfo, at: Date): string {
  return formatWhen(at, zonesOf(matrix, client));
}

export interface TicketPage {
  target: PathTarget;
  place: TicketPlace;
  /** What happened, the sentence before "<name>, please acknowledge ...". */
  lead: string;
  /** 0 for the escalation, n for the n-th re-page. */
  round: number;
  /** The thread message goes out as this post (a new escalated ticket's card). */
  post?: Extract<Outgoing, { op: "post" }>;
  /** The page's moment (`noteAt`: in `lead`), so a page the platform takes well after it says so (time/late.ts). */
  due?: Omit<DueMark, "zones">;
}

/** One page of an escalated ticket, and when the acknowledgement is due. */
export async function pageTicket(deps: TicketDeps, client: ClientInfo, ticket: Ticket, page: TicketPage, now: Date, matrix: Matrix | null): Promise<{ out: Outgoing[]; due: Date }> {
  const t = policyOf(client, matrix)[ticket.severity];
  const due = deadline(t, matrix?.businessHours ?? null, now, t.ackMinutes);
  const ref = ticketKey(client.ticketPrefix, ticket.number);
  const span = `${formatMinutes(t.ackMinutes)}${t.businessHours && matrix ? " of business time" : ""}`;
  const { target } = page;
  const text = `${page.lead} ${target.name} (${WHY_LABEL[target.why]}), please acknowledge ${ref} (sev ${ticket.severity}) within ${span}, by ${timeText(matrix, client, due)}.`;
  const afterHours = matrix ? !isBusinessTime(matrix.businessHours, now) : false;
  const rings = ringsPhone(client.settings, ticket.severity, afterHours) && canRing(client.settings, "msp");
  const phone = rings
    ? phoneCall({ clientId: client.id, side: "msp", dedupKey: dedupKey(client, ticket), summary: `${ref} (sev ${ticket.severity}) escalated to the MSP: ${ticket.title}`.slice(0, 1024), severity: ticket.severity, source: `${client.name} ${ref}`, people: [target.name] }, "trigger", now)
    : null;
  const card = await cardOf(deps, client, ticket, now, matrix);
  const targets: PageTarget[] = [{ actor: target.actor, name: target.name }];
  const dmKey = pageCardKey(ticket.id, page.round);
  const dm = { ...pageCardReply(card, dmKey), text: `${text} Open the ticket card below to acknowledge.` };
  const post = page.post ? { ...page.post, reply: { ...page.post.reply, text } } : undefined;
  // The card's thread, also when the card was queued but not sent yet (its id is known only then).
  const place = { ...page.place, threadOf: cardKey(ticket.id) };
  const moment = page.due && { ...page.due, zones: zonesOf(matrix, client) };
  const out = pageOut({ subject: ticketSubject(ticket.id), round: page.round, place, targets, text, dm, dmKey, phone, post, due: moment });
  await schedulePageCheck(deps.jobs, TICKET_PAGE_CHECK, ticketSubject(ticket.id), page.round, now);
  return { out, due };
}

/** Acknowledged in chat, or resolved: the same for the phone alert, if the ticket rang one. */
export async function phoneFollowUp(deps: TicketDeps, client: ClientInfo, ticket: Ticket, action: Exclude<PhoneAction, "trigger">, now: Date): Promise<Outgoing[]> {
  const rang = (await deps.pages.deliveries(ticketSubject(ticket.id))).some((d) => d.via === "phone");
  if (!rang || !canRing(client.settings, "msp")) return [];
  const ref = ticketKey(client.ticketPrefix, ticket.number);
  const call = phoneCall({ clientId: client.id, side: "msp", dedupKey: dedupKey(client, ticket), summary: `${ref}: ${ticket.title}`.slice(0, 1024), severity: ticket.severity, source: `${client.name} ${ref}` }, action, now);
  return [{ op: "phone", call }];
}

/** The page-check timer: the ticket's card shows what became of the page; a failed DM is said in the thread. */
export function ticketPageCheck(deps: TicketDeps): JobHandler {
  return async (payload, ctx) => {
    const id = String(payload.subject ?? "").replace(/^ticket:/, "");
    // Locked: an acknowledgement made while this runs waits, and its card comes after this one.
    const ticket = await deps.tickets.byId(id, { lock: true });
    const client = ticket ? await deps.tenancy.client(ticket.clientId) : null;
    if (!ticket || !client) return [];
    return checkPage(deps, TICKET_PAGE_CHECK, payload, ctx, async () => [await updateCard(deps, client, ticket, ctx.now)]);
  };
}
