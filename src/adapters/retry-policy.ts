// The one retry policy for work that failed for a reason that may pass (a 429, a 5xx, a timeout, a refused
// connection): capped exponential backoff with jitter, for as long as a window allows (RETRY_WINDOW, 24 h by
// default). Outbox sends and webhook deliveries give up only when the window is over, not after a fixed number of
// attempts, so an outage of hours loses nothing. The inbox worker and the job runner (whose failures are bugs
// more often than outages) keep their attempt limits but wait with the same backoff.

export interface Backoff {
  /** Delay before the second attempt. */
  firstDelayMs: number;
  /** The longest delay between two attempts. */
  maxDelayMs: number;
}

export interface RetryPolicy extends Backoff {
  /** How long after the first failure a transient failure is still retried. */
  windowMs: number;
}

/** Chat sends: 1 s, 2 s, 4 s ... then every 5 minutes (give or take the jitter), for a day. */
export const SEND_RETRY: RetryPolicy = { firstDelayMs: 1_000, maxDelayMs: 300_000, windowMs: 24 * 3_600_000 };

/**
 * The delay before attempt `attempt + 1`: doubling from `firstDelayMs` up to `maxDelayMs`, of which the second half
 * is random ("equal jitter"), so the rows queued during an outage do not all come back in the same second.
 */
export function backoffMs(attempt: number, b: Backoff, random: () => number = Math.random): number {
  const cap = Math.min(b.maxDelayMs, b.firstDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(cap / 2 + random() * (cap / 2));
}

export type NextTry = { retryInMs: number } | { expired: string };

/**
 * After a transient failure at `now` (attempt `attempt`, first failure at `firstFailedAt`): when to try again, or
 * that the window is over. A platform's Retry-After is kept to exactly. The last try is at the end of the window.
 */
export function nextTry(p: RetryPolicy, o: { attempt: number; firstFailedAt: Date; now: Date; retryAfterMs?: number }): NextTry {
  const left = o.firstFailedAt.getTime() + p.windowMs - o.now.getTime();
  if (left <= 0) return { expired: `still failing ${formatWindow(p.windowMs)} after the first failure` };
  const wanted = o.retryAfterMs ?? backoffMs(o.attempt, p);
  return { retryInMs: Math.max(0, Math.min(wanted, left)) };
}

function formatWindow(ms: number): string {
  for (const [unit, size] of [["d", 86_400_000], ["h", 3_600_000], ["m", 60_000]] as const) if (ms % size === 0) return `${ms / size}${unit}`;
  return `${Math.round(ms / 1000)}s`;
}
