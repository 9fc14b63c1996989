// The standup card's buttons: Add agenda item, Mark held, Snooze 15 min (and the snooze timer that brings it back).
import { formatClock } from "../time/when";
import type { ActionEvent } from "../conversation/events";
import type { ActionSpec, Turn } from "../conversation/feature";
import type { Outgoing } from "../conversation/reply";
import { DomainError } from "../errors";
import type { JobHandler, Jobs } from "../ports/jobs";
import type { CadenceRuns, RunRecord } from "./cadence-ports";
import { cardKey } from "./cadence-posts";
import { onAction } from "../cards/action";
import { STANDUP_ACTIONS } from "./buttons";
import { SNOOZE_MINUTES, type StandupAgendaView, standupCard, standupText } from "./standup-card";

export const SNOOZE_JOB = "cadence-snooze";
const MAX_NOTE = 300;

export interface StandupActionDeps {
  runs: CadenceRuns;
  jobs: Jobs;
}

/** Every copy of the card, redrawn from the run (the clicked copy is answered in place by Teams). */
export function standupUpdates(run: RunRecord, now: Date, banner?: string): Outgoing[] {
  const view = run.state.card as unknown as StandupAgendaView | undefined;
  if (!view) return [];
  return run.state.posts.map((p) => {
    const card = standupCard(view, run, p.key, run.state.timezone, now);
    if (banner) card.status = `${banner} ${card.status}`;
    return { op: "update" as const, key: p.key, reply: { text: standupText(card), card: { name: "standup", data: card } } };
  });
}

async function loadRun(deps: StandupActionDeps, turn: Turn<ActionEvent>): Promise<RunRecord> {
  const id = turn.event.value.run;
  const run = id ? await deps.runs.get(id) : null;
  if (!run || run.clientId !== turn.client.id || run.state.kind !== "standup") {
    throw new DomainError("standup-gone", "I can't find that standup any more. The next one will be posted on schedule.");
  }
  return run;
}

const who = (turn: Turn) => turn.actor.name ?? turn.actor.userId;

export function standupActions(deps: StandupActionDeps): ActionSpec[] {
  const change = async (turn: Turn<ActionEvent>, fn: (r: RunRecord) => Pick<RunRecord, "heldAt" | "heldBy" | "state">) => {
    const run = await loadRun(deps, turn);
    const saved = await deps.runs.update(run.id, fn);
    return saved ? standupUpdates(saved, turn.now) : [];
  };
  return [
    onAction(STANDUP_ACTIONS.addItem, "standup.agenda", async (turn, v) => {
        const text = (v.item ?? "").replace(/\s+/g, " ").trim();
        if (!text) throw new DomainError("standup-item-empty", "Type the agenda item, then press Add.");
        if (text.length > MAX_NOTE) throw new DomainError("standup-item-long", `Keep agenda items under ${MAX_NOTE} characters; put the detail in a ticket.`);
        return change(turn, (r) => ({
          heldAt: r.heldAt,
          heldBy: r.heldBy,
          state: { ...r.state, notes: [...r.state.notes, { text, by: who(turn), at: turn.now.toISOString() }] },
        }));
    }),
    // The first mark wins: a second click does not move the time it was held.
    onAction(STANDUP_ACTIONS.held, "standup.agenda", async (turn) => change(turn, (r) => (r.heldAt ? r : { heldAt: turn.now, heldBy: who(turn), state: { ...r.state, snoozedUntil: null } }))),
    onAction(STANDUP_ACTIONS.snooze, "standup.agenda", async (turn) => {
        const run = await loadRun(deps, turn);
        if (run.heldAt) throw new DomainError("standup-held", "This standup is already marked held; there is nothing to snooze.");
        const until = new Date(turn.now.getTime() + SNOOZE_MINUTES * 60_000);
        const saved = await deps.runs.update(run.id, (r) => ({
          heldAt: r.heldAt,
          heldBy: r.heldBy,
          state: { ...r.state, snoozedUntil: until.toISOString(), snoozedBy: who(turn), snoozes: (r.state.snoozes ?? 0) + 1 },
        }));
        if (!saved) return [];
        await deps.jobs.schedule({
          kind: SNOOZE_JOB,
          key: `${SNOOZE_JOB}:${run.id}:${saved.state.snoozes}`,
          runAt: until,
          payload: { run: run.id, until: until.toISOString() },
        });
        return standupUpdates(saved, turn.now);
    }),
  ];
}

/**
 * When a snooze ends: post the standup again (a fresh copy at the bottom of each channel) and redraw the old
 * copies. A later snooze or a "held" in the meantime makes this timer a no-op.
 */
export function snoozeEndedHandler(deps: { runs: CadenceRuns }): JobHandler {
  return async (payload, ctx) => {
    const id = String(payload.run ?? "");
    const until = String(payload.until ?? "");
    const run = await deps.runs.get(id);
    if (!run || run.heldAt || run.state.snoozedUntil !== until) return [];
    const n = run.state.snoozes ?? 1;
    const channels = new Map(run.state.posts.map((p) => [`${p.channel.platform}:${p.channel.id}`, p.channel]));
    const reposts = [...channels.values()].map((channel) => ({ key: cardKey(run.id, channel, n), channel }));
    let applied = false;
    const saved = await deps.runs.update(run.id, (r) => {
      if (r.heldAt || r.state.snoozedUntil !== until) return r;
      applied = true;
      return { heldAt: r.heldAt, heldBy: r.heldBy, state: { ...r.state, snoozedUntil: null, posts: [...r.state.posts, ...reposts] } };
    });
    if (!saved || !applied) return [];
    const view = saved.state.card as unknown as StandupAgendaView;
    const banner = `Snoozed until ${formatClock(new Date(until), { zone: saved.state.timezone })}: time for the standup.`;
    const posts: Outgoing[] = reposts.map((p) => {
      const card = standupCard(view, saved, p.key, saved.state.timezone, ctx.now);
      card.status = `${banner} ${card.status}`;
      return { op: "post", channel: p.channel, key: p.key, reply: { text: standupText(card), card: { name: "standup", data: card } } };
    });
    const repostKeys = new Set(reposts.map((p) => p.key));
    return [...posts, ...standupUpdates(saved, ctx.now).filter((u) => u.op === "update" && !repostKeys.has(u.key))];
  };
}
