// Data contract of the ticket card (cards/teams/ticket.json, cards/slack/ticket.json) and its builder.
import { z } from "zod";
import { actions, actionsSchema, factSchema, lineSchema, type Fact } from "../cards/contract";
import { formatWhen, type Zones } from "../time/when";
import { INCIDENT_ACTIONS } from "../incidents/buttons";
import { TICKET_ACTIONS } from "./buttons";
import { cardKey, SEVERITY_LABELS, ticketKey, type Court, type Ticket, type TicketEvent } from "./model";
import { courtName, sideName } from "./sides";
import { formatMinutes } from "../duration";
import type { SlaClocks } from "./sla";

export const ticketCardSchema = z.object({
  ref: z.string(),
  title: z.string(),
  /** "Sev 1 · with the MSP · open". */
  headline: z.string(),
  /** An overdue clock or an unanswered page, said first; "" when nothing needs attention. */
  attention: z.string(),
  facts: z.array(factSchema),
  /** The message the ticket was made from, line by line ([] when it is only the title). */
  quote: z.array(lineSchema),
  link: z.string(),
  /** The latest events, oldest first. */
  history: z.array(lineSchema),
  /** "3 earlier events" when the history is cut, else "". */
  earlier: z.string(),
  actions: actionsSchema,
});
export type TicketCard = z.infer<typeof ticketCardSchema>;

export interface TicketCardInput {
  ticket: Ticket;
  events: readonly TicketEvent[];
  prefix: string;
  parties?: { internal: string; msp: string };
  categoryName: string | null;
  clocks: SlaClocks;
  zones: Zones;
  /** Minutes left in the block-hour bank, shown while the MSP holds the ticket (null: no bank). */
  hoursLeft: number | null;
  now: Date;
  /** Who was paged, how and when (core/paging/summary.ts), one line per person. */
  pages?: string[];
}

const HISTORY = 6;
const QUOTE_LINES = 8;

function describe(e: TicketEvent): string {
  const who = e.actor ?? "Tandem";
  const why = e.text ? `: ${e.text}` : "";
  switch (e.type) {
    case "created":
      return `${who} opened it${e.toCourt === "requester" || !e.toCourt ? "" : ` for ${sideName(e.toCourt)}`}`;
    case "taken":
      return `${who} took it`;
    case "handover":
      return `${who} handed it ${e.toCourt === "requester" ? "to the requester" : `to ${sideName(e.toCourt === "msp" ? "msp" : "internal")}`}${why}`;
    case "escalated":
      return `${who} escalated it to the MSP${why}`;
    case "acked":
      return `${who} acknowledged it`;
    case "repaged":
      return `Not acknowledged in time: paged ${e.text ?? "the next person"}`;
    case "severity":
      return `${who} set severity ${String(e.data?.severity ?? "")}`;
    case "category":
      return `${who} set the category${why}`;
    case "note":
      return `${who} noted${why}`;
    case "time":
      return `${who} logged ${formatMinutes(e.minutes ?? 0)}${why}`;
    case "resolved":
      return `${who} resolved it${why}`;
    case "reopened":
      return `${who} reopened it${why}`;
  }
}

