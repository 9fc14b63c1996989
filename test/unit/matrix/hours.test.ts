import {
  addBusinessMinutes, businessMinutesBetween, businessWindow, isBusinessDay, isBusinessTime, nextBusinessStart,
} from "../../../src/core/matrix/hours";
import type { BusinessHours } from "../../../src/core/matrix/model";
import { demoMatrix } from "./demo-matrix";

const toronto: BusinessHours = demoMatrix().businessHours; // Mon-Fri 08:30-17:30, Ontario holidays
const berlin: BusinessHours = { timezone: "Europe/Berlin", days: ["mon", "tue", "wed", "thu", "fri"], start: "09:00", end: "17:00", holidays: [] };
const iso = (d: Date) => d.toISOString();
const at = (s: string) => new Date(s);

describe("isBusinessDay", () => {
  test("weekdays are, weekends and holidays are not", () => {
    expect(isBusinessDay(toronto, "2026-12-24")).toBe(true); // Thu
    expect(isBusinessDay(toronto, "2026-12-25")).toBe(false); // Christmas, a Friday
    expect(isBusinessDay(toronto, "2026-12-26")).toBe(false); // Sat
    expect(isBusinessDay(toronto, "2026-09-07")).toBe(false); // Labour Day, a Monday
  });

  test("a malformed date is an error, not a silent false", () => {
    expect(() => isBusinessDay(toronto, "2026-13-01")).toThrow(RangeError);
  });
});

describe("isBusinessTime in the matrix time zone", () => {
  test("start is inclusive, end is exclusive, in local time (EDT, UTC-4)", () => {
    expect(isBusinessTime(toronto, at("2026-09-08T12:29:59Z"))).toBe(false); // 08:29:59 local
    expect(isBusinessTime(toronto, at("2026-09-08T12:30:00Z"))).toBe(true); // 08:30
    expect(isBusinessTime(toronto, at("2026-09-08T21:29:00Z"))).toBe(true); // 17:29
    expect(isBusinessTime(toronto, at("2026-09-08T21:30:00Z"))).toBe(false); // 17:30
  });

  test("the same wall-clock hour maps to a different UTC hour in winter (EST, UTC-5)", () => {
    expect(isBusinessTime(toronto, at("2026-12-08T13:30:00Z"))).toBe(true); // 08:30 EST
    expect(isBusinessTime(toronto, at("2026-12-08T12:30:00Z"))).toBe(false); // 07:30 EST
  });

  test("the local date decides, not the UTC date", () => {
    const h: BusinessHours = { ...toronto, start: "00:00", end: "24:00", holidays: [] };
    expect(isBusinessTime(h, at("2026-07-04T02:00:00Z"))).toBe(true); // Sat in UTC, Fri 22:00 in Toronto
    expect(isBusinessTime(h, at("2026-07-06T02:00:00Z"))).toBe(false); // Mon in UTC, Sun 22:00 in Toronto
  });

  test("not on holidays or weekends", () => {
    expect(isBusinessTime(toronto, at("2026-12-25T15:00:00Z"))).toBe(false);
    expect(isBusinessTime(toronto, at("2026-12-26T15:00:00Z"))).toBe(false);
  });
});

describe("nextBusinessStart", () => {
  test("is the moment itself during business hours", () => {
    expect(iso(nextBusinessStart(toronto, at("2026-09-08T15:00:00Z")))).toBe("2026-09-08T15:00:00.000Z");
  });

  test("skips a long weekend with a Monday holiday", () => {
    // Fri 4 Sep 19:00 EDT -> Tue 8 Sep 08:30 EDT (Mon 7 Sep is Labour Day)
    expect(iso(nextBusinessStart(toronto, at("2026-09-04T23:00:00Z")))).toBe("2026-09-08T12:30:00.000Z");
  });

  test("crosses the spring-forward weekend in Toronto (Sun 8 Mar 2026)", () => {
    // Sat 7 Mar noon EST -> Mon 9 Mar 08:30 EDT = 12:30Z (a fixed -05:00 offset would say 13:30Z)
    expect(iso(nextBusinessStart(toronto, at("2026-03-07T17:00:00Z")))).toBe("2026-03-09T12:30:00.000Z");
  });

  test("is the same day's start before opening, the next day's after closing", () => {
    expect(iso(nextBusinessStart(berlin, at("2026-07-01T05:00:00Z")))).toBe("2026-07-01T07:00:00.000Z");
    expect(iso(nextBusinessStart(berlin, at("2026-07-01T15:00:00Z")))).toBe("2026-07-02T07:00:00.000Z");
  });

  test("fails clearly when no day is ever a business day", () => {
    expect(() => nextBusinessStart({ ...berlin, days: [] }, at("2026-07-01T05:00:00Z"))).toThrow(/no business day/);
  });
});

