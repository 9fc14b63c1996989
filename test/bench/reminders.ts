// (d) Reminders: N durable timers due at the same instant, fired by 3 JobRunner replicas on one PostgreSQL database.
import { openDatabase, type Database } from "../../src/adapters/db/connect";
import { JobQueue, JobRunner } from "../../src/adapters/scheduler/jobs";
import { createLogger } from "../../src/logger";
import { systemClock } from "../../src/core/ports/clock";
import { freshPostgres } from "../support/databases";

export interface ReminderResult {
  jobs: number;
  replicas: number;
  pollMs: number;
  drainMs: number;
  p50: number;
  p99: number;
  max: number;
  duplicates: number;
  missing: number;
  perReplica: string;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

export async function benchReminders(jobs = 10_000, replicas = 3, pollMs = 1000): Promise<ReminderResult> {
  const handle = await freshPostgres();
  const dbs: Database[] = [];
  const runners: JobRunner[] = [];
  try {
    for (let i = 0; i < replicas; i++) dbs.push(await openDatabase({ url: handle.url, poolSize: 5 }));
    const fired = new Map<string, number[]>();
    const byReplica = new Array(replicas).fill(0);
    const dueAt = new Date(Math.ceil((Date.now() + 3000) / 1000) * 1000);
    // One statement: 10 000 reminders all due at the same second.
    await dbs[0].sql.query(
      `INSERT INTO "Job" (id, kind, key, payload, "runAt", status, "updatedAt")
       SELECT gen_random_uuid()::text, 'bench.reminder', 'bench-reminder-' || g, '{}'::jsonb, $1::timestamptz, 'pending', now()
       FROM generate_series(1, $2::int) g`,
      [dueAt.toISOString(), jobs],
    );
    const log = createLogger("silent");
    for (let i = 0; i < replicas; i++) {
      const runner = new JobRunner(new JobQueue(dbs[i].prisma), { enqueue: async () => undefined }, systemClock, log, { replica: `bench-${i}`, pollMs });
      runner.register("bench.reminder", async (_payload, ctx) => {
        const at = Date.now();
        fired.set(ctx.key, [...(fired.get(ctx.key) ?? []), at - ctx.runAt.getTime()]);
        byReplica[i]++;
      });
      runners.push(runner);
    }
    for (const r of runners) r.start();
    const deadline = Date.now() + 120_000;
    while (fired.size < jobs && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const drainMs = Date.now() - dueAt.getTime();
    await new Promise((r) => setTimeout(r, 1500)); // time for a duplicate to show up
    for (const r of runners) await r.stop();
    const delays = [...fired.values()].map((d) => d[0]).sort((a, b) => a - b);
    const duplicates = [...fired.values()].filter((d) => d.length > 1).length;
    return {
      jobs,
      replicas,
      pollMs,
      drainMs,
      p50: pct(delays, 50),
      p99: pct(delays, 99),
      max: delays[delays.length - 1],
      duplicates,
      missing: jobs - fired.size,
      perReplica: byReplica.join(" / "),
    };
  } finally {
    for (const r of runners) await r.stop().catch(() => undefined);
    for (const db of dbs) await db.close().catch(() => undefined);
    await handle.drop();
  }
}

if (require.main === module) {
  void benchReminders().then((r) => console.log(r));
}
