// runDue means "every job due at the clock's now": a poll already under way may have claimed with an earlier now.
import { JobRunner, type JobQueue } from "../../../src/adapters/scheduler/jobs";
import type { Outbox } from "../../../src/core/ports/outbox";
import { createLogger } from "../../../src/logger";

test("runDue called while a poll that claimed earlier is under way also runs what became due since", async () => {
  let now = new Date("2026-01-01T10:00:00Z");
  const due = new Date("2026-01-01T10:05:00Z");
  let releaseFirst!: () => void;
  const firstClaimHeld = new Promise<void>((r) => (releaseFirst = r));
  const claims: Date[] = [];
  let taken = false;
  const queue = {
    async claim(_replica: string, at: Date) {
      claims.push(at);
      if (claims.length === 1) await firstClaimHeld;
      if (at < due || taken) return [];
      taken = true;
      return [{ id: "j1", key: "k1", kind: "tick", runAt: due, attempts: 1, payload: {} }];
    },
    async finish() {},
    async retry() {},
  } as unknown as JobQueue;
  const ran: string[] = [];
  const runner = new JobRunner(queue, { enqueue: async () => undefined } as unknown as Outbox, { now: () => now }, createLogger("silent"), { replica: "r1", pollMs: 1000 });
  runner.register("tick", async (_p, ctx) => void ran.push(ctx.key));

  const poll = runner.runDue(); // claims at 10:00, held
  now = new Date("2026-01-01T10:06:00Z");
  const asked = runner.runDue();
  releaseFirst();
  await poll;
  await asked;
  expect(ran).toEqual(["k1"]);
});
