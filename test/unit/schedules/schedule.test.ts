import {
  applyPhrase, defaultSchedules, describeSchedule, parseSchedulePhrase, pauseSchedule, resumeSchedule, scheduleFromPhrase,
  weeklyCron,
} from "../../../src/core/schedules/schedule";

describe("default schedules for a client", () => {
  it("standup Monday 09:30, monthly first business day 10:00, QBR two weeks ahead, all in the client's zone", () => {
    const [standup, monthly, qbr] = defaultSchedules({ clientId: "maple", timezone: "America/Toronto", holidays: ["2026-12-25"], qbrDates: ["2027-04-15", "2027-01-15"] });
    expect(standup).toMatchObject({ kind: "standup", timezone: "America/Toronto", rule: { type: "weekly", days: ["mon"], time: "09:30" }, holidayShift: true, holidays: ["2026-12-25"] });
    expect(monthly).toMatchObject({ kind: "monthly-report", rule: { type: "first-business-day", time: "10:00" } });
    expect(qbr).toMatchObject({ kind: "qbr", rule: { type: "qbr", dates: ["2027-01-15", "2027-04-15"], leadDays: 14 } });
    expect(new Set([standup!.id, monthly!.id, qbr!.id]).size).toBe(3);
  });
});

describe("parseSchedulePhrase", () => {
  it("standup mon 09:30", () => {
    expect(parseSchedulePhrase("standup mon 09:30")).toEqual({ ok: true, phrase: { kind: "standup", rule: { type: "weekly", days: ["mon"], time: "09:30" } } });
  });

  it("standup with several days, a short hour, a zone and no holiday shift", () => {
    const r = parseSchedulePhrase("standup tue,thu 9:00 tz Europe/Berlin no-shift");
    expect(r).toEqual({ ok: true, phrase: { kind: "standup", rule: { type: "weekly", days: ["tue", "thu"], time: "09:00" }, timezone: "Europe/Berlin", holidayShift: false } });
  });

  it("monthly first-business-day 10:00", () => {
    expect(parseSchedulePhrase("monthly first-business-day 11:15")).toEqual({ ok: true, phrase: { kind: "monthly-report", rule: { type: "first-business-day", time: "11:15" } } });
  });

  it("qbr with dates, time and lead", () => {
    expect(parseSchedulePhrase("qbr 2027-04-15 2027-01-15 14:00 lead 10")).toEqual({
      ok: true, phrase: { kind: "qbr", rule: { type: "qbr", dates: ["2027-01-15", "2027-04-15"], leadDays: 10, time: "14:00" } },
    });
  });

  it("custom with a quoted cron and a title", () => {
    expect(parseSchedulePhrase("custom '0 16 * * fri' Friday patch review")).toEqual({
      ok: true, phrase: { kind: "custom", rule: { type: "cron", expression: "0 16 * * fri" }, title: "Friday patch review" },
    });
    expect(parseSchedulePhrase('custom "30 8 1 * *" Licence count')).toMatchObject({ ok: true, phrase: { rule: { expression: "30 8 1 * *" }, title: "Licence count" } });
  });

  it.each([
    ["standup someday 09:30", /neither a day/],
    ["standup mon 25:00", /neither a day/],
    ["qbr 2027-02-30", /not a date/],
    ["qbr", /Give the QBR date/],
    ["custom '0 99 * * *' Bad", /not a valid/],
    ["custom '0 16 * * fri'", /needs a title/],
    ["custom '0 16 * * fri Friday", /Unbalanced/],
    ["standup mon tz Mars/Olympus", /Unknown time zone/],
    ["lunch fri 12:00", /Start with/],
  ])("refuses %s", (text, message) => {
    const r = parseSchedulePhrase(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });
});

describe("changing schedules", () => {
  const [standup] = defaultSchedules({ clientId: "maple", timezone: "America/Toronto" });

  it("a changed rule keeps identity and clears a pending skip", () => {
    const r = parseSchedulePhrase("standup wed 10:00");
    if (!r.ok) throw new Error(r.error);
    const changed = applyPhrase(r.phrase, { ...standup!, skipNext: "2026-03-09T13:30:00.000Z" });
    expect(changed).toMatchObject({ id: standup!.id, rule: { days: ["wed"], time: "10:00" }, skipNext: null, timezone: "America/Toronto", title: "Weekly standup" });
    if (changed.rule.type !== "weekly") throw new Error("expected a weekly rule");
    expect(weeklyCron(changed.rule)).toBe("0 10 * * 3");
  });

  it("pause, resume and describe", () => {
    const paused = pauseSchedule(standup!);
    expect(paused.paused).toBe(true);
    expect(describeSchedule(paused)).toBe("Weekly standup: every Mon at 09:30 (America/Toronto) [paused]");
    expect(resumeSchedule(paused).paused).toBe(false);
  });
});

describe("setting a schedule from a phrase", () => {
  it("takes the client's zone and calendar, and a named zone wins", () => {
    const client = { clientId: "maple", timezone: "America/Toronto", holidays: ["2026-12-25"] };
    const r = parseSchedulePhrase("custom '0 16 * * fri' Friday patch review tz Europe/Berlin");
    if (!r.ok) throw new Error(r.error);
    expect(scheduleFromPhrase(r.phrase, client, "maple:patch")).toEqual({
      id: "maple:patch", clientId: "maple", kind: "custom", title: "Friday patch review", timezone: "Europe/Berlin",
      rule: { type: "cron", expression: "0 16 * * fri" }, paused: false, skipNext: null, holidayShift: true,
      holidays: ["2026-12-25"], businessDays: ["mon", "tue", "wed", "thu", "fri"],
    });
  });
});
