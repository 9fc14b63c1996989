// The typed data the ticket card templates (cards/teams/ticket.json, cards/slack/ticket.json) are expanded with.
import { DateTime } from "luxon";
import { cardKey, SEVERITY_LABELS, ticketKey, type Ticket, type TicketEvent } from "./model";
import { courtLabel, sideName } from "./sides";
import { formatMinutes } from "./duration";
import type { SlaClocks } from "./sla";

export interface TicketCard {
  key: string;
  ticket: string;
  ref: string;
  title: string;
  headline: string;
  severity: string;
  severityLabel: string;
  court: string;
  courtText: string;
  statusText: string;
  facts: { title: string; value: string }[];
  quote: string;
  hasQuote: boolean;
  link: string;
  hasLink: boolean;
  history: { text: string }[];
  open: boolean;
  resolved: boolean;
  /** Court to hand to with the hand-over button, and its label. */
  handTo: string;
  handToLabel: string;
  /** "Wait on requester", or "Back to <side>" when it waits on the requester. */
  waitTo: string;
  waitLabel: string;
  canEscalate: boolean;
  awaitingAck: boolean;
  sev1: boolean;
  severityChoices: { title: string; value: string }[];
}

export interface TicketCardInput {
  ticket: Ticket;
  events: readonly TicketEvent[];
  prefix: string;
  parties?: { internal: string; msp: string };
  categoryName: string | null;
  clocks: SlaClocks;
  timezone: string;
  /** Minutes left in the block-hour bank, shown while the MSP holds the ticket (null: no bank). */
  hoursLeft: number | null;
  now: Date;
  /** Who was paged, how and when (core/paging/summary.ts), one line per person. */
  pages?: string[];
}

const HISTORY = 6;

function when(at: Date, tz: string): string {
  return DateTime.fromJSDate(at, { zone: tz }).setLocale("en").toFormat("ccc d LLL HH:mm");
}

function describe(e: TicketEvent): string {
  const who = e.actor ?? "Tandem";
  const why = e.text ? `: ${e.text}` : "";
  switch (e.type) {
    case "created":
      return `${who} opened it${e.toCourt === "requester" ? "" : e.toCourt ? ` for ${sideName(e.toCourt)}` : ""}`;
    case "taken":
      return `${who} took it`;
    case "handover":
      return `${who} handed it ${e.toCourt === "requester" ? "to the requester" : `to ${sideName(e.toCourt === "msp" ? "msp" : "internal")}`}${why}`;
    case "escalated":
      return `${who} escalated it to the MSP${why}`;
    case "acked":
      return `${who} acknowledged`;
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

function responseFact(clocks: SlaClocks, tz: string, now: Date): string | null {
  const r = clocks.response;
  if (!r) return null;
  const side = sideName(r.side);
  switch (r.state) {
    case "waiting":
      return `Due from ${side} by ${when(r.dueAt, tz)} (in ${formatMinutes((r.dueAt.getTime() - now.getTime()) / 60_000)})`;
    case "breached":
      return `OVERDUE: ${side} was due to respond by ${when(r.dueAt, tz)}`;
    case "met":
      return `${side} responded in time`;
    case "late":
      return `${side} responded late`;
  }
}

function resolutionFact(clocks: SlaClocks): string {
  const parts = clocks.resolution.map((c) => {
    const flag = c.state === "breached" ? " BREACHED" : c.state === "at-risk" ? " at risk" : "";
    return `${sideName(c.side)} ${formatMinutes(c.usedMinutes)} of ${formatMinutes(c.targetMinutes)}${c.running ? " (running)" : ""}${flag}`;
  });
  const paused = clocks.paused ? " · paused" : "";
  return (parts.join("; ") || "not started") + paused;
}

export function ticketCard(input: TicketCardInput): TicketCard {
  const { ticket: t, events, clocks, timezone: tz, now } = input;
  const ref = ticketKey(input.prefix, t.number);
  const open = t.status === "open";
  const court = courtLabel(t.court, input.parties);
  const facts: { title: string; value: string }[] = [
    { title: "Category", value: input.categoryName ?? "Not in the matrix: a conversation, not an assumption" },
    { title: "With", value: open ? court : "Resolved" },
    { title: "Owner", value: t.ownerName ?? "Nobody has taken it yet" },
    { title: "Severity", value: SEVERITY_LABELS[t.severity] },
  ];
  if (t.requester) facts.push({ title: "Requester", value: t.requester });
  const response = open ? responseFact(clocks, tz, now) : null;
  if (response) facts.push({ title: "First response", value: response });
  facts.push({ title: "Resolution clock", value: resolutionFact(clocks) });
  if (t.escalatedAt) {
    const paged = events.filter((e) => (e.type === "escalated" || e.type === "repaged") && e.at >= t.escalatedAt!).map((e) => String(e.data?.paged ?? "")).filter(Boolean);
    const ack = t.ackedAt ? `acknowledged by ${t.ackedBy ?? "the MSP"} at ${when(t.ackedAt, tz)}` : "waiting for acknowledgement";
    facts.push({ title: "Escalation", value: `${ack}${paged.length ? `; paged ${paged.join(", then ")}` : ""}` });
  }
  if (input.pages?.length) facts.push({ title: "Paged", value: input.pages.join("; ") });
  if (t.court === "msp" && open && input.hoursLeft !== null) facts.push({ title: "Block hours left", value: formatMinutes(input.hoursLeft) });
  if (!open && t.resolvedAt) facts.push({ title: "Resolved", value: `${when(t.resolvedAt, tz)} by ${t.resolvedBy ?? "someone"}` });

  const history = [...events]
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .slice(-HISTORY)
    .map((e) => ({ text: `${when(e.at, tz)} · ${describe(e)}` }));

  const lastSide = [...events].reverse().find((e) => e.toCourt === "internal" || e.toCourt === "msp")?.toCourt ?? "internal";
  const handTo = t.court === "msp" ? "internal" : "msp";
  const waiting = t.court === "requester";
  const awaitingAck = open && t.court === "msp" && !!t.escalatedAt && !t.ackedAt;
  const quote = t.body && t.body !== t.title ? t.body : "";

  return {
    key: cardKey(t.id),
    ticket: t.id,
    ref,
    title: t.title,
    headline: `${ref} · Sev ${t.severity} · ${open ? court : "Resolved"}`,
    severity: String(t.severity),
    severityLabel: SEVERITY_LABELS[t.severity],
    court: t.court,
    courtText: court,
    statusText: open ? "Open" : "Resolved",
    facts,
    quote,
    hasQuote: quote !== "",
    link: t.sourceLink ?? "",
    hasLink: !!t.sourceLink,
    history,
    open,
    resolved: !open,
    handTo,
    handToLabel: handTo === "msp" ? "Hand to the MSP" : "Hand to internal IT",
    waitTo: waiting ? String(lastSide) : "requester",
    waitLabel: waiting ? `Back to ${sideName(lastSide === "msp" ? "msp" : "internal")}` : "Wait on requester",
    canEscalate: open && !awaitingAck && t.court !== "msp",
    awaitingAck,
    sev1: open && t.severity === 1,
    severityChoices: ([1, 2, 3, 4] as const).map((s) => ({ title: SEVERITY_LABELS[s], value: String(s) })),
  };
}

/** One line for notifications and screen readers. */
export function ticketText(card: TicketCard): string {
  return `${card.headline}: ${card.title}`;
}
