import { defaultSchedules, type Schedule } from "../../../src/core/schedules/schedule";
import { nextOccurrence, nextRun, occurrencesBetween, skipNextOccurrence } from "../../../src/core/schedules/next-run";

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
const at = (s: string) => new Date(s);

function schedule(timezone: string, rule: Schedule["rule"], extra: Partial<Schedule> = {}): Schedule {
  return {
    id: "s1", clientId: "c1", kind: rule.type === "qbr" ? "qbr" : "custom", title: "t", timezone, rule,
    paused: false, skipNext: null, holidayShift: true, holidays: [], businessDays: ["mon", "tue", "wed", "thu", "fri"], ...extra,
  };
}

const standup = (timezone: string, extra: Partial<Schedule> = {}) =>
  schedule(timezone, { type: "weekly", days: ["mon"], time: "09:30" }, { kind: "standup", ...extra });

describe("weekly standup keeps 09:30 local across DST", () => {
  it("America/Toronto, spring forward (2026-03-08) and fall back (2026-11-01)", () => {
    const s = standup("America/Toronto");
    expect(iso(occurrencesBetween(s, at("2026-03-01T00:00Z"), at("2026-03-17T00:00Z")))).toEqual([
      "2026-03-02T14:30:00.000Z", // EST
      "2026-03-09T13:30:00.000Z", // EDT
      "2026-03-16T13:30:00.000Z",
    ]);
    expect(iso(occurrencesBetween(s, at("2026-10-20T00:00Z"), at("2026-11-03T00:00Z")))).toEqual([
      "2026-10-26T13:30:00.000Z",
      "2026-11-02T14:30:00.000Z",
    ]);
  });

  it("Europe/Berlin (2026-03-29, 2026-10-25)", () => {
    const s = standup("Europe/Berlin");
    expect(nextOccurrence(s, at("2026-03-24T00:00Z"))?.toISOString()).toBe("2026-03-30T07:30:00.000Z");
    expect(nextOccurrence(s, at("2026-03-17T00:00Z"))?.toISOString()).toBe("2026-03-23T08:30:00.000Z");
    expect(nextOccurrence(s, at("2026-10-20T00:00Z"))?.toISOString()).toBe("2026-10-26T08:30:00.000Z");
  });

  it("Australia/Sydney, southern hemisphere (ends 2026-04-05, starts 2026-10-04)", () => {
    const s = standup("Australia/Sydney");
    expect(iso(occurrencesBetween(s, at("2026-03-28T00:00Z"), at("2026-04-07T00:00Z")))).toEqual([
      "2026-03-29T22:30:00.000Z", // Mon 30 Mar 09:30 AEDT (+11)
      "2026-04-05T23:30:00.000Z", // Mon 6 Apr 09:30 AEST (+10)
    ]);
    expect(iso(occurrencesBetween(s, at("2026-09-27T00:00Z"), at("2026-10-06T00:00Z")))).toEqual([
      "2026-09-27T23:30:00.000Z",
      "2026-10-04T22:30:00.000Z",
    ]);
  });

  it("next occurrence is strictly after the given instant", () => {
    const s = standup("America/Toronto");
    expect(nextOccurrence(s, at("2026-03-09T13:30:00Z"))?.toISOString()).toBe("2026-03-16T13:30:00.000Z");
    expect(nextOccurrence(s, at("2026-03-09T13:29:59Z"))?.toISOString()).toBe("2026-03-09T13:30:00.000Z");
  });
});

