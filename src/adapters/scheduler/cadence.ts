// The cadence runner: on each tick, every schedule's due occurrences are claimed once across replicas (a unique
// ScheduleRun row, inserted in the same transaction as the outbox messages it posts), stale ones are recorded as
// missed instead of sent in a burst, and drift warnings are said once.
import { randomUUID } from "node:crypto";
import type { Outgoing } from "../../core/conversation/reply";
import type { Clock } from "../../core/ports/clock";
import type { JobHandler, Jobs } from "../../core/ports/jobs";
import type { Tenancy } from "../../core/ports/tenancy";
import { planCatchUp, DEFAULT_GRACE_MS } from "../../core/schedules/catch-up";
import type { CadenceSource, StoredSchedule } from "../../core/schedules/cadence-ports";
import { type Composed, composeRun } from "../../core/schedules/cadence-posts";
import { dueDriftWarnings } from "../../core/schedules/drift";
import { CADENCE_TICK_JOB, wakeCadenceAt } from "../../core/schedules/feature";
import { reportedMonth } from "../../core/schedules/monthly-report";
import { nextOccurrence } from "../../core/schedules/next-run";
import type { Logger } from "../../logger";
import type { Prisma } from "../db/connect";
import { outboxRows } from "../db/outbox-repo";
import type { ReplyFitter } from "../outbox/fit";
import { matrixRowInForce } from "../db/matrix-repo";
import { PrismaCadenceRuns, PrismaScheduleStore } from "../db/schedule-repo";

/** Without anything due sooner, the runner still looks every quarter hour (drift, changes made from the CLI). */
export const MAX_TICK_GAP_MS = 15 * 60_000;
const DAY_MS = 86_400_000;

export interface CadenceRunnerDeps {
  prisma: Prisma;
  tenancy: Tenancy;
  source: CadenceSource;
  log: Logger;
  calendarConfigured: boolean;
  graceMs?: number;
  /** Makes posts fit their platform's limits before they are stored (outbox/fit.ts). */
  fitter?: ReplyFitter;
}

export interface TickResult {
  posted: number;
  missed: number;
  warnings: number;
  next: Date;
}

export class CadenceRunner {
  readonly store: PrismaScheduleStore;
  readonly runs: PrismaCadenceRuns;

  constructor(private readonly deps: CadenceRunnerDeps) {
    this.store = new PrismaScheduleStore(deps.prisma);
    this.runs = new PrismaCadenceRuns(deps.prisma);
  }

  /** Handles everything due at `now`. Safe to run at the same time on several replicas. */
  async tick(now: Date): Promise<TickResult> {
    const result: TickResult = { posted: 0, missed: 0, warnings: 0, next: new Date(now.getTime() + MAX_TICK_GAP_MS) };
    const clients = await this.deps.prisma.client.findMany({ select: { id: true } });
    for (const c of clients) await this.store.ensureDefaults(c.id, now);
    const all = await this.store.listAll();
    for (const st of all) {
      try {
        await this.runSchedule(st, now, result);
      } catch (err) {
        this.deps.log.error({ err, schedule: st.schedule.id }, "cadence: schedule run failed");
      }
      const next = nextOccurrence(st.schedule, now);
      if (next && next < result.next) result.next = next;
    }
    for (const c of clients) {
      try {
        result.warnings += await this.driftWarnings(c.id, all.filter((s) => s.schedule.clientId === c.id), now);
      } catch (err) {
        this.deps.log.error({ err, clientId: c.id }, "cadence: drift check failed");
      }
    }
    await this.deps.prisma.job.deleteMany({ where: { kind: CADENCE_TICK_JOB, status: "done", updatedAt: { lt: new Date(Date.now() - DAY_MS) } } });
    return result;
  }

  private async runSchedule(st: StoredSchedule, now: Date, result: TickResult): Promise<void> {
    const s = st.schedule;
    const plan = planCatchUp(s, { lastProcessed: st.processedThrough, now, graceMs: this.deps.graceMs ?? DEFAULT_GRACE_MS });
    result.missed += await this.runs.record(s.id, plan.missed.map((r) => r.at), "missed");
    if (s.skipNext && new Date(s.skipNext) <= now) {
      const skipped = new Date(s.skipNext);
      if (skipped > st.processedThrough) await this.runs.record(s.id, [skipped], "skipped");
      await this.store.clearSkip(st);
    }
    if (plan.send && !(await this.runs.exists(s.id, plan.send.at))) {
      const client = await this.deps.tenancy.client(s.clientId);
      const channels = client ? await this.deps.tenancy.channelsOf(s.clientId) : [];
      if (!client || channels.length === 0) {
        // Nowhere to post: recorded as missed so attendance and drift stay honest.
        result.missed += await this.runs.record(s.id, [plan.send.at], "missed");
        this.deps.log.warn({ schedule: s.id, clientId: s.clientId }, "cadence: the client has no channel to post in");
      } else {
        const runId = randomUUID();
        const composed = await composeRun({ source: this.deps.source, runs: this.runs, calendarConfigured: this.deps.calendarConfigured }, client, channels, { runId, stored: st, run: plan.send }, now);
        if (await this.claim(s.id, plan.send.at, runId, composed)) result.posted++;
      }
    }
    await this.store.advance(s.id, plan.checkpoint, nextOccurrence(s, plan.checkpoint));
  }

