import type { MonthlyReport } from "./monthly-report";
import type { SlaStatsRow } from "./operations-metrics";
import { measuredMinutes } from "./cadence-text";
import { round1 } from "./statistics";

type Cell = string | number | null;

/** RFC 4180 field; text that a spreadsheet would run as a formula is prefixed with ' (numbers are left alone). */
export function csvField(value: Cell): string {
  if (value === null) return "";
  let s = typeof value === "number" ? String(value) : value;
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: Cell[]): string {
  return cells.map(csvField).join(",");
}

/**
 * One tidy table (section, key, label, metric, value), CRLF line breaks, so every row has the same columns and
 * the file opens cleanly in a spreadsheet or a script.
 */
export function monthlyReportCsv(r: MonthlyReport): string {
  const m = r.metrics;
  const rows: Cell[][] = [["section", "key", "label", "metric", "value"]];
  for (const c of m.byCategory) {
    for (const metric of ["opened", "openedByInternal", "openedByMsp", "resolved", "resolvedByInternal", "resolvedByMsp"] as const) {
      rows.push(["tickets-by-category", c.categoryId ?? "", c.categoryName, metric, c[metric]]);
    }
  }
  const sla = (section: string, list: SlaStatsRow[]) => {
    for (const s of list) {
      const key = s.severity === "all" ? "all" : `sev${s.severity}`;
      rows.push([section, key, "", "tickets", s.tickets], [section, key, "", "count", s.count], [section, key, "", "medianMinutes", round1(s.median)],
        [section, key, "", "p90Minutes", round1(s.p90)], [section, key, "", "targetMinutes", s.targetMinutes],
        [section, key, "", "breached", s.breached], [section, key, "", "withinTarget", s.withinTarget]);
    }
  };
  sla("first-response", m.firstResponse);
  sla("resolution", m.resolution);
  const e = m.escalations;
  rows.push(["escalations", "all", "", "raised", e.raised], ["escalations", "all", "", "acknowledged", e.acknowledged],
    ["escalations", "all", "", "unacknowledged", e.unacknowledged], ["escalations", "all", "", "ackMedianMinutes", round1(e.ackMinutes.median)],
    ["escalations", "all", "", "ackP90Minutes", round1(e.ackMinutes.p90)]);
  for (const [section, list] of [["incidents", m.incidents], ["drills", m.drills]] as const) {
    for (const i of list) {
      rows.push([section, i.id, i.title, "severity", i.severity], [section, i.id, i.title, "startedAt", i.startedAt.toISOString()],
        [section, i.id, i.title, "ackMinutes", i.ackMinutes], [section, i.id, i.title, "durationMinutes", i.durationMinutes]);
    }
  }
  if (m.blockHours) {
    rows.push(["block-hours", "all", "", "purchased", m.blockHours.purchased], ["block-hours", "all", "", "used", m.blockHours.used],
      ["block-hours", "all", "", "leftAtEnd", m.blockHours.leftAtEnd]);
  }
  for (const f of m.mostReHanded) {
    rows.push(["re-handed", f.categoryId, f.categoryName, "reHands", f.reHands], ["re-handed", f.categoryId, f.categoryName, "reHandedTickets", f.reHandedTickets]);
  }
  return rows.map(csvLine).join("\r\n") + "\r\n";
}

function md(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function slaTable(title: string, list: SlaStatsRow[]): string[] {
  const lines = [`### ${title}`, "", "| Severity | Tickets | Measured | Median | p90 | Target | Breached |", "|---|---:|---:|---:|---:|---:|---:|"];
  for (const s of list) {
    lines.push(`| ${s.severity === "all" ? "All" : `Sev ${s.severity}`} | ${s.tickets} | ${s.count} | ${measuredMinutes(s.median)} | ${measuredMinutes(s.p90)} | ${s.targetMinutes === null ? "-" : measuredMinutes(s.targetMinutes)} | ${s.breached} |`);
  }
  return [...lines, ""];
}

export function monthlyReportMarkdown(r: MonthlyReport): string {
  const m = r.metrics;
  const out = [`# Monthly operations report: ${md(r.clientName)}, ${r.month}`, "", `Time zone: ${r.timezone}. Generated ${r.generatedAt.toISOString()}.`, ""];
  out.push("## Tickets by category and side", "", "| Category | Opened | by internal | by MSP | Resolved | by internal | by MSP |", "|---|---:|---:|---:|---:|---:|---:|");
  for (const c of m.byCategory) {
    out.push(`| ${md(c.categoryName)} | ${c.opened} | ${c.openedByInternal} | ${c.openedByMsp} | ${c.resolved} | ${c.resolvedByInternal} | ${c.resolvedByMsp} |`);
  }
  if (m.byCategory.length === 0) out.push("| (no tickets) | 0 | 0 | 0 | 0 | 0 | 0 |");
  out.push("", "## Response and resolution vs SLA", "", ...slaTable("First response", m.firstResponse), ...slaTable("Resolution", m.resolution));
  const e = m.escalations;
  out.push("## Escalations", "", `${e.raised} raised, ${e.acknowledged} acknowledged, ${e.unacknowledged} not acknowledged. Time to acknowledge: median ${measuredMinutes(e.ackMinutes.median)}, p90 ${measuredMinutes(e.ackMinutes.p90)}.`, "");
  out.push("## Incidents", "");
  if (m.incidents.length === 0) out.push("No incidents.");
  for (const i of m.incidents) {
    out.push(`- Sev ${i.severity} ${md(i.title)} (${i.startedAt.toISOString()}): acknowledged in ${measuredMinutes(i.ackMinutes)}, ${i.durationMinutes === null ? "still open" : `resolved in ${measuredMinutes(i.durationMinutes)}`}`);
  }
  if (m.drills.length) out.push("", `Drills: ${m.drills.map((d) => `${md(d.title)} (${d.startedAt.toISOString().slice(0, 10)})`).join(", ")}.`);
  out.push("", "## Block hours", "", m.blockHours ? `${m.blockHours.used} h used, ${m.blockHours.purchased} h purchased, ${m.blockHours.leftAtEnd} h left at month end.` : "No block of hours.", "");
  out.push("## Most re-handed categories", "");
  if (m.mostReHanded.length === 0) out.push("No ticket changed sides this month.");
  for (const f of m.mostReHanded) out.push(`- ${md(f.categoryName)}: ${f.reHands} hand-offs across ${f.reHandedTickets} tickets`);
  if (m.mostReHanded.length) out.push("", "Categories that bounce between sides are a sign the matrix does not match how work really flows.");
  return out.join("\n") + "\n";
}
