import type { Schedule } from "./schedule";
import { type ScheduledRun, runsBetween } from "./next-run";

export const DEFAULT_GRACE_MS = 2 * 3600 * 1000;

export interface CatchUpInput {
  /** Everything at or before this instant was already handled (sent or recorded). */
  lastProcessed: Date;
  now: Date;
  graceMs?: number;
  /** Cap on missed runs returned, so a minutely cron after a week of downtime stays a bounded write. */
  maxMissed?: number;
}

export interface CatchUpPlan {
  /** At most one run to send: the latest one due within the grace window. */
  send: ScheduledRun | null;
  /** Due runs not to send, to record as missed (oldest first). */
  missed: ScheduledRun[];
  /** True when more missed runs existed than `maxMissed` (the oldest are the ones listed). */
  missedTruncated: boolean;
  /** Where the runner's checkpoint moves once this plan is carried out. */
  checkpoint: Date;
}

/**
 * What a runner does after any gap, including a normal one-minute tick: send the latest due run if it is still
 * fresh, record the rest as missed. One message per schedule per catch-up, never a burst of stale reminders.
 */
export function planCatchUp(schedule: Schedule, input: CatchUpInput): CatchUpPlan {
  const { lastProcessed, now } = input;
  const graceMs = input.graceMs ?? DEFAULT_GRACE_MS;
  const maxMissed = input.maxMissed ?? 500;
  if (now <= lastProcessed) return { send: null, missed: [], missedTruncated: false, checkpoint: lastProcessed };
  // runsBetween is (from, to]; one millisecond back makes a run exactly `graceMs` old still count as fresh.
  const graceStart = new Date(Math.max(lastProcessed.getTime(), now.getTime() - graceMs - 1));
  const fresh = runsBetween(schedule, graceStart, now, Number.MAX_SAFE_INTEGER);
  const stale = graceStart > lastProcessed ? runsBetween(schedule, lastProcessed, graceStart, maxMissed + 1) : [];
  const send = fresh.length > 0 ? fresh[fresh.length - 1]! : null;
  const missed = [...stale, ...fresh.slice(0, -1)];
  return { send, missed: missed.slice(0, maxMissed), missedTruncated: missed.length > maxMissed, checkpoint: now };
}
