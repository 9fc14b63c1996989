import { buildMonthlyReport, monthPeriod, monthlyReportCsv, monthlyReportMarkdown, reportedMonth } from "../../../src/core/schedules/monthly-report";
import { csvField } from "../../../src/core/schedules/monthly-report-export";
import { percentile } from "../../../src/core/schedules/statistics";
import { seededSnapshot } from "./cadence-seed";

const t = (s: string) => new Date(s);
const TZ = "America/Toronto";
const now = t("2026-10-01T14:00:00Z");

describe("percentile", () => {
  it("median of odd and even counts, p90 by linear interpolation", () => {
    expect(percentile([5, 1, 3], 0.5)).toBe(3);
    expect(percentile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 300], 0.9)).toBeCloseTo(196);
    expect(percentile([7], 0.9)).toBe(7);
    expect(percentile([], 0.5)).toBeNull();
  });
});

describe("monthly operations report", () => {
  const report = buildMonthlyReport({ clientName: "Maple Ridge", snapshot: seededSnapshot(), month: reportedMonth(now, TZ), timezone: TZ, now });
  const m = report.metrics;

  it("covers the previous calendar month in the client's zone", () => {
    expect(report.month).toBe("2026-09");
    expect(monthPeriod("2026-09", TZ)).toEqual({ from: t("2026-09-01T04:00:00Z"), to: t("2026-10-01T04:00:00Z") });
  });

  it("counts tickets by category and side", () => {
    const rows = Object.fromEntries(m.byCategory.map((r) => [r.categoryId ?? "none", r]));
    expect(rows.printers).toMatchObject({ opened: 4, openedByInternal: 4, openedByMsp: 0, resolved: 4, resolvedByInternal: 1, resolvedByMsp: 3 });
    expect(rows.network).toMatchObject({ opened: 2, openedByMsp: 2, resolved: 1, resolvedByMsp: 1 });
    expect(rows.none).toMatchObject({ categoryName: "(not in the matrix)", opened: 1, resolved: 0 });
  });

  it("first response: median and p90 against the SLA, unanswered tickets past target count as breached", () => {
    const all = m.firstResponse.find((r) => r.severity === "all")!;
    expect(all).toMatchObject({ count: 6, median: 30, breached: 2 });
    expect(all.p90).toBeCloseTo(170);
    const sev3 = m.firstResponse.find((r) => r.severity === 3)!;
    expect(sev3).toMatchObject({ count: 5, median: 30, targetMinutes: 240, breached: 1, withinTarget: 4 });
    expect(sev3.p90).toBeCloseTo(196);
    expect(m.firstResponse.find((r) => r.severity === 4)).toMatchObject({ count: 0, median: null, breached: 1 });
  });

  it("resolution: tickets resolved in the month, plus open ones past target as breaches", () => {
    const all = m.resolution.find((r) => r.severity === "all")!;
    expect(all).toMatchObject({ count: 5, median: 1440, breached: 3 });
    expect(all.p90).toBeCloseTo(2600);
  });

  it("escalations with acknowledgement times, incidents with durations, block hours, most re-handed", () => {
    expect(m.escalations).toMatchObject({ raised: 3, acknowledged: 2, unacknowledged: 1, ackMinutes: { count: 2, median: 20 } });
    expect(m.escalations.ackMinutes.p90).toBeCloseTo(28);
    expect(m.incidents.map((i) => [i.id, i.ackMinutes, i.durationMinutes])).toEqual([["I1", 5, 90], ["I2", null, null]]);
    expect(m.drills).toEqual([]);
    expect(m.blockHours).toEqual({ purchased: 0, used: 10.5, leftAtEnd: 24.5 });
    expect(m.mostReHanded.map((f) => [f.categoryId, f.reHands, f.reHandedTickets])).toEqual([["printers", 5, 3], ["network", 1, 1]]);
  });

  it("exports Markdown with the figures and escaped table cells", () => {
    const md = monthlyReportMarkdown(report);
    expect(md).toContain("# Monthly operations report: Maple Ridge, 2026-09");
    expect(md).toContain('| Printers, "MFPs" & scanners | 4 | 4 | 0 | 4 | 1 | 3 |');
    expect(md).toContain("| Sev 3 | 5 | 5 | 30m | 3h 16m | 4h | 1 |");
    // A ticket still waiting past its target is a ticket of its row, not "0 tickets, 1 breached".
    expect(md).toContain("| Sev 4 | 1 | 0 | n/a | n/a | 8h | 1 |");
    expect(md).toContain("10.5 h used, 0 h purchased, 24.5 h left at month end.");
    expect(md).toContain("- Sev 1 Firewall outage (2026-09-14T10:00:00.000Z): acknowledged in 5m, resolved in 1h 30m");
    expect(md).toContain("- Printers, \"MFPs\" & scanners: 5 hand-offs across 3 tickets");
  });

  it("exports RFC 4180 CSV: CRLF, quoted fields with doubled quotes, same columns on every row", () => {
    const csv = monthlyReportCsv(report);
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe("section,key,label,metric,value");
    expect(lines.at(-1)).toBe("");
    expect(csv).toContain('tickets-by-category,printers,"Printers, ""MFPs"" & scanners",resolvedByMsp,3\r\n');
    expect(csv).toContain("first-response,sev3,,p90Minutes,196\r\n");
    expect(csv).toContain("block-hours,all,,leftAtEnd,24.5\r\n");
    expect(csv).not.toMatch(/[^\r]\n/);
  });

  it("quotes CSV fields that need it and defuses spreadsheet formulas", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvField("=HYPERLINK(\"x\")")).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField(-3)).toBe("-3");
    expect(csvField(null)).toBe("");
  });
});
