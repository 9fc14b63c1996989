// Waiting in integration tests for something asynchronous (an outbox send, a job) to have happened.

/**
 * Polls `fn` every 50 ms until it returns something truthy, and returns that; throws after `timeoutMs`. The default is
 * generous (15 s): it only bounds a condition that is never met, and 5 s ran out on a loaded 2-CPU machine for a
 * card update that came in time for the test.
 */
export async function until<T>(fn: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits for work that arrives bit by bit (replies draining from several outboxes): resolves once `done()` is true,
 * and fails only when `progress()` has not moved for `stallMs`, not after a fixed time, so a loaded machine is
 * slower but still passes, while a reply that is lost for good still fails the test.
 */
export async function untilProgressStops(what: string, done: () => boolean, progress: () => number, stallMs = 30_000): Promise<void> {
  let last = progress();
  let movedAt = Date.now();
  for (;;) {
    if (done()) return;
    const now = progress();
    if (now !== last) {
      last = now;
      movedAt = Date.now();
    } else if (Date.now() - movedAt > stallMs) {
      throw new Error(`timed out waiting for ${what}: no progress for ${stallMs} ms (at ${now})`);
    }
    await sleep(100);
  }
}
