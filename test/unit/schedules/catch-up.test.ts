import { planCatchUp } from "../../../src/core/schedules/catch-up";
import type { Schedule } from "../../../src/core/schedules/schedule";

const at = (s: string) => new Date(s);
const base: Omit<Schedule, "rule" | "kind"> = {
  id: "s1", clientId: "c1", title: "t", timezone: "America/Toronto", paused: false, skipNext: null,
  holidayShift: true, holidays: [], businessDays: ["mon", "tue", "wed", "thu", "fri"],
};
const standup: Schedule = { ...base, kind: "standup", rule: { type: "weekly", days: ["mon"], time: "09:30" } };
const hourly: Schedule = { ...base, kind: "custom", holidayShift: false, rule: { type: "cron", expression: "0 * * * *" } };

describe("planCatchUp", () => {
  it("an ordinary tick sends the run that just came due", () => {
    const plan = planCatchUp(standup, { lastProcessed: at("2026-03-09T13:29:00Z"), now: at("2026-03-09T13:30:00Z") });
    expect(plan.send?.at.toISOString()).toBe("2026-03-09T13:30:00.000Z");
    expect(plan.missed).toEqual([]);
    expect(plan.checkpoint.toISOString()).toBe("2026-03-09T13:30:00.000Z");
  });

  it("after weeks of downtime sends only the fresh one and records the older ones as missed", () => {
    const plan = planCatchUp(standup, { lastProcessed: at("2026-03-01T00:00Z"), now: at("2026-03-23T14:00Z") });
    expect(plan.send?.at.toISOString()).toBe("2026-03-23T13:30:00.000Z");
    expect(plan.missed.map((r) => r.at.toISOString())).toEqual(["2026-03-02T14:30:00.000Z", "2026-03-09T13:30:00.000Z", "2026-03-16T13:30:00.000Z"]);
  });

  it("a run older than the grace window is recorded, not sent", () => {
    const plan = planCatchUp(standup, { lastProcessed: at("2026-03-09T13:00Z"), now: at("2026-03-09T15:31Z") });
    expect(plan.send).toBeNull();
    expect(plan.missed.map((r) => r.key)).toEqual(["s1@2026-03-09T13:30:00.000Z"]);
  });

  it("a run exactly at the edge of the window is still sent; the window is configurable", () => {
    expect(planCatchUp(standup, { lastProcessed: at("2026-03-09T13:00Z"), now: at("2026-03-09T15:30Z") }).send).not.toBeNull();
    expect(planCatchUp(standup, { lastProcessed: at("2026-03-09T13:00Z"), now: at("2026-03-09T14:00Z"), graceMs: 10 * 60_000 }).send).toBeNull();
  });

  it("never a burst: an hourly reminder down for ten hours sends one", () => {
    const plan = planCatchUp(hourly, { lastProcessed: at("2026-03-10T00:30Z"), now: at("2026-03-10T10:05Z") });
    expect(plan.send?.at.toISOString()).toBe("2026-03-10T10:00:00.000Z");
    expect(plan.missed).toHaveLength(9); // 01:00..09:00, including 09:00 which was within grace but not the latest
    expect(plan.missed.at(-1)!.at.toISOString()).toBe("2026-03-10T09:00:00.000Z");
    const keys = [plan.send!.key, ...plan.missed.map((r) => r.key)];
    expect(new Set(keys).size).toBe(10);
  });

  it("replanning from the checkpoint sends nothing again (exactly once)", () => {
    const first = planCatchUp(standup, { lastProcessed: at("2026-03-09T13:00Z"), now: at("2026-03-09T13:45Z") });
    expect(first.send).not.toBeNull();
    const again = planCatchUp(standup, { lastProcessed: first.checkpoint, now: at("2026-03-09T13:46Z") });
    expect(again).toMatchObject({ send: null, missed: [] });
  });

  it("caps how many missed runs a long outage records", () => {
    const plan = planCatchUp(hourly, { lastProcessed: at("2026-01-01T00:30Z"), now: at("2026-03-01T00:05Z"), maxMissed: 50 });
    expect(plan.missed.length).toBe(50);
    expect(plan.missedTruncated).toBe(true);
    expect(plan.send?.at.toISOString()).toBe("2026-03-01T00:00:00.000Z");
  });

  it("a paused schedule has nothing to send or record", () => {
    expect(planCatchUp({ ...standup, paused: true }, { lastProcessed: at("2026-03-01T00:00Z"), now: at("2026-03-23T14:00Z") })).toMatchObject({ send: null, missed: [] });
  });
});
