import { backoffMs, nextTry, SEND_RETRY } from "../../../src/adapters/retry-policy";

const HOUR = 3_600_000;

describe("the retry policy", () => {
  test("backoff doubles from the first delay up to the cap, with the second half random", () => {
    const b = { firstDelayMs: 1_000, maxDelayMs: 300_000 };
    expect([1, 2, 3, 4].map((n) => backoffMs(n, b, () => 0))).toEqual([500, 1_000, 2_000, 4_000]);
    expect([1, 2, 3, 4].map((n) => backoffMs(n, b, () => 1))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(backoffMs(30, b, () => 1)).toBe(300_000);
    expect(backoffMs(30, b, () => 0)).toBe(150_000);
  });

  test("a transient failure is retried until the window after the first failure, the last try at its end", () => {
    const first = new Date("2026-01-01T10:00:00Z");
    const at = (ms: number) => new Date(first.getTime() + ms);
    expect(nextTry(SEND_RETRY, { attempt: 40, firstFailedAt: first, now: at(23 * HOUR) })).toHaveProperty("retryInMs");
    const last = nextTry(SEND_RETRY, { attempt: 40, firstFailedAt: first, now: at(24 * HOUR - 1_000) });
    expect(last).toEqual({ retryInMs: 1_000 });
    expect(nextTry(SEND_RETRY, { attempt: 41, firstFailedAt: first, now: at(24 * HOUR) })).toEqual({ expired: "still failing 1d after the first failure" });
  });

  test("a platform's Retry-After is kept to exactly", () => {
    const now = new Date();
    expect(nextTry(SEND_RETRY, { attempt: 1, firstFailedAt: now, now, retryAfterMs: 7_000 })).toEqual({ retryInMs: 7_000 });
  });
});
