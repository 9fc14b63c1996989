import { nextReviewDate, reviewStatus } from "../../../src/core/matrix/review";
import { demoMatrix } from "./demo-matrix";

describe("quarterly review", () => {
  test("is due three months after the effective date when no review is recorded", () => {
    expect(nextReviewDate(demoMatrix())).toBe("2026-12-01");
  });

  test("is due three months after the last review, clamping month ends", () => {
    expect(nextReviewDate({ ...demoMatrix(), lastReview: "2026-11-30" })).toBe("2027-02-28");
  });

  test("counts calendar days in the matrix time zone", () => {
    const m = demoMatrix(); // due 2026-12-01, America/Toronto
    expect(reviewStatus(m, new Date("2026-11-30T17:00:00Z"))).toMatchObject({ dueDate: "2026-12-01", daysLeft: 1, overdue: false });
    // 23:30 on the due day in Toronto is already 2 Dec in UTC: still due today, not overdue.
    expect(reviewStatus(m, new Date("2026-12-02T04:30:00Z"))).toMatchObject({ daysLeft: 0, overdue: false });
    expect(reviewStatus(m, new Date("2026-12-02T06:00:00Z"))).toMatchObject({ daysLeft: -1, overdue: true });
    expect(reviewStatus(m, new Date("2026-11-30T17:00:00Z")).due.toISOString()).toBe("2026-12-01T05:00:00.000Z");
  });
});
