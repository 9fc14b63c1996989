// "report" in chat (also "/tandem report", "monthly report"): the monthly operations report card, the same one the
// schedule posts on the first business day, for last month or the month asked for, in the client's time zone.
import { DateTime } from "luxon";
import type { CommandSpec, Turn } from "../conversation/feature";
import type { Outgoing } from "../conversation/reply";
import { replyPrivately, replyTo } from "../conversation/router";
import type { CadenceSource, ScheduleStore } from "./cadence-ports";
import { buildMonthlyReport, monthPeriod, reportedMonth } from "./monthly-report";
import { monthlyReportCard, monthlyReportText } from "./monthly-report-card";

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
/** "", "monthly", "2026-09", "monthly 2026-09", "monthly --month 2026-09" (as typed for the command line). */
const REPORT_ARGS = /^(monthly\s*)?((--month\s+)?\d{4}-\d{2})?$/i;
const USAGE = 'Say "report" for last month\'s operations report, or "report 2026-09" for another month.';

export interface ReportDeps {
  store: ScheduleStore;
  source: CadenceSource;
}

async function monthlyReport(deps: ReportDeps, turn: Turn, args: string): Promise<Outgoing[]> {
  const asked = /\d{4}-\d{2}/.exec(args)?.[0];
  if (asked && !MONTH.test(asked)) return [replyPrivately(turn, { text: `"${asked}" is not a month. ${USAGE}` })];
  const { timezone } = await deps.store.calendarOf(turn.client.id);
  const month = asked ?? reportedMonth(turn.now, timezone);
  if (month > DateTime.fromJSDate(turn.now, { zone: timezone }).toFormat("yyyy-MM")) {
    return [replyPrivately(turn, { text: `${month} has not started yet. ${USAGE}` })];
  }
  const snapshot = await deps.source.snapshot(turn.client.id, monthPeriod(month, timezone));
  const card = monthlyReportCard(buildMonthlyReport({ clientName: turn.client.name, snapshot, month, timezone, now: turn.now }));
  return [replyTo(turn, { text: monthlyReportText(card), card: { name: "monthly-report", data: card } })];
}

/** "report ..." and "monthly report ..." (the alias's own word "report" is dropped). */
export function reportCommand(deps: ReportDeps): CommandSpec {
  const args = (rest: string) => rest.trim().replace(/^report\b\s*/i, "");
  return {
    name: "report",
    aliases: ["monthly"],
    summary: "The monthly operations report (last month, or report 2026-09)",
    usage: "report [YYYY-MM]",
    access: "report.monthly",
    matches: (rest) => REPORT_ARGS.test(args(rest)),
    run: (turn, rest) => monthlyReport(deps, turn, args(rest)),
  };
}