describe("times that do not exist or happen twice", () => {
  it("a time in the spring-forward gap moves forward (Toronto 02:30 on 2026-03-08)", () => {
    const s = schedule("America/Toronto", { type: "cron", expression: "30 2 * * *" }, { holidayShift: false });
    expect(iso(occurrencesBetween(s, at("2026-03-07T00:00Z"), at("2026-03-09T12:00Z")))).toEqual([
      "2026-03-07T07:30:00.000Z", // 02:30 EST
      "2026-03-08T07:30:00.000Z", // 02:30 does not exist: 03:30 EDT
      "2026-03-09T06:30:00.000Z", // 02:30 EDT
    ]);
  });

  it("an ambiguous fall-back time fires once, at its first instant (Toronto 01:30 on 2026-11-01)", () => {
    const s = schedule("America/Toronto", { type: "cron", expression: "30 1 * * *" }, { holidayShift: false });
    expect(iso(occurrencesBetween(s, at("2026-10-31T00:00Z"), at("2026-11-02T12:00Z")))).toEqual([
      "2026-10-31T05:30:00.000Z",
      "2026-11-01T05:30:00.000Z", // 01:30 EDT only, not again at 01:30 EST (06:30Z)
      "2026-11-02T06:30:00.000Z",
    ]);
    expect(nextOccurrence(s, at("2026-11-01T05:30:00Z"))?.toISOString()).toBe("2026-11-02T06:30:00.000Z");
  });

  it("Berlin gap and Sydney overlap", () => {
    const berlin = schedule("Europe/Berlin", { type: "cron", expression: "30 2 29 3 *" }, { holidayShift: false });
    expect(nextOccurrence(berlin, at("2026-03-01T00:00Z"))?.toISOString()).toBe("2026-03-29T01:30:00.000Z"); // 03:30 CEST
    const sydney = schedule("Australia/Sydney", { type: "cron", expression: "30 2 5 4 *" }, { holidayShift: false });
    expect(iso(occurrencesBetween(sydney, at("2026-04-04T00:00Z"), at("2026-04-06T00:00Z")))).toEqual(["2026-04-04T15:30:00.000Z"]);
  });
});

describe("holiday and weekend shift", () => {
  const holidays = ["2026-05-18"]; // Victoria Day, a Monday
  it("a standup on a holiday moves to the next business day, same wall time", () => {
    const s = standup("America/Toronto", { holidays });
    expect(nextOccurrence(s, at("2026-05-15T00:00Z"))?.toISOString()).toBe("2026-05-19T13:30:00.000Z");
    // Even asked on the holiday itself, after the nominal time.
    expect(nextOccurrence(s, at("2026-05-18T16:00Z"))?.toISOString()).toBe("2026-05-19T13:30:00.000Z");
    expect(nextOccurrence(s, at("2026-05-19T13:29Z"))?.toISOString()).toBe("2026-05-19T13:30:00.000Z");
    expect(nextOccurrence(s, at("2026-05-19T13:30Z"))?.toISOString()).toBe("2026-05-25T13:30:00.000Z");
  });

  it("does not move when told not to", () => {
    const s = standup("America/Toronto", { holidays, holidayShift: false });
    expect(nextOccurrence(s, at("2026-05-15T00:00Z"))?.toISOString()).toBe("2026-05-18T13:30:00.000Z");
  });

  it("skips a chain of holiday, weekend and holiday", () => {
    const s = schedule("America/Toronto", { type: "cron", expression: "0 16 * * fri" }, { holidays: ["2026-12-25", "2026-12-28"] });
    expect(nextOccurrence(s, at("2026-12-19T00:00Z"))?.toISOString()).toBe("2026-12-29T21:00:00.000Z");
  });

  it("a weekend cron occurrence shifts and merges with an existing one instead of firing twice", () => {
    const s = schedule("Europe/Berlin", { type: "cron", expression: "0 9 * * *" });
    const runs = occurrencesBetween(s, at("2026-06-05T12:00Z"), at("2026-06-08T12:00Z")); // Fri noon .. Mon noon
    expect(iso(runs)).toEqual(["2026-06-08T07:00:00.000Z"]);
  });
});

