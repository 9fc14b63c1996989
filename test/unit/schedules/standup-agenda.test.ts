import { buildStandupAgenda } from "../../../src/core/schedules/standup-agenda";
import { standupAttendance, standupStatus } from "../../../src/core/schedules/standup-attendance";
import { seededSnapshot } from "./cadence-seed";

const t = (s: string) => new Date(s);
const TZ = "America/Toronto";
const standups = [
  { occurrenceAt: t("2026-09-07T13:30:00Z"), heldAt: t("2026-09-07T14:00:00Z") },
  { occurrenceAt: t("2026-09-14T13:30:00Z"), heldAt: null },
  { occurrenceAt: t("2026-09-21T13:30:00Z"), heldAt: t("2026-09-22T14:00:00Z") }, // marked the next day: missed
  { occurrenceAt: t("2026-09-28T13:30:00Z"), heldAt: null }, // today, not over yet
];

describe("standup agenda from a seeded snapshot", () => {
  const agenda = buildStandupAgenda({
    snapshot: seededSnapshot(), since: t("2026-09-21T13:30:00Z"), now: t("2026-09-28T13:30:00Z"), timezone: TZ, standups,
  });

  it("counts tickets opened and resolved since the last standup, by side", () => {
    expect(agenda.opened).toEqual({ internal: 1, msp: 1, total: 2 }); // T7, T5
    expect(agenda.resolved).toEqual({ internal: 0, msp: 1, total: 1 }); // T5
  });

  it("lists tickets waiting in each court with their age in that court", () => {
    expect(agenda.waiting.internal.map((w) => [w.key, w.inCourtMinutes])).toEqual([["T6", (18 * 24 - 2) * 60 - 30]]);
    expect(agenda.waiting.msp.map((w) => [w.key, w.inCourtMinutes, w.openMinutes])).toEqual([
      ["T7", (6 * 24 - 2) * 60 - 30 , (6 * 24 - 2) * 60 + 30],
    ]);
  });

  it("lists SLA breaches that happened since last time, in order, with the court that held the ball", () => {
    expect(agenda.slaBreaches.map((b) => [b.ticketKey, b.measure, b.breachedAt.toISOString(), b.court])).toEqual([
      ["T7", "first-response", "2026-09-22T23:00:00.000Z", "msp"],
      ["T5", "first-response", "2026-09-23T16:00:00.000Z", "msp"],
      ["T7", "resolution", "2026-09-26T15:00:00.000Z", "msp"],
    ]);
  });

  it("shows escalations and incidents since last time, block hours left and missed standups", () => {
    expect(agenda.escalations).toEqual([expect.objectContaining({ id: "E3", ackMinutes: null })]);
    expect(agenda.incidents.map((i) => [i.id, i.durationMinutes])).toEqual([["I2", null]]);
    expect(agenda.blockHoursLeft).toBe(27.5); // the usage at 20:00Z has not happened yet
    expect(agenda.missedStandups).toEqual({ total: 2, consecutive: 2 });
  });
});

describe("standup attendance", () => {
  it("held means marked held within the local day of the standup", () => {
    const now = t("2026-10-01T00:00:00Z");
    expect(standupStatus(standups[0]!, TZ, now)).toBe("held");
    expect(standupStatus(standups[2]!, TZ, now)).toBe("missed");
    // Toronto's day ends at 04:00Z: held at 03:59Z the next UTC day is still the same local day.
    expect(standupStatus({ occurrenceAt: t("2026-09-21T13:30:00Z"), heldAt: t("2026-09-22T03:59:00Z") }, TZ, now)).toBe("held");
    expect(standupStatus(standups[3]!, TZ, t("2026-09-29T03:00:00Z"))).toBe("pending");
  });

  it("a held standup ends the missed streak", () => {
    const a = standupAttendance([...standups, { occurrenceAt: t("2026-10-05T13:30:00Z"), heldAt: t("2026-10-05T13:35:00Z") }], TZ, t("2026-10-06T12:00:00Z"));
    expect(a).toMatchObject({ missed: 3, held: 2, consecutiveMissed: 0, streak: [] });
  });
});