describe("addBusinessMinutes", () => {
  test("within one window", () => {
    expect(iso(addBusinessMinutes(berlin, at("2026-07-01T08:00:00Z"), 90))).toBe("2026-07-01T09:30:00.000Z");
  });

  test("a deadline can land exactly on closing time", () => {
    expect(iso(addBusinessMinutes(berlin, at("2026-07-01T14:00:00Z"), 60))).toBe("2026-07-01T15:00:00.000Z");
  });

  test("carries over night into the next morning", () => {
    // Wed 16:30 CEST + 60 -> Thu 09:30 CEST
    expect(iso(addBusinessMinutes(berlin, at("2026-07-01T14:30:00Z"), 60))).toBe("2026-07-02T07:30:00.000Z");
  });

  test("a start outside hours begins counting at the next opening", () => {
    expect(iso(addBusinessMinutes(berlin, at("2026-07-04T10:00:00Z"), 30))).toBe("2026-07-06T07:30:00.000Z"); // Sat -> Mon 09:30
  });

  test("crosses the autumn DST change in Berlin (Sun 25 Oct 2026)", () => {
    // Fri 23 Oct 16:00 CEST + 120 -> Mon 26 Oct 10:00 CET = 09:00Z
    expect(iso(addBusinessMinutes(berlin, at("2026-10-23T14:00:00Z"), 120))).toBe("2026-10-26T09:00:00.000Z");
  });

  test("crosses the spring DST change in Toronto", () => {
    // Fri 6 Mar 17:00 EST + 60 -> Mon 9 Mar 09:00 EDT = 13:00Z
    expect(iso(addBusinessMinutes(toronto, at("2026-03-06T22:00:00Z"), 60))).toBe("2026-03-09T13:00:00.000Z");
  });

  test("skips Christmas, the weekend and the observed Boxing Day", () => {
    // Thu 24 Dec 17:00 EST + 60 -> Tue 29 Dec 09:00 EST
    expect(iso(addBusinessMinutes(toronto, at("2026-12-24T22:00:00Z"), 60))).toBe("2026-12-29T14:00:00.000Z");
  });

  test("spans several days of 540-minute windows", () => {
    // Mon 14 Sep 08:30 EDT + 3 full days -> Wed 17:30, i.e. the end of the third window
    expect(iso(addBusinessMinutes(toronto, at("2026-09-14T12:30:00Z"), 3 * 540))).toBe("2026-09-16T21:30:00.000Z");
  });

  test("zero minutes is the start itself; negative minutes are refused", () => {
    expect(iso(addBusinessMinutes(berlin, at("2026-07-04T10:00:00Z"), 0))).toBe("2026-07-04T10:00:00.000Z");
    expect(() => addBusinessMinutes(berlin, at("2026-07-04T10:00:00Z"), -5)).toThrow(RangeError);
  });
});

describe("businessMinutesBetween", () => {
  test("a full week is five windows", () => {
    expect(businessMinutesBetween(toronto, at("2026-09-14T12:30:00Z"), at("2026-09-18T21:30:00Z"))).toBe(5 * 540);
  });

  test("overnight and weekend time does not count", () => {
    // Fri 17:00 -> Mon 09:00 across spring-forward: 30 + 30
    expect(businessMinutesBetween(toronto, at("2026-03-06T22:00:00Z"), at("2026-03-09T13:00:00Z"))).toBe(60);
  });

  test("is negative when the end is before the start", () => {
    expect(businessMinutesBetween(berlin, at("2026-07-01T09:00:00Z"), at("2026-07-01T08:00:00Z"))).toBe(-60);
  });

  test("is the inverse of addBusinessMinutes", () => {
    const start = at("2026-10-22T13:17:00Z");
    const end = addBusinessMinutes(berlin, start, 1234);
    expect(businessMinutesBetween(berlin, start, end)).toBe(1234);
  });
});

describe("round-the-clock hours on DST change days", () => {
  const allWeek = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

  test("a 00:00-24:00 day is 23 hours when clocks spring forward and 25 when they fall back (Toronto)", () => {
    const h: BusinessHours = { timezone: "America/Toronto", days: [...allWeek], start: "00:00", end: "24:00", holidays: [] };
    const spring = businessWindow(h, "2026-03-08")!;
    expect((spring.end.getTime() - spring.start.getTime()) / 60_000).toBe(23 * 60);
    const autumn = businessWindow(h, "2026-11-01")!;
    expect((autumn.end.getTime() - autumn.start.getTime()) / 60_000).toBe(25 * 60);
  });

  test("a window spanning the missing hour is an hour shorter (Berlin, 29 Mar 2026)", () => {
    const h: BusinessHours = { timezone: "Europe/Berlin", days: [...allWeek], start: "01:00", end: "05:00", holidays: [] };
    const w = businessWindow(h, "2026-03-29")!;
    expect(iso(w.start)).toBe("2026-03-29T00:00:00.000Z"); // 01:00 CET
    expect(iso(w.end)).toBe("2026-03-29T03:00:00.000Z"); // 05:00 CEST
    expect(businessMinutesBetween(h, at("2026-03-28T23:00:00Z"), at("2026-03-29T06:00:00Z"))).toBe(180);
  });

  test("a window spanning the repeated hour is an hour longer (Berlin, 25 Oct 2026)", () => {
    const h: BusinessHours = { timezone: "Europe/Berlin", days: [...allWeek], start: "01:00", end: "05:00", holidays: [] };
    expect(businessMinutesBetween(h, at("2026-10-24T20:00:00Z"), at("2026-10-25T08:00:00Z"))).toBe(300);
    // 01:00 CEST + 299 minutes is still business time at 04:59 CET
    expect(iso(addBusinessMinutes(h, at("2026-10-24T23:00:00Z"), 299))).toBe("2026-10-25T03:59:00.000Z");
  });
});
