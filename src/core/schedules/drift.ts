import { formatWhen } from "../time/when";
import { DateTime } from "luxon";
import { type StandupRecord, standupAttendance } from "./standup-attendance";

export type DriftKind = "standup-missed-twice" | "monthly-report-late" | "matrix-review-overdue";

export interface DriftWarning {
  /** Stable for the situation it describes: store it once said, and the same warning is never due again. */
  key: string;
  kind: DriftKind;
  message: string;
}

export interface MonthlyReportRecord {
  month: string; // "YYYY-MM" reported on
  dueAt: Date;
  sentAt: Date | null;
}

export interface DriftInput {
  now: Date;
  timezone: string;
  standups: readonly StandupRecord[];
  monthlyReports: readonly MonthlyReportRecord[];
  matrix: { version: number; effective: string; lastReview?: string | null };
  /** Keys of warnings already said. */
  alreadySaid: Iterable<string>;
  /** A report not sent this long after it was due is late. Default one day. */
  monthlyLateAfterMs?: number;
  /** The matrix is reviewed every quarter; overdue this many months after the last review (or signing). */
  reviewIntervalMonths?: number;
}

export function dueDriftWarnings(input: DriftInput): DriftWarning[] {
  const said = new Set(input.alreadySaid);
  const { now, timezone } = input;
  const found: DriftWarning[] = [];

  const attendance = standupAttendance(input.standups, timezone, now);
  if (attendance.consecutiveMissed >= 2) {
    // Keyed by the streak's first miss: a third miss in the same streak is not news.
    const first = attendance.streak[0]!.occurrenceAt;
    found.push({
      key: `standup-missed-twice:${first.toISOString()}`,
      kind: "standup-missed-twice",
      message: `The standup has been missed ${attendance.consecutiveMissed} times in a row (since ${DateTime.fromJSDate(first, { zone: timezone }).toISODate()}).`,
    });
  }

  const lateAfter = input.monthlyLateAfterMs ?? 86_400_000;
  for (const r of input.monthlyReports) {
    if (r.sentAt || now.getTime() - r.dueAt.getTime() <= lateAfter) continue;
    found.push({
      key: `monthly-report-late:${r.month}`,
      kind: "monthly-report-late",
      message: `The monthly operations report for ${r.month} was due ${formatWhen(r.dueAt, { zone: timezone })} and has not gone out.`,
    });
  }

  const reviewedOn = input.matrix.lastReview ?? input.matrix.effective;
  const dueOn = DateTime.fromISO(reviewedOn, { zone: timezone }).plus({ months: input.reviewIntervalMonths ?? 3 });
  if (dueOn.isValid && now >= dueOn.toJSDate()) {
    found.push({
      key: `matrix-review-overdue:v${input.matrix.version}:${reviewedOn}`,
      kind: "matrix-review-overdue",
      message: `The responsibility matrix (version ${input.matrix.version}) was last ${input.matrix.lastReview ? "reviewed" : "signed"} on ${reviewedOn}; its quarterly review was due ${dueOn.toISODate()}.`,
    });
  }

  return found.filter((w) => !said.has(w.key));
}
