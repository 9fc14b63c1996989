import type { Clock } from "../../core/ports/clock";
import type { JobHandler, JobSpec, Jobs } from "../../core/ports/jobs";
import type { Outbox } from "../../core/ports/outbox";
import type { Logger } from "../../logger";
import type { Prisma } from "../db/connect";
import { backoffMs } from "../retry-policy";

/** A job whose handler threw: again after 4 s, 8 s ... at most 5 minutes apart, up to its attempt limit. */
const JOB_BACKOFF = { firstDelayMs: 4_000, maxDelayMs: 300_000 };

interface JobRow {
  id: string;
  kind: string;
  key: string;
  payload: Record<string, unknown>;
  runAt: Date;
  attempts: number;
}

/** Durable jobs in the Job table, claimed with FOR UPDATE SKIP LOCKED so each runs once across replicas. */
export class JobQueue implements Jobs {
  constructor(private readonly prisma: Prisma) {}

  async schedule(job: JobSpec): Promise<void> {
    const payload = (job.payload ?? {}) as object;
    await this.prisma.$executeRawUnsafe(
      `INSERT INTO "Job" (id, kind, key, payload, "runAt", status, "updatedAt")
       VALUES (gen_random_uuid()::text, $1, $2, $3::jsonb, $4, 'pending', now())
       ON CONFLICT (key) DO UPDATE SET "runAt" = EXCLUDED."runAt", payload = EXCLUDED.payload, "updatedAt" = now()
       WHERE "Job".status = 'pending'`,
      job.kind,
      job.key,
      JSON.stringify(payload),
      job.runAt,
    );
  }

  async cancel(key: string): Promise<void> {
    await this.prisma.job.updateMany({ where: { key, status: "pending" }, data: { status: "cancelled" } });
  }

  async claim(replica: string, now: Date, limit: number, leaseSeconds = 120): Promise<JobRow[]> {
    await this.prisma.$executeRawUnsafe(
      `UPDATE "Job" SET status = 'pending', "lockedBy" = NULL WHERE status = 'running' AND "lockedUntil" < now()`,
    );
    return this.prisma.$queryRawUnsafe<JobRow[]>(
      `UPDATE "Job" SET status = 'running', "lockedBy" = $1, "lockedUntil" = now() + ($4 || ' seconds')::interval,
         attempts = attempts + 1, "updatedAt" = now()
       WHERE id IN (SELECT id FROM "Job" WHERE status = 'pending' AND "runAt" <= $2
                    ORDER BY "runAt" LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING id, kind, key, payload, "runAt", attempts`,
      replica,
      now,
      limit,
      String(leaseSeconds),
    );
  }

  async finish(id: string, replica: string): Promise<void> {
    await this.prisma.job.updateMany({ where: { id, lockedBy: replica }, data: { status: "done", lockedBy: null } });
  }

  async retry(id: string, at: Date, error: string, failed: boolean): Promise<void> {
    await this.prisma.job.update({
      where: { id },
      data: { status: failed ? "failed" : "pending", runAt: at, lastError: error.slice(0, 500), lockedBy: null },
    });
  }

  async releaseMine(replica: string): Promise<void> {
    await this.prisma.job.updateMany({ where: { status: "running", lockedBy: replica }, data: { status: "pending", lockedBy: null } });
  }

  async pending(): Promise<number> {
    return this.prisma.job.count({ where: { status: "pending" } });
  }
}

/** Polls for due jobs and runs their handlers; their messages go to the outbox. */
export class JobRunner {
  private readonly handlers = new Map<string, JobHandler>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private stopped = true;
  readonly stats = { ran: 0, failed: 0 };

  constructor(
    private readonly queue: JobQueue,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly opts: {
      replica: string;
      pollMs: number;
      maxAttempts?: number;
      /** Runs a job's handler, its messages and its "done" mark in one commit (see db/turn-transaction.ts). */
      atomic?: <T>(fn: () => Promise<T>) => Promise<T>;
    },
  ) {}

  register(kind: string, handler: JobHandler): void {
    if (this.handlers.has(kind)) throw new Error(`job handler "${kind}" registered twice`);
    this.handlers.set(kind, handler);
  }

  start(): void {
    this.stopped = false;
    const tick = async () => {
      await this.runDue().catch((err) => this.log.error({ err }, "job poll failed"));
      if (!this.stopped) this.timer = setTimeout(tick, this.opts.pollMs);
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
    await this.queue.releaseMine(this.opts.replica).catch(() => undefined);
  }

  /** Runs every job due at the clock's now; returns how many ran. Safe to call concurrently from many replicas. */
  async runDue(): Promise<number> {
    // A drain under way may have claimed at an earlier now: let it finish, then claim again (one drain at a time).
    if (this.running) await this.running.catch(() => 0);
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async drain(): Promise<number> {
    let ran = 0;
    for (;;) {
      const jobs = await this.queue.claim(this.opts.replica, this.clock.now(), 50);
      if (jobs.length === 0) return ran;
      // Claimed jobs are independent (each handler checks its own state), so a burst runs side by side.
      await Promise.all(jobs.map((job) => this.runOne(job)));
      ran += jobs.length;
    }
  }

  private async runOne(job: JobRow): Promise<void> {
    const handler = this.handlers.get(job.kind);
    const atomic = this.opts.atomic ?? (<T>(fn: () => Promise<T>) => fn());
    try {
      if (!handler) throw new Error(`no handler for job kind "${job.kind}"`);
      await atomic(async () => {
        const out = await handler(job.payload ?? {}, { key: job.key, kind: job.kind, runAt: job.runAt, attempts: job.attempts, now: this.clock.now() });
        if (out?.length) await this.outbox.enqueue(out);
        await this.queue.finish(job.id, this.opts.replica);
      });
      this.stats.ran++;
    } catch (err) {
      const max = this.opts.maxAttempts ?? 5;
      const failed = job.attempts >= max;
      const at = new Date(this.clock.now().getTime() + backoffMs(job.attempts + 1, JOB_BACKOFF));
      await this.queue.retry(job.id, at, (err as Error).message ?? String(err), failed);
      this.stats.failed += failed ? 1 : 0;
      this.log.error({ err, job: job.key, attempts: job.attempts, gaveUp: failed }, "job failed");
    }
  }
}
