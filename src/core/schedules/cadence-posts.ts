// What one due occurrence posts: the standup, monthly report, QBR reminder or a custom reminder, to each of the
// client's channels, with the state the run keeps for its buttons.
import { DateTime } from "luxon";
import type { ChannelRef } from "../conversation/events";
import type { Outgoing } from "../conversation/reply";
import type { ClientInfo, ClientSettings } from "../ports/tenancy";
import type { Matrix } from "../matrix/model";
import { slaPolicy } from "../tickets/sla";
import type { ActionItem, CadenceSnapshot, Severity, SlaTargets } from "./cadence-data";
import type { AgendaNote, CadenceRuns, CadenceSource, RunState, StoredSchedule } from "./cadence-ports";
import { buildMonthlyReport, monthPeriod, reportedMonth } from "./monthly-report";
import { monthlyReportCard, monthlyReportText } from "./monthly-report-card";
import type { ScheduledRun } from "./next-run";
import { type QbrAgenda, buildQbrAgenda, quarterUnderReview } from "./qbr-agenda";
import { qbrCard, qbrText } from "./qbr-card";
import { buildStandupAgenda } from "./standup-agenda";
import { type StandupAgendaView, standupAgendaView, standupCard, standupText } from "./standup-card";

/** The message key of one copy of a run's card: unique per channel so each copy can be edited in place. */
export function cardKey(runId: string, channel: Pick<ChannelRef, "platform" | "id">, repost = 0): string {
  return `cadence:${runId}${repost ? `:r${repost}` : ""}:${channel.platform}:${channel.id}`;
}

/** The report's and standup's SLA targets: the same policy the ticket cards and clocks use (tickets/sla.ts). */
export function slaTargets(settings: ClientSettings, matrix: Pick<Matrix, "businessHours" | "slaMinutes"> | null): SlaTargets {
  const policy = slaPolicy(settings, matrix);
  const out: SlaTargets = { firstResponseMinutes: {}, resolutionMinutes: {} };
  for (const s of [1, 2, 3, 4] as Severity[]) {
    out.firstResponseMinutes[s] = policy[s].ackMinutes;
    out.resolutionMinutes[s] = policy[s].resolveMinutes;
  }
  const business = ([1, 2, 3, 4] as Severity[]).filter((s) => policy[s].businessHours);
  if (matrix?.businessHours && business.length) out.business = { hours: matrix.businessHours, severities: business };
  return out;
}

/** Standup notes double as the open action items a QBR goes through. */
export function notesAsActionItems(notes: (AgendaNote & { runId: string })[]): ActionItem[] {
  return notes.map((n, i) => ({ id: `${n.runId}:${i}`, text: n.text, owner: n.by, due: null, createdAt: new Date(n.at), doneAt: null }));
}

export interface ComposeDeps {
  source: CadenceSource;
  runs: CadenceRuns;
  calendarConfigured: boolean;
}

export interface DueRun {
  runId: string;
  stored: StoredSchedule;
  run: ScheduledRun;
}

export interface Composed {
  state: RunState;
  posts: Outgoing[];
}

const DAY_MS = 86_400_000;

export async function standupView(deps: ComposeDeps, client: ClientInfo, due: DueRun, now: Date): Promise<StandupAgendaView> {
  const s = due.stored.schedule;
  const since = (await deps.runs.previousOccurrence(s.id, due.run.at)) ?? new Date(due.run.at.getTime() - 7 * DAY_MS);
  const snapshot = await deps.source.snapshot(client.id, { from: since, to: now });
  const standups = await deps.runs.standupRecords(s.id);
  const agenda = buildStandupAgenda({ snapshot, since, now, timezone: s.timezone, standups });
  return standupAgendaView(agenda, { clientName: client.name, title: s.title, occurrenceAt: due.run.at, timezone: s.timezone });
}

export async function qbrAgendaFor(deps: ComposeDeps, client: ClientInfo, qbrDate: string, timezone: string, now: Date): Promise<QbrAgenda> {
  const { period } = quarterUnderReview(qbrDate, timezone);
  // Drills and block hours look back further than the quarter; the source returns all of those anyway.
  const snapshot: CadenceSnapshot = await deps.source.snapshot(client.id, { from: period.from, to: now });
  const lastQbr = DateTime.fromISO(qbrDate, { zone: timezone }).minus({ months: 3 }).toJSDate();
  const notes = await deps.runs.notesSince(client.id, lastQbr);
  return buildQbrAgenda({ snapshot: { ...snapshot, actionItems: [...snapshot.actionItems, ...notesAsActionItems(notes)] }, qbrDate, timezone, now });
}

export async function composeRun(deps: ComposeDeps, client: ClientInfo, channels: ChannelRef[], due: DueRun, now: Date): Promise<Composed> {
  const s = due.stored.schedule;
  const posts: Outgoing[] = [];
  const state: RunState = { kind: s.kind, timezone: s.timezone, posts: channels.map((channel) => ({ key: cardKey(due.runId, channel), channel })), notes: [] };
  switch (s.kind) {
    case "standup": {
      const view = await standupView(deps, client, due, now);
      state.card = view as unknown as Record<string, unknown>;
      const run = { id: due.runId, heldAt: null, heldBy: null, state };
      for (const p of state.posts) {
        const card = standupCard(view, run, p.key, s.timezone, now);
        posts.push({ op: "post", channel: p.channel, key: p.key, reply: { text: standupText(card), card: { name: "standup", data: card } } });
      }
      break;
    }
    case "monthly-report": {
      const month = reportedMonth(due.run.at, s.timezone);
      const period = monthPeriod(month, s.timezone);
      const snapshot = await deps.source.snapshot(client.id, period);
      const card = monthlyReportCard(buildMonthlyReport({ clientName: client.name, snapshot, month, timezone: s.timezone, now }), client.id);
      for (const p of state.posts) {
        posts.push({ op: "post", channel: p.channel, key: p.key, reply: { text: monthlyReportText(card), card: { name: "monthly-report", data: card } } });
      }
      break;
    }
    case "qbr": {
      const qbrDate = due.run.qbrDate!;
      Object.assign(state, { phase: due.run.phase ?? "day", qbrDate });
      const agenda = await qbrAgendaFor(deps, client, qbrDate, s.timezone, now);
      for (const p of state.posts) {
        const card = qbrCard(agenda, {
          clientName: client.name, phase: due.run.phase ?? "day", timezone: s.timezone, now,
          calendarConfigured: deps.calendarConfigured, key: p.key, scheduleId: s.id, runId: due.runId,
        });
        posts.push({ op: "post", channel: p.channel, key: p.key, reply: { text: qbrText(card), card: { name: "qbr", data: card } } });
      }
      break;
    }
    case "custom": {
      for (const p of state.posts) {
        posts.push({ op: "post", channel: p.channel, key: p.key, reply: { text: `Reminder: ${s.title} (schedule ${due.stored.name}).` } });
      }
      break;
    }
  }
  return { state, posts };
}
