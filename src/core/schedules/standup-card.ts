// Data contract of cards/<platform>/standup.json: the agenda as posted, plus the run's live state.
import type { StandupAgenda } from "./standup-agenda";
import type { AgendaNote, RunRecord } from "./cadence-ports";
import { z } from "zod";
import { actions, actionsSchema, factSchema, lineSchema } from "../cards/contract";
import { formatClock, formatWhen } from "../time/when";
import { STANDUP_ACTIONS } from "./buttons";
import { SIDE_LABEL, hoursText, lines, measuredMinutes, type Line } from "./cadence-text";

const localShort = (at: Date, zone: string) => formatWhen(at, { zone });
const localTime = (at: Date, zone: string) => formatClock(at, { zone });

/** The part fixed when the standup is posted (the agenda of that moment). */
export interface StandupAgendaView {
  title: string;
  when: string;
  since: string;
  facts: { title: string; value: string }[];
  waitingInternal: Line[];
  waitingMsp: Line[];
  breaches: Line[];
  escalations: Line[];
  incidents: Line[];
}

export const standupCardSchema = z.object({
  title: z.string(),
  when: z.string(),
  since: z.string(),
  facts: z.array(factSchema),
  sections: z.array(z.object({ title: z.string(), lines: z.array(lineSchema) })),
  status: z.string(),
  actions: actionsSchema,
});
export type StandupCard = z.infer<typeof standupCardSchema>;

const sides = (c: { internal: number; msp: number; total: number }) => `${c.total} (internal IT ${c.internal}, MSP ${c.msp})`;

export function standupAgendaView(a: StandupAgenda, opts: { clientName: string; title: string; occurrenceAt: Date; timezone: string }): StandupAgendaView {
  const zone = opts.timezone;
  const waiting = (list: StandupAgenda["waiting"]["internal"]) =>
    list.map((t) => `${t.key} ${t.title} (sev ${t.severity}): ${measuredMinutes(t.inCourtMinutes)} in this court, open ${measuredMinutes(t.openMinutes)}`);
  const missed = a.missedStandups;
  return {
    title: `${opts.title}: ${opts.clientName}`,
    when: localShort(opts.occurrenceAt, zone),
    since: `Covering since ${localShort(a.since, zone)}`,
    facts: [
      { title: "Tickets opened", value: sides(a.opened) },
      { title: "Tickets resolved", value: sides(a.resolved) },
      { title: "Waiting on internal IT", value: String(a.waiting.internal.length) },
      { title: "Waiting on the MSP", value: String(a.waiting.msp.length) },
      { title: "SLA breaches", value: String(a.slaBreaches.length) },
      { title: "Block hours left", value: a.blockHoursLeft === null ? "no block of hours" : hoursText(a.blockHoursLeft) },
      { title: "Missed standups", value: missed.total === 0 ? "none" : missed.consecutive === 0 ? `${missed.total} (the last one was held)` : `${missed.total} (${missed.consecutive} in a row)` },
    ],
    waitingInternal: lines(waiting(a.waiting.internal), "Nothing waiting on internal IT."),
    waitingMsp: lines(waiting(a.waiting.msp), "Nothing waiting on the MSP."),
    breaches: lines(
      a.slaBreaches.map((b) => `${b.ticketKey} ${b.measure === "first-response" ? "first response" : "resolution"} over the ${measuredMinutes(b.targetMinutes)} target (sev ${b.severity}), with ${SIDE_LABEL[b.court]}`),
      "No SLA breaches.",
    ),
    escalations: lines(
      a.escalations.map((e) => `${e.ticketKey ?? "An escalation"}: ${SIDE_LABEL[e.raisedBy]} escalated to ${SIDE_LABEL[e.to]} ${localShort(e.raisedAt, zone)}, ${e.ackMinutes === null ? "not acknowledged yet" : `acknowledged in ${measuredMinutes(e.ackMinutes)}`}`),
      "No escalations.",
    ),
    incidents: lines(
      a.incidents.map((i) => `Sev ${i.severity} ${i.title}${i.drill ? " (drill)" : ""}: started ${localShort(i.startedAt, zone)}, ${i.durationMinutes === null ? "still open" : `resolved in ${measuredMinutes(i.durationMinutes)}`}`),
      "No incidents.",
    ),
  };
}

function statusText(run: Pick<RunRecord, "heldAt" | "heldBy" | "state">, zone: string, now: Date): string {
  if (run.heldAt) return `Held: marked by ${run.heldBy ?? "someone"} at ${localTime(run.heldAt, zone)}.`;
  const until = run.state.snoozedUntil ? new Date(run.state.snoozedUntil) : null;
  if (until && until > now) return `Snoozed until ${localTime(until, zone)} by ${run.state.snoozedBy ?? "someone"}.`;
  return "Not marked held yet. A standup not marked held today counts as missed.";
}

export function noteLines(notes: AgendaNote[]): Line[] {
  return lines(notes.map((n) => `${n.text} (${n.by})`), "No items added yet.", 20);
}

export function standupCard(view: StandupAgendaView, run: Pick<RunRecord, "id" | "heldAt" | "heldBy" | "state">, key: string, zone: string, now: Date): StandupCard {
  const data = { card: key, run: run.id };
  const A = STANDUP_ACTIONS;
  return {
    title: view.title,
    when: view.when,
    since: view.since,
    facts: view.facts,
    sections: [
      { title: "Waiting on internal IT", lines: view.waitingInternal },
      { title: "Waiting on the MSP", lines: view.waitingMsp },
      { title: "SLA breaches", lines: view.breaches },
      { title: "Escalations", lines: view.escalations },
      { title: "Incidents", lines: view.incidents },
      { title: "Added to the agenda", lines: noteLines(run.state.notes) },
    ],
    status: statusText(run, zone, now),
    actions: run.heldAt ? actions() : actions(A.held.button("Mark held", data, { style: "positive" }), A.addItem.button("Add agenda item", data), A.snooze.button(`Snooze ${SNOOZE_MINUTES} min`, data)),
  };
}

/** Plain text of the card (notifications, screen readers). */
export function standupText(card: StandupCard): string {
  return `${card.title}, ${card.when}. ${card.facts.map((f) => `${f.title}: ${f.value}`).join("; ")}. ${card.status}`;
}

export const SNOOZE_MINUTES = 15;
