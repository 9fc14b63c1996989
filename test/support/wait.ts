// Waiting in integration tests for something asynchronous (an outbox send, a job) to have happened.

/** Polls `fn` every 50 ms until it returns something truthy, and returns that; throws after `timeoutMs`. */
export async function until<T>(fn: () => Promise<T | null | undefined | false>, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
