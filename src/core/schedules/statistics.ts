export interface DurationStats {
  count: number;
  median: number | null; // minutes
  p90: number | null;
}

/**
 * Percentile by linear interpolation between closest ranks (the "R-7"/spreadsheet PERCENTILE.INC method), so the
 * median of an even count is the mean of the two middle values.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (sorted.length - 1) * p;
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

export function durationStats(values: readonly number[]): DurationStats {
  return { count: values.length, median: percentile(values, 0.5), p90: percentile(values, 0.9) };
}

export function minutesBetween(from: Date, to: Date): number {
  return (to.getTime() - from.getTime()) / 60_000;
}

export function round1(n: number | null): number | null {
  return n === null ? null : Math.round(n * 10) / 10;
}
