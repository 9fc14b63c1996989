import { effectiveDay, inForce, takesEffectAt } from "../../../src/core/matrix/effective";

const v = (version: number, effective: string, importedAt: string, timezone = "America/Toronto") => ({ version, effective, timezone, importedAt: new Date(importedAt) });

describe("which matrix version is in force", () => {
  const v4 = v(4, "2026-09-01", "2026-08-20T12:00:00Z");
  const v5 = v(5, "2026-12-07", "2026-12-04T15:00:00Z");

  test("a version takes effect at midnight of its date in its own time zone", () => {
    expect(takesEffectAt(v5).toISOString()).toBe("2026-12-07T05:00:00.000Z");
    expect(takesEffectAt(v(1, "2026-07-01", "2026-06-01T00:00:00Z", "Asia/Tokyo")).toISOString()).toBe("2026-06-30T15:00:00.000Z");
  });

  test("until its date the previous version answers; from it, the new one", () => {
    expect(inForce([v4, v5], new Date("2026-12-07T04:59:59Z"))?.version).toBe(4);
    expect(inForce([v4, v5], new Date("2026-12-07T05:00:00Z"))?.version).toBe(5);
  });

  test("an older version imported again (a rollback) is in force at once", () => {
    const rollback = { ...v4, importedAt: new Date("2026-12-10T09:00:00Z") };
    expect(inForce([rollback, v5], new Date("2026-12-10T10:00:00Z"))?.version).toBe(4);
  });

  test("a first version dated ahead answers rather than nothing; no versions, nothing", () => {
    expect(inForce([v5], new Date("2026-12-01T00:00:00Z"))?.version).toBe(5);
    expect(inForce([], new Date())).toBeNull();
  });

  test("the day is written the way people say it, with the year only when it is not this year", () => {
    expect(effectiveDay(v5, new Date("2026-12-04T18:00:00Z"))).toBe("Mon 7 Dec");
    expect(effectiveDay(v(6, "2027-01-04", "2026-12-04T00:00:00Z"), new Date("2026-12-04T18:00:00Z"))).toBe("Mon 4 Jan 2027");
  });
});