function responseFact(clocks: SlaClocks, zones: Zones, now: Date): { value: string; overdue: boolean } | null {
  const r = clocks.response;
  if (!r) return null;
  const side = sideName(r.side);
  switch (r.state) {
    case "waiting":
      return { value: `Due from ${side} by ${formatWhen(r.dueAt, zones)}, in ${formatMinutes((r.dueAt.getTime() - now.getTime()) / 60_000)}`, overdue: false };
    case "breached":
      return { value: `Overdue: ${side} was due to respond by ${formatWhen(r.dueAt, zones)}`, overdue: true };
    case "met":
      return { value: `${capital(side)} responded in time`, overdue: false };
    case "late":
      return { value: `${capital(side)} responded late`, overdue: false };
  }
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function resolutionFact(clocks: SlaClocks): string {
  const parts = clocks.resolution.map((c) => {
    const flag = c.state === "breached" ? ", over target" : c.state === "at-risk" ? ", at risk" : "";
    return `${capital(sideName(c.side))}: ${formatMinutes(c.usedMinutes)} of ${formatMinutes(c.targetMinutes)}${c.running ? " (running)" : ""}${flag}`;
  });
  return (parts.join("; ") || "Not started") + (clocks.paused ? "; paused" : "");
}

/** Where a hand-over most likely goes: to the other side, or back from the requester to the side that asked. */
function likelyCourt(t: Ticket, events: readonly TicketEvent[]): Court {
  if (t.court === "requester") return [...events].reverse().find((e) => e.toCourt === "internal" || e.toCourt === "msp")?.toCourt === "msp" ? "msp" : "internal";
  return t.court === "msp" ? "internal" : "msp";
}

export function ticketCard(input: TicketCardInput): TicketCard {
  const { ticket: t, events, clocks, zones, now } = input;
  const ref = ticketKey(input.prefix, t.number);
  const open = t.status === "open";
  const court = courtName(t.court, input.parties);
  const facts: Fact[] = [
    { title: "Category", value: input.categoryName ?? "Not in the matrix: a conversation, not an assumption" },
    { title: "With", value: open ? court : "Nobody: resolved" },
    { title: "Owner", value: t.ownerName ?? "Nobody has taken it yet" },
    { title: "Severity", value: SEVERITY_LABELS[t.severity] },
  ];
  if (t.requester) facts.push({ title: "Requester", value: t.requester });
  const response = open ? responseFact(clocks, zones, now) : null;
  if (response) facts.push({ title: "First response", value: response.value });
  facts.push({ title: "Resolution clock", value: resolutionFact(clocks) });
  const awaitingAck = open && t.court === "msp" && !!t.escalatedAt && !t.ackedAt;
  if (t.escalatedAt) {
    const paged = events.filter((e) => (e.type === "escalated" || e.type === "repaged") && e.at >= t.escalatedAt!).map((e) => String(e.data?.paged ?? "")).filter(Boolean);
    const ack = t.ackedAt ? `Acknowledged by ${t.ackedBy ?? "the MSP"}, ${formatWhen(t.ackedAt, zones)}` : "Waiting for the MSP to acknowledge";
    facts.push({ title: "Escalation", value: `${ack}${paged.length ? `; paged ${paged.join(", then ")}` : ""}` });
  }
  if (input.pages?.length) facts.push({ title: "Paged", value: input.pages.join("; ") });
  if (t.court === "msp" && open && input.hoursLeft !== null) facts.push({ title: "Block hours left", value: formatMinutes(input.hoursLeft) });
  if (!open && t.resolvedAt) facts.push({ title: "Resolved", value: `${formatWhen(t.resolvedAt, zones)} by ${t.resolvedBy ?? "someone"}` });

  const sorted = [...events].sort((a, b) => a.at.getTime() - b.at.getTime());
  const history = sorted.slice(-HISTORY).map((e) => ({ text: `${formatWhen(e.at, { zone: zones.zone })} · ${describe(e)}` }));
  const hidden = sorted.length - history.length;
  // The message the ticket came from, without its first line when that is the title.
  const lines = (t.body ?? "").split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const body = lines[0] === t.title.trim() ? lines.slice(1) : lines;
  const quote = body.slice(0, QUOTE_LINES).map((text) => ({ text }));
  if (body.length > QUOTE_LINES) quote.push({ text: `…${body.length - QUOTE_LINES} more lines in the original message` });

  const data = { ticket: t.id, card: cardKey(t.id) };
  const A = TICKET_ACTIONS;
  const attention = awaitingAck ? "Escalated: waiting for the MSP to acknowledge" : response?.overdue ? "First response overdue" : "";
  const resolve = A.resolve.button("Resolve", data);
  const severity = A.severity.button("Change severity", data, { fields: { severity: { value: String(t.severity) } } });
  const note = A.note.button("Add note or time", data);
  const handOver = A.handOver.button("Hand over", data, { fields: { to: { value: likelyCourt(t, events) } } });
  // Acknowledging an escalation takes the ticket, so "Take it" waits until it is acknowledged.
  const first = awaitingAck ? A.ack.button("Acknowledge", data, { style: "positive" }) : A.take.button("Take it", data, { style: "positive" });
  const serious = t.severity === 1 ? INCIDENT_ACTIONS.fromTicket.button("Start incident", data, { style: "destructive" }) : null;
  const escalate = !awaitingAck && t.court !== "msp" && A.escalate.button("Escalate to the MSP", data, { fields: { severity: { value: String(t.severity) } } });
  const buttons = open ? actions(first, handOver, resolve, note, severity, escalate || serious) : actions(A.reopen.button("Reopen", data));

  return {
    ref,
    title: t.title,
    headline: `Sev ${t.severity} · ${!open ? "resolved" : t.court === "requester" ? "waiting on the requester" : `with ${sideName(t.court)}`}`,
    attention,
    facts,
    quote,
    link: t.sourceLink ?? "",
    history,
    earlier: hidden > 0 ? `${hidden} earlier event${hidden === 1 ? "" : "s"} not shown` : "",
    actions: buttons,
  };
}

/** One line for notifications and screen readers. */
export function ticketText(card: TicketCard): string {
  return `${card.ref} · ${card.headline}: ${card.title}`;
}
