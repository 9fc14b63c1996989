// Data contract of cards/<platform>/monthly-report.json.
import { DateTime } from "luxon";
import type { MonthlyReport } from "./monthly-report";
import type { SlaStatsRow } from "./operations-metrics";
import { z } from "zod";
import { formatDay } from "../time/when";
import { factSchema, lineSchema } from "../cards/contract";
import { hoursText, lines, measuredMinutes, plural } from "./cadence-text";

export const monthlyReportCardSchema = z.object({
  title: z.string(),
  period: z.string(),
  facts: z.array(factSchema),
  sections: z.array(z.object({ title: z.string(), lines: z.array(lineSchema) })),
  footer: z.string(),
});
export type MonthlyReportCard = z.infer<typeof monthlyReportCardSchema>;

function slaText(row: SlaStatsRow | undefined): string {
  if (!row || row.count === 0) return row?.breached ? `none measured, ${row.breached} over target` : "none measured";
  return `median ${measuredMinutes(row.median)}, p90 ${measuredMinutes(row.p90)}; ${row.breached} over target`;
}

function slaLine(label: string, r: SlaStatsRow): string {
  const target = r.targetMinutes === null ? "no target" : `target ${measuredMinutes(r.targetMinutes)}`;
  return `${label} sev ${r.severity}: ${r.count} measured, median ${measuredMinutes(r.median)}, p90 ${measuredMinutes(r.p90)} (${target}), ${r.breached} breached`;
}

export function monthlyReportCard(r: MonthlyReport, _clientId?: string): MonthlyReportCard {
  const m = r.metrics;
  const opened = m.byCategory.reduce((n, c) => n + c.opened, 0);
  const resolved = m.byCategory.reduce((n, c) => n + c.resolved, 0);
  const openedInternal = m.byCategory.reduce((n, c) => n + c.openedByInternal, 0);
  const resolvedInternal = m.byCategory.reduce((n, c) => n + c.resolvedByInternal, 0);
  const e = m.escalations;
  const start = DateTime.fromJSDate(m.period.from, { zone: r.timezone });
  const last = DateTime.fromJSDate(m.period.to, { zone: r.timezone }).minus({ days: 1 });
  const openIncidents = m.incidents.filter((i) => i.durationMinutes === null).length;
  return {
    title: `Monthly operations report: ${r.clientName}, ${start.toFormat("LLLL yyyy")}`,
    period: `${formatDay(start.toJSDate(), r.timezone)} to ${formatDay(last.toJSDate(), r.timezone)}`,
    facts: [
      { title: "Tickets opened", value: `${opened} (internal IT ${openedInternal}, MSP ${opened - openedInternal})` },
      { title: "Tickets resolved", value: `${resolved} (internal IT ${resolvedInternal}, MSP ${resolved - resolvedInternal})` },
      { title: "First response", value: slaText(m.firstResponse.find((x) => x.severity === "all")) },
      { title: "Resolution", value: slaText(m.resolution.find((x) => x.severity === "all")) },
      {
        title: "Escalations",
        value: `${e.raised} raised, ${e.acknowledged} acknowledged${e.ackMinutes.count ? ` (median ${measuredMinutes(e.ackMinutes.median)}, p90 ${measuredMinutes(e.ackMinutes.p90)})` : ""}`,
      },
      { title: "Incidents", value: `${m.incidents.length}${openIncidents ? ` (${openIncidents} still open)` : ""}, drills ${m.drills.length}` },
      {
        title: "Block hours",
        value: m.blockHours ? `${hoursText(m.blockHours.used)} used, ${hoursText(m.blockHours.purchased)} bought, ${hoursText(m.blockHours.leftAtEnd)} left` : "no block of hours",
      },
    ],
    sections: [
      { title: "By category and side", lines: lines(
      m.byCategory.map((c) => `${c.categoryName}: ${c.opened} opened (internal IT ${c.openedByInternal}, MSP ${c.openedByMsp}), ${c.resolved} resolved (internal IT ${c.resolvedByInternal}, MSP ${c.resolvedByMsp})`),
      "No tickets this month.",
      8,
    ) },
      { title: "Against the SLA", lines: lines(
      [
        ...m.firstResponse.filter((x) => x.severity !== "all").map((x) => slaLine("First response", x)),
        ...m.resolution.filter((x) => x.severity !== "all").map((x) => slaLine("Resolution", x)),
      ],
      "No tickets measured against the SLA.",
      8,
    ) },
      { title: "Incidents", lines: lines(
      [...m.incidents, ...m.drills.map((d) => ({ ...d, title: `${d.title} (drill)` }))].map(
        (i) => `Sev ${i.severity} ${i.title}: acknowledged in ${measuredMinutes(i.ackMinutes)}, ${i.durationMinutes === null ? "still open" : `resolved in ${measuredMinutes(i.durationMinutes)}`}`,
      ),
      "No incidents.",
    ) },
      { title: "Most re-handed categories", lines: lines(
      m.mostReHanded.map((f) => `${f.categoryName}: ${plural(f.reHands, "hand-off")} across ${plural(f.reHandedTickets, "ticket")}`),
      "No ticket changed sides this month.",
      5,
    ) },
    ],
    footer: "Categories that bounce between sides are a sign the matrix is wrong. The MSP can send this report as a spreadsheet.",
  };
}

export function monthlyReportText(card: MonthlyReportCard): string {
  return `${card.title}. ${card.facts.map((f) => `${f.title}: ${f.value}`).join("; ")}.`;
}
