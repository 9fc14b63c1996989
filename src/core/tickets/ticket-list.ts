// "open tickets" / "my tickets": ten at a time, with a More button that shows the next ten in the same message.
import { z } from "zod";
import { actions, actionsSchema } from "../cards/contract";
import { actorKey } from "../conversation/events";
import type { Turn } from "../conversation/feature";
import type { Outgoing } from "../conversation/reply";
import { replyTo } from "../conversation/router";
import type { TicketDeps } from "./desk";
import { COURTS, ticketKey, type Court, type Ticket } from "./model";
import type { TicketFilter } from "./ports";
import { courtLabel } from "./sides";
import { TICKET_ACTIONS } from "./buttons";

export const PAGE_SIZE = 10;

export type ListScope = "open" | "mine";

export interface ListQuery {
  scope: ListScope;
  court?: Court;
  offset: number;
}

/** Data contract of cards/<platform>/ticket-list.json. */
export const ticketListCardSchema = z.object({
  title: z.string(),
  summary: z.string(),
  items: z.array(z.object({ ref: z.string(), title: z.string(), line: z.string() })),
  actions: actionsSchema,
});
export type TicketListCard = z.infer<typeof ticketListCardSchema>;

/** "msp", "internal", "requester", "waiting" (on the requester) after the scope words. */
export function parseCourtWord(text: string): Court | undefined {
  const w = text.trim().toLowerCase();
  if (w === "waiting") return "requester";
  return COURTS.find((c) => c === w);
}

export function listLine(t: Ticket, prefix: string): { ref: string; title: string; line: string } {
  return {
    ref: ticketKey(prefix, t.number),
    title: t.title,
    line: `Sev ${t.severity} · ${courtLabel(t.court)}${t.ownerName ? ` · ${t.ownerName}` : ""}${t.escalatedAt && !t.ackedAt ? " · escalated, not acknowledged" : ""}`,
  };
}

export function filterOf(q: ListQuery, turn: Turn): TicketFilter {
  return { status: "open", court: q.court, person: q.scope === "mine" ? actorKey(turn.actor) : undefined, offset: q.offset, limit: PAGE_SIZE };
}

export async function listCard(deps: TicketDeps, turn: Turn, q: ListQuery, key: string): Promise<TicketListCard> {
  const { tickets, total } = await deps.tickets.list(turn.client.id, filterOf(q, turn));
  const what = q.scope === "mine" ? "Your open tickets" : "Open tickets";
  const where = q.court ? ` ${courtLabel(q.court).toLowerCase()}` : "";
  const shownTo = Math.min(total, q.offset + tickets.length);
  const hasMore = shownTo < total;
  const next = { card: key, scope: q.scope, offset: String(q.offset + PAGE_SIZE), ...(q.court ? { court: q.court } : {}) };
  return {
    title: `${what}${where}`,
    summary: total === 0 ? "Nothing open." : `${q.offset + 1}–${shownTo} of ${total}`,
    items: tickets.map((t) => listLine(t, turn.client.ticketPrefix)),
    actions: actions(hasMore && TICKET_ACTIONS.more.button(`Next ${Math.min(PAGE_SIZE, total - shownTo)}`, next)),
  };
}

export function listText(card: TicketListCard): string {
  return [`${card.title}: ${card.summary}`, ...card.items.map((i) => `${i.ref} ${i.title} (${i.line})`)].join("\n");
}

export async function postList(deps: TicketDeps, turn: Turn, q: ListQuery): Promise<Outgoing[]> {
  const key = `ticket-list:${turn.event.eventId}`;
  const card = await listCard(deps, turn, q, key);
  const reply = replyTo(turn, { text: listText(card), card: { name: "ticket-list", data: card } });
  return [{ ...reply, key } as Outgoing];
}
