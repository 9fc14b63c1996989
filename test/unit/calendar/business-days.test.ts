// The one business calendar, as the matrix's business hours and the cadence schedules both see it.
import { firstBusinessDay, isBusinessDay, shiftDate, weekdayOf } from "../../../src/core/calendar/business-days";
import { businessWindow } from "../../../src/core/matrix/hours";
import type { BusinessHours } from "../../../src/core/matrix/model";
import { runsBetween } from "../../../src/core/schedules/next-run";
import type { Schedule } from "../../../src/core/schedules/schedule";

const cal = { days: ["mon", "tue", "wed", "thu", "fri"] as const, holidays: ["2026-12-25", "2026-12-28"] };

test("weekdays, holidays and the next business day", () => {
  expect(weekdayOf("2026-12-25")).toBe("fri");
  expect(weekdayOf("2027-01-03")).toBe("sun");
  expect(isBusinessDay(cal, "2026-12-24")).toBe(true);
  expect(isBusinessDay(cal, "2026-12-25")).toBe(false);
  expect(firstBusinessDay(cal, "2026-12-25")).toBe("2026-12-29"); // Fri holiday, weekend, Mon holiday
  expect(firstBusinessDay({ days: [], holidays: [] }, "2026-12-25")).toBeNull();
  expect(shiftDate("2026-02-28", 1)).toBe("2026-03-01");
  expect(() => weekdayOf("2026-02-30")).toThrow(RangeError);
});

test("the matrix hours and a schedule agree: no window and no reminder on a holiday, both move to the same day", () => {
  const hours: BusinessHours = { timezone: "America/Toronto", days: [...cal.days], start: "09:00", end: "17:00", holidays: cal.holidays };
  expect(businessWindow(hours, "2026-12-28")).toBeNull();
  const standup = {
    id: "s", clientId: "c", kind: "standup", name: "standup", title: "Standup", timezone: "America/Toronto",
    rule: { type: "weekly", days: ["mon"], time: "09:30" }, paused: false, skipNext: null, holidayShift: true,
    holidays: cal.holidays, businessDays: [...cal.days],
  } as unknown as Schedule;
  const [run] = runsBetween(standup, new Date("2026-12-27T00:00:00Z"), new Date("2027-01-01T00:00:00Z"));
  expect(run.at.toISOString()).toBe("2026-12-29T14:30:00.000Z"); // Monday the 28th is a holiday: Tuesday 09:30 EST
  expect(businessWindow(hours, "2026-12-29")!.start.toISOString()).toBe("2026-12-29T14:00:00.000Z");
});

test("a business day ending at a time repeated by the autumn change ends at its first occurrence (the schedules' rule)", () => {
  const hours: BusinessHours = { timezone: "America/Toronto", days: ["sun"], start: "00:00", end: "01:30", holidays: [] };
  // 2026-11-01: 01:30 happens twice in Toronto (EDT, then EST); the first is 05:30Z.
  expect(businessWindow(hours, "2026-11-01")!.end.toISOString()).toBe("2026-11-01T05:30:00.000Z");
});
