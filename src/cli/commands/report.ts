// `tandem report monthly`: the monthly operations report as Markdown or CSV, from the database.
import { DateTime } from "luxon";
import { UsageError, type CliCommand } from "../command";
import { withDatabase } from "../database";
import { readFlags } from "../flags";
import { buildMonthlyReport, monthlyReportCsv, monthlyReportMarkdown, monthPeriod } from "../../core/schedules/monthly-report";
import { PrismaCadenceSource } from "../../adapters/db/cadence-repo";
import { clientCalendar } from "../../adapters/db/schedule-repo";

const USAGE = `Usage: tandem report monthly [--client ID] [--month YYYY-MM] [--format md|csv]

The monthly operations report: tickets by category and side, first response and resolution (median, p90) against
the SLA, escalations and acknowledgements, incidents and drills, block hours, and the most re-handed categories.

Options:
  --client ID     the client (default: DEFAULT_CLIENT_ID, demo)
  --month YYYY-MM the month, in the client's time zone (default: last month)
  --format md|csv Markdown (default) or one tidy CSV table (section,key,label,metric,value)`;

export const reportCommand: CliCommand = {
  name: "report",
  summary: "Export the monthly operations report (Markdown or CSV)",
  usage: USAGE,
  async run(args, io) {
    const f = readFlags(args, { client: "string", month: "string", format: "string" });
    if (f.words[0] !== "monthly") throw new UsageError(`say which report: tandem report monthly`);
    if (f.words.length > 1) throw new UsageError(`unexpected argument "${f.words[1]}"`);
    const format = f.values.format ?? "md";
    if (format !== "md" && format !== "csv") throw new UsageError(`--format must be md or csv`);
    if (f.values.month !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(f.values.month)) throw new UsageError(`--month must look like 2026-09`);
    return withDatabase(io.env, async (db, defaultClient) => {
      const clientId = f.values.client ?? defaultClient;
      const client = await db.prisma.client.findUnique({ where: { id: clientId } });
      if (!client) {
        io.stderr(`tandem report: there is no client "${clientId}".\n`);
        return 1;
      }
      const { timezone } = await clientCalendar(db.prisma, clientId);
      const now = new Date();
      const month = f.values.month ?? DateTime.fromJSDate(now, { zone: timezone }).minus({ months: 1 }).toFormat("yyyy-MM");
      const snapshot = await new PrismaCadenceSource(db.prisma).snapshot(clientId, monthPeriod(month, timezone));
      const report = buildMonthlyReport({ clientName: client.name, snapshot, month, timezone, now });
      io.stdout(format === "csv" ? monthlyReportCsv(report) : monthlyReportMarkdown(report));
      return 0;
    });
  },
};
