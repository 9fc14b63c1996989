import { localDayBounds } from "../calendar/wall-clock";

/** One standup occurrence and when (if ever) someone marked it held. */
export interface StandupRecord {
  occurrenceAt: Date;
  heldAt: Date | null;
}

export type StandupStatus = "held" | "missed" | "pending";

/** Held means marked held before the local day of the occurrence ended; until then it is pending. */
export function standupStatus(r: StandupRecord, timezone: string, now: Date): StandupStatus {
  const { end } = localDayBounds(r.occurrenceAt, timezone);
  if (r.heldAt && r.heldAt < end) return "held";
  return now >= end ? "missed" : "pending";
}

export interface StandupAttendance {
  missed: number;
  held: number;
  /** Missed standups in a row, counting back from the latest settled one. */
  consecutiveMissed: number;
  /** The occurrences in the current missed streak, oldest first. */
  streak: StandupRecord[];
}

export function standupAttendance(records: readonly StandupRecord[], timezone: string, now: Date): StandupAttendance {
  const settled = [...records]
    .sort((a, b) => a.occurrenceAt.getTime() - b.occurrenceAt.getTime())
    .map((r) => ({ r, status: standupStatus(r, timezone, now) }))
    .filter((x) => x.status !== "pending");
  const streak: StandupRecord[] = [];
  for (let i = settled.length - 1; i >= 0 && settled[i]!.status === "missed"; i--) streak.unshift(settled[i]!.r);
  return {
    missed: settled.filter((x) => x.status === "missed").length,
    held: settled.filter((x) => x.status === "held").length,
    consecutiveMissed: streak.length,
    streak,
  };
}