  /** The exactly-once point: only the replica whose insert of (schedule, occurrence) succeeds posts. */
  private async claim(scheduleId: string, occurrenceAt: Date, runId: string, composed: Composed): Promise<boolean> {
    return this.deps.prisma.$transaction(async (tx) => {
      const inserted = await tx.scheduleRun.createMany({
        data: [{ id: runId, scheduleId, occurrenceAt, status: "sent", agenda: composed.state as object }],
        skipDuplicates: true,
      });
      if (inserted.count !== 1) return false;
      const rows = await outboxRows(composed.posts, tx, this.deps.fitter);
      if (rows.length) await tx.outboxMessage.createMany({ data: rows });
      return true;
    });
  }

  private async driftWarnings(clientId: string, schedules: StoredSchedule[], now: Date): Promise<number> {
    const client = await this.deps.tenancy.client(clientId);
    if (!client) return 0;
    const channels = await this.deps.tenancy.channelsOf(clientId);
    if (channels.length === 0) return 0;
    const timezone = schedules[0]?.schedule.timezone ?? client.timezone;
    const standup = schedules.find((s) => s.schedule.kind === "standup");
    const monthly = schedules.find((s) => s.schedule.kind === "monthly-report");
    const standups = standup ? await this.runs.standupRecords(standup.schedule.id) : [];
    const monthlyRuns = monthly ? await this.runs.runsOf(monthly.schedule.id, new Date(now.getTime() - 100 * DAY_MS)) : [];
    const matrixRow = await matrixRowInForce(this.deps.prisma, clientId, now);
    const prefix = `drift:${clientId}:`;
    const said = await this.deps.prisma.inboxEvent.findMany({ where: { platform: "cadence", eventId: { startsWith: prefix } }, select: { eventId: true } });
    const warnings = dueDriftWarnings({
      now,
      timezone,
      standups,
      monthlyReports: monthlyRuns
        .filter((r) => r.status !== "skipped")
        .map((r) => ({ month: reportedMonth(r.occurrenceAt, monthly!.schedule.timezone), dueAt: r.occurrenceAt, sentAt: r.status === "sent" ? r.createdAt : null })),
      // Without a matrix there is nothing to review yet.
      matrix: matrixRow
        ? { version: matrixRow.version, effective: matrixRow.effective.toISOString().slice(0, 10), lastReview: matrixRow.reviewedAt?.toISOString().slice(0, 10) ?? (matrixRow.document as { lastReview?: string }).lastReview ?? null }
        : { version: 0, effective: now.toISOString().slice(0, 10) },
      alreadySaid: said.map((s) => s.eventId.slice(prefix.length)),
    });
    let n = 0;
    for (const w of warnings) {
      const posts: Outgoing[] = channels.map((channel) => ({ op: "post", channel, reply: { text: `Cadence check: ${w.message}` } }));
      const first = await this.deps.prisma.$transaction(async (tx) => {
        // A "said" mark in the inbox's dedupe key space; done without doneAt, so the inbox never prunes it.
        const mark = { platform: "cadence", eventId: `${prefix}${w.key}`, conversation: `cadence:${clientId}`, status: "done" };
        const r = await tx.inboxEvent.createMany({ data: [mark], skipDuplicates: true });
        if (r.count !== 1) return false;
        await tx.outboxMessage.createMany({ data: await outboxRows(posts, tx, this.deps.fitter) });
        return true;
      });
      if (first) n++;
    }
    return n;
  }
}

/** The recurring job: run due occurrences, then sleep until the next one (or a quarter hour). */
export function cadenceTickHandler(runner: CadenceRunner, jobs: Jobs): JobHandler {
  return async (_payload, ctx) => {
    const r = await runner.tick(ctx.now);
    await wakeCadenceAt(jobs, r.next);
    return [];
  };
}

/** First wake-up when a replica starts; later ones are chained by the handler. */
export function startCadence(jobs: Jobs, clock: Clock, log: Logger): void {
  wakeCadenceAt(jobs, clock.now()).catch((err) => log.error({ err }, "cadence: could not schedule the first tick"));
}
