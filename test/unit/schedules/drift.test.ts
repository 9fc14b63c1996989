import { type DriftInput, dueDriftWarnings } from "../../../src/core/schedules/drift";

const t = (s: string) => new Date(s);

const base: DriftInput = {
  now: t("2026-09-22T12:00:00Z"),
  timezone: "America/Toronto",
  standups: [
    { occurrenceAt: t("2026-09-07T13:30:00Z"), heldAt: t("2026-09-07T14:00:00Z") },
    { occurrenceAt: t("2026-09-14T13:30:00Z"), heldAt: null },
    { occurrenceAt: t("2026-09-21T13:30:00Z"), heldAt: null },
  ],
  monthlyReports: [],
  matrix: { version: 4, effective: "2026-08-01" },
  alreadySaid: [],
};

describe("drift warnings", () => {
  it("standup missed twice in a row is said once per streak", () => {
    const first = dueDriftWarnings(base);
    expect(first.map((w) => w.key)).toEqual(["standup-missed-twice:2026-09-14T13:30:00.000Z"]);
    expect(first[0]!.message).toContain("missed 2 times in a row");
    // A third miss in the same streak: same key, already said, so silence.
    const later = { ...base, now: t("2026-09-29T12:00:00Z"), standups: [...base.standups, { occurrenceAt: t("2026-09-28T13:30:00Z"), heldAt: null }], alreadySaid: first.map((w) => w.key) };
    expect(dueDriftWarnings(later)).toEqual([]);
    // Held, then missed twice again: a new streak is news again.
    const again = {
      ...later, now: t("2026-10-20T12:00:00Z"), standups: [...later.standups,
        { occurrenceAt: t("2026-10-05T13:30:00Z"), heldAt: t("2026-10-05T14:00:00Z") },
        { occurrenceAt: t("2026-10-12T13:30:00Z"), heldAt: null }, { occurrenceAt: t("2026-10-19T13:30:00Z"), heldAt: null }],
    };
    expect(dueDriftWarnings(again).map((w) => w.key)).toEqual(["standup-missed-twice:2026-10-12T13:30:00.000Z"]);
  });

  it("one miss, or a second one whose day is not over, is not drift", () => {
    expect(dueDriftWarnings({ ...base, now: t("2026-09-21T20:00:00Z") })).toEqual([]);
  });

  it("monthly report late once it is a day overdue and unsent, once per month", () => {
    const reports = [{ month: "2026-09", dueAt: t("2026-10-01T14:00:00Z"), sentAt: null }];
    const input = { ...base, standups: [], monthlyReports: reports };
    expect(dueDriftWarnings({ ...input, now: t("2026-10-02T10:00:00Z") })).toEqual([]);
    const late = dueDriftWarnings({ ...input, now: t("2026-10-02T15:00:00Z") });
    expect(late.map((w) => w.key)).toEqual(["monthly-report-late:2026-09"]);
    expect(late[0]!.message).toBe("The monthly operations report for 2026-09 was due Thu 1 Oct, 10:00 EDT and has not gone out.");
    expect(dueDriftWarnings({ ...input, now: t("2026-10-03T15:00:00Z"), alreadySaid: ["monthly-report-late:2026-09"] })).toEqual([]);
    expect(dueDriftWarnings({ ...input, now: t("2026-10-02T15:00:00Z"), monthlyReports: [{ ...reports[0]!, sentAt: t("2026-10-02T14:00:00Z") }] })).toEqual([]);
  });

  it("matrix review overdue a quarter after the last review (or signing), once per review", () => {
    const input = { ...base, standups: [] };
    expect(dueDriftWarnings({ ...input, now: t("2026-10-31T12:00:00Z") })).toEqual([]);
    const overdue = dueDriftWarnings({ ...input, now: t("2026-11-02T12:00:00Z") });
    expect(overdue.map((w) => w.key)).toEqual(["matrix-review-overdue:v4:2026-08-01"]);
    expect(dueDriftWarnings({ ...input, now: t("2026-11-09T12:00:00Z"), alreadySaid: overdue.map((w) => w.key) })).toEqual([]);
    expect(dueDriftWarnings({ ...input, now: t("2026-11-09T12:00:00Z"), matrix: { ...input.matrix, lastReview: "2026-10-20" } })).toEqual([]);
  });
});
