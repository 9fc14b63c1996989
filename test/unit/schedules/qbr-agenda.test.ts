import { buildQbrAgenda, quarterUnderReview } from "../../../src/core/schedules/qbr-agenda";
import { contradictingCategories } from "../../../src/core/schedules/contradictions";
import { qbrAgendaOutline, qbrInvitation } from "../../../src/core/schedules/qbr-invitation";
import { seededSnapshot } from "./cadence-seed";

const t = (s: string) => new Date(s);
const TZ = "America/Toronto";

describe("QBR agenda", () => {
  const now = t("2026-10-01T14:00:00Z");
  const agenda = buildQbrAgenda({ snapshot: seededSnapshot(), qbrDate: "2026-10-15", timezone: TZ, now });

  it("reviews the previous calendar quarter", () => {
    expect(agenda.quarter).toBe("2026-Q3");
    expect(quarterUnderReview("2027-01-15", TZ).quarter).toBe("2026-Q4");
    expect(agenda.period).toEqual({ from: t("2026-07-01T04:00:00Z"), to: t("2026-10-01T04:00:00Z") });
  });

  it("opens with the matrix review: version, signed date, age and contradicting categories", () => {
    expect(agenda.items.map((i) => i.kind)).toEqual(["matrix-review", "metrics", "incidents-and-drills", "block-hours", "action-items"]);
    const review = agenda.items[0];
    expect(review).toMatchObject({ version: 4, signedDate: "2026-06-01", ageDays: 122, lastReview: null, uncategorisedTickets: 1 });
    expect(review.contradictions.map((c) => [c.categoryId, c.reasons])).toEqual([["printers", ["resolved-by-other-side", "re-handed"]]]);
    expect(review.contradictions[0]!.summary).toBe('Printers, "MFPs" & scanners: owned by internal IT but the MSP resolved 3 of 4; re-handed 5 times across 3 tickets');
  });

  it("warns when no tabletop drill happened in 90 days, and not when one did", () => {
    const drills = agenda.items.find((i) => i.kind === "incidents-and-drills")!;
    expect(drills).toMatchObject({ lastTabletop: t("2026-06-01T14:00:00Z"), warning: "No tabletop drill in 90 days (last one Mon 1 Jun 2026)." });
    const s = seededSnapshot();
    s.incidents.push({ id: "D2", title: "Backup restore drill", severity: 2, startedAt: t("2026-08-20T14:00:00Z"), acknowledgedAt: null, resolvedAt: t("2026-08-20T15:00:00Z"), drill: true });
    const fresh = buildQbrAgenda({ snapshot: s, qbrDate: "2026-10-15", timezone: TZ, now }).items.find((i) => i.kind === "incidents-and-drills")!;
    expect(fresh).toMatchObject({ warning: null, lastTabletop: t("2026-08-20T14:00:00Z") });
    if (fresh.kind === "incidents-and-drills") expect(fresh.drills.map((d) => d.id)).toEqual(["D2"]);
  });

  it("shows the block-hour trend by month and open action items, due first", () => {
    const trend = agenda.items.find((i) => i.kind === "block-hours");
    expect(trend).toEqual({ kind: "block-hours", months: [
      { month: "2026-07", purchased: 40, used: 0, leftAtEnd: 40 },
      { month: "2026-08", purchased: 0, used: 5, leftAtEnd: 35 },
      { month: "2026-09", purchased: 0, used: 10.5, leftAtEnd: 24.5 },
    ] });
    const actions = agenda.items.find((i) => i.kind === "action-items");
    expect(actions?.kind === "action-items" && actions.open.map((a) => a.id)).toEqual(["A1", "A3"]);
  });
});

describe("contradicting categories", () => {
  const period = { from: t("2026-09-01T04:00:00Z"), to: t("2026-10-01T04:00:00Z") };

  it("needs a majority resolved by the other side and enough tickets to say so", () => {
    const s = seededSnapshot();
    expect(contradictingCategories(s.tickets, s.matrix, period, { reHandThreshold: 100 }).map((c) => c.categoryId)).toEqual(["printers"]);
    expect(contradictingCategories(s.tickets, s.matrix, period, { reHandThreshold: 100, minResolved: 5 })).toEqual([]);
    // Half is not most: with T1 resolved by internal the MSP resolved 2 of 4.
    const flipped = s.tickets.map((x) => (x.key === "T1" ? { ...x, resolvedBy: "internal" as const } : x));
    expect(contradictingCategories(flipped, s.matrix, period, { reHandThreshold: 100 })).toEqual([]);
  });

  it("flags a joint category only for bouncing between sides", () => {
    const s = seededSnapshot();
    const bounced = s.tickets.map((x) => (x.categoryId === "printers" ? { ...x, categoryId: "m365" } : x));
    const found = contradictingCategories(bounced, s.matrix, period);
    expect(found.map((c) => [c.categoryId, c.reasons])).toEqual([["m365", ["re-handed"]]]);
    expect(contradictingCategories(bounced, s.matrix, period, { reHandThreshold: 5 })).toEqual([]);
  });
});

describe("QBR invitation from the agenda", () => {
  it("puts the matrix review first in the invitation body", () => {
    const agenda = buildQbrAgenda({ snapshot: seededSnapshot(), qbrDate: "2026-10-15", timezone: TZ, now: t("2026-10-01T14:00:00Z") });
    const outline = qbrAgendaOutline(agenda);
    expect(outline[0]).toMatch(/^1\. Matrix review: version 4, signed 2026-06-01 \(122 days ago\)\. Contradicted by real ticket flow: Printers/);
    expect(outline).toHaveLength(5);
    const ics = qbrInvitation(agenda, { uid: "qbr-1@t", dtstamp: t("2026-10-01T14:00:00Z"), start: t("2026-10-15T13:00:00Z"), durationMinutes: 90, timezone: TZ, clientName: "Maple Ridge" });
    const body = ics.replace(/\r\n /g, "");
    expect(body).toContain("SUMMARY:Quarterly business review: Maple Ridge (2026-Q3)\r\n");
    expect(body).toContain("DTEND;TZID=America/Toronto:20261015T103000\r\n");
    expect(body).toContain("DESCRIPTION:1. Matrix review: version 4");
  });
});
