// The client's prepaid MSP hour bank: purchases add minutes, MSP time logged on tickets takes them away.

export interface HourMovement {
  minutes: number;
  at: Date;
}

export interface HourBalance {
  /** Minutes left (negative when overdrawn). */
  left: number;
  /** Size of the current block: the balance right after the latest top-up. 0 when nothing was ever bought. */
  block: number;
}

/** Balance and current block size from every movement, oldest first. */
export function hourBalance(entries: readonly HourMovement[]): HourBalance {
  let left = 0;
  let block = 0;
  for (const e of [...entries].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    left += e.minutes;
    if (e.minutes > 0) block = Math.max(left, 0);
  }
  return { left, block };
}

/** Minutes left of the client's block of hours; null when none was ever bought (MSP time logged alone is no block). */
export function blockLeft(entries: readonly HourMovement[]): number | null {
  return entries.some((e) => e.minutes > 0) ? hourBalance(entries).left : null;
}

export const DEFAULT_WARN_PERCENT = 20;

export function warnPercent(setting: unknown): number {
  return typeof setting === "number" && setting >= 0 && setting <= 100 ? setting : DEFAULT_WARN_PERCENT;
}

/** Percent of the current block still left (0 when there is no block). */
export function percentLeft(b: HourBalance): number {
  return b.block > 0 ? Math.max(0, Math.round((b.left / b.block) * 100)) : 0;
}

/**
 * True when this draw-down takes the balance from above the warning line to at or below it: said once per
 * crossing (a top-up lifts it above the line again, and the next crossing warns again).
 */
export function crossedWarning(before: HourBalance, after: HourBalance, percent: number): boolean {
  if (after.block <= 0 || before.block !== after.block) return false;
  const line = (after.block * percent) / 100;
  return before.left > line && after.left <= line;
}