describe("monthly report on the first business day", () => {
  it("skips weekends and holidays, 10:00 local", () => {
    const [, monthly] = defaultSchedules({ clientId: "c1", timezone: "America/Toronto", holidays: ["2027-01-01"] });
    expect(iso(occurrencesBetween(monthly!, at("2026-10-15T00:00Z"), at("2027-02-15T00:00Z")))).toEqual([
      "2026-11-02T15:00:00.000Z", // Nov 1 is a Sunday
      "2026-12-01T15:00:00.000Z",
      "2027-01-04T15:00:00.000Z", // Jan 1 holiday, then the weekend
      "2027-02-01T15:00:00.000Z",
    ]);
  });

  it("one per month for a year in Berlin", () => {
    const [, monthly] = defaultSchedules({ clientId: "c1", timezone: "Europe/Berlin" });
    const runs = occurrencesBetween(monthly!, at("2026-01-01T00:00Z"), at("2027-01-01T00:00Z"));
    expect(runs).toHaveLength(12);
    expect(runs[7]!.toISOString()).toBe("2026-08-03T08:00:00.000Z"); // Aug 1 is a Saturday
  });
});

describe("QBR: two weeks before, then on the day", () => {
  it("reminds 14 days ahead (shifted off a holiday) and on the day (never shifted)", () => {
    const [, , qbr] = defaultSchedules({ clientId: "c1", timezone: "America/Toronto", holidays: ["2027-01-01", "2027-04-15"], qbrDates: ["2027-01-15", "2027-04-15"] });
    const runs = [];
    let cursor = at("2026-12-01T00:00Z");
    for (let r = nextRun(qbr!, cursor); r; r = nextRun(qbr!, cursor)) {
      runs.push([r.phase, r.qbrDate, r.at.toISOString()]);
      cursor = r.at;
    }
    expect(runs).toEqual([
      ["lead", "2027-01-15", "2027-01-04T14:00:00.000Z"], // Jan 1 holiday + weekend
      ["day", "2027-01-15", "2027-01-15T14:00:00.000Z"],
      ["lead", "2027-04-15", "2027-04-01T13:00:00.000Z"], // EDT
      ["day", "2027-04-15", "2027-04-15T13:00:00.000Z"], // a holiday, but the meeting date stands
    ]);
  });

  it("without dates there is nothing to remind of", () => {
    const [, , qbr] = defaultSchedules({ clientId: "c1", timezone: "America/Toronto" });
    expect(nextOccurrence(qbr!, at("2026-01-01T00:00Z"))).toBeNull();
  });
});

describe("pause and skip-next", () => {
  it("a paused schedule has no occurrences", () => {
    const s = standup("America/Toronto", { paused: true });
    expect(nextOccurrence(s, at("2026-03-01T00:00Z"))).toBeNull();
    expect(occurrencesBetween(s, at("2026-03-01T00:00Z"), at("2026-04-01T00:00Z"))).toEqual([]);
  });

  it("skip-next drops exactly the upcoming occurrence and no other", () => {
    const now = at("2026-03-03T00:00Z");
    const s = skipNextOccurrence(standup("America/Toronto"), now);
    expect(s.skipNext).toBe("2026-03-09T13:30:00.000Z");
    expect(nextOccurrence(s, now)?.toISOString()).toBe("2026-03-16T13:30:00.000Z");
    // Still pinned to that instant when asked later: it does not slide onto the following one.
    expect(nextOccurrence(s, at("2026-03-10T00:00Z"))?.toISOString()).toBe("2026-03-16T13:30:00.000Z");
    expect(iso(occurrencesBetween(s, now, at("2026-03-24T00:00Z")))).toEqual(["2026-03-16T13:30:00.000Z", "2026-03-23T13:30:00.000Z"]);
  });

  it("runs carry a stable exactly-once key", () => {
    const s = standup("America/Toronto");
    const a = nextRun(s, at("2026-03-03T00:00Z"))!;
    const b = nextRun(s, at("2026-03-05T00:00Z"))!;
    expect(a.key).toBe(b.key);
    expect(a.key).toBe("s1@2026-03-09T13:30:00.000Z");
  });
});

describe("a calendar with no business day", () => {
  it("gives no occurrence instead of looping", () => {
    const s = standup("America/Toronto", { businessDays: [] });
    expect(nextOccurrence(s, at("2026-03-01T00:00Z"))).toBeNull();
    expect(occurrencesBetween(s, at("2026-03-01T00:00Z"), at("2026-04-01T00:00Z"))).toEqual([]);
  });
});
