// Both sides review the matrix every quarter; a review is due three months after the last one (or after the
// version took effect when none is recorded).
import { DateTime } from "luxon";
import { localDate } from "./hours";
import type { Matrix } from "./model";

const REVIEW_MONTHS = 3;

export interface ReviewStatus {
  /** Start of the due day in the matrix time zone. */
  due: Date;
  dueDate: string; // "YYYY-MM-DD"
  /** True from the day after the due date. */
  overdue: boolean;
  /** Calendar days from today (matrix time zone) to the due date; 0 on the day, negative once overdue. */
  daysLeft: number;
}

/** The date the next review is due, "YYYY-MM-DD". Month ends clamp: Nov 30 + 3 months is Feb 28. */
export function nextReviewDate(matrix: Matrix): string {
  const from = matrix.lastReview ?? matrix.effective;
  return DateTime.fromISO(from, { zone: "UTC" }).plus({ months: REVIEW_MONTHS }).toISODate()!;
}

export function reviewStatus(matrix: Matrix, at: Date): ReviewStatus {
  const dueDate = nextReviewDate(matrix);
  const zone = matrix.businessHours.timezone;
  const today = DateTime.fromISO(localDate(matrix.businessHours, at), { zone: "UTC" });
  const daysLeft = Math.round(DateTime.fromISO(dueDate, { zone: "UTC" }).diff(today, "days").days);
  return { due: DateTime.fromISO(dueDate, { zone }).toJSDate(), dueDate, overdue: daysLeft < 0, daysLeft };
}
