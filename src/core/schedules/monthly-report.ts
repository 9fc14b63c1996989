import { DateTime } from "luxon";
import type { CadenceSnapshot, Period } from "./cadence-data";
import { type OperationsMetrics, operationsMetrics } from "./operations-metrics";

export { monthlyReportCsv, monthlyReportMarkdown } from "./monthly-report-export";

export interface MonthlyReport {
  clientName: string;
  month: string; // "YYYY-MM" in the client's time zone
  timezone: string;
  generatedAt: Date;
  metrics: OperationsMetrics;
}

/** The calendar month as a half-open instant window in `timezone`. */
export function monthPeriod(month: string, timezone: string): Period {
  const start = DateTime.fromISO(`${month}-01T00:00`, { zone: timezone });
  if (!start.isValid || !/^\d{4}-\d{2}$/.test(month)) throw new Error(`Invalid month "${month}"`);
  return { from: start.toJSDate(), to: start.plus({ months: 1 }).toJSDate() };
}

/** The month a report sent at `now` covers: the one before, since it goes out on the first business day. */
export function reportedMonth(now: Date, timezone: string): string {
  return DateTime.fromJSDate(now, { zone: timezone }).minus({ months: 1 }).toFormat("yyyy-MM");
}

export interface MonthlyReportInput {
  clientName: string;
  snapshot: CadenceSnapshot;
  month: string;
  timezone: string;
  now: Date;
}

export function buildMonthlyReport(input: MonthlyReportInput): MonthlyReport {
  const period = monthPeriod(input.month, input.timezone);
  return {
    clientName: input.clientName,
    month: input.month,
    timezone: input.timezone,
    generatedAt: input.now,
    metrics: operationsMetrics(input.snapshot, period, input.now),
  };
}
