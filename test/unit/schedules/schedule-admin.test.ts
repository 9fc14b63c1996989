// The `schedule` verbs over an in-memory store: what each one changes and what it says.
import { DomainError } from "../../../src/core/errors";
import { runScheduleCommand } from "../../../src/core/schedules/schedule-admin";
import { MemoryScheduleStore } from "./cadence-fakes";

const NOW = new Date("2026-10-08T12:00:00Z"); // Thursday 08:00 in Toronto
const run = (store: MemoryScheduleStore, args: string, now = NOW) => runScheduleCommand({ store, clientId: "c1", clientName: "Maple Ridge", now }, args);

describe("schedule verbs", () => {
  test("list creates the defaults once and shows the next runs (the holiday Monday moves to Tuesday)", async () => {
    const store = new MemoryScheduleStore();
    const r = await run(store, "list");
    await run(store, "");
    expect(store.rows.map((x) => x.name)).toEqual(["standup", "monthly-report"]);
    expect(r.text).toContain("standup: Weekly standup: every Mon at 09:30 (America/Toronto); next Tue 13 Oct, 09:30 EDT");
    expect(r.card?.data.rows.map((x) => x.name)).toEqual(["standup", "monthly-report"]);
  });

  test("set on an existing kind changes it in place; set qbr creates the QBR with its organiser", async () => {
    const store = new MemoryScheduleStore();
    const changed = await run(store, "set standup tue,thu 10:15 tz Europe/Berlin");
    expect(changed.text).toMatch(/^Changed\. standup: Weekly standup: every Tue, Thu at 10:15 \(Europe\/Berlin\)/);
    expect(store.rows).toHaveLength(2);
    const qbr = await run(store, "set qbr 2027-01-15 2027-04-15 lead 10 organiser alex@example.com");
    expect(qbr.text).toContain("qbr: Quarterly business review: 10 days before and on 2027-01-15, 2027-04-15 at 09:00");
    expect(qbr.text).toContain("organiser alex@example.com");
    expect(qbr.changed?.organizer).toBe("alex@example.com");
  });

  test("custom schedules are named custom-N, changed by name keeping their title, and removed", async () => {
    const store = new MemoryScheduleStore();
    await run(store, "set custom '0 16 * * fri' Friday patch review");
    const second = await run(store, "set custom 0 9 1 * * Licence count");
    expect(second.text).toContain("custom-2: Licence count");
    const changed = await run(store, "change custom-1 '30 15 * * thu'");
    expect(changed.text).toContain('custom-1: Friday patch review: cron "30 15 * * thu"');
    await run(store, "remove custom-2");
    expect((await run(store, "list")).text).not.toContain("custom-2");
  });

  test("pause, resume and skip-next", async () => {
    const store = new MemoryScheduleStore();
    expect((await run(store, "pause standup")).text).toContain("[paused]");
    await expect(run(store, "skip-next standup")).rejects.toThrow("resume it first");
    await run(store, "resume standup");
    const skip = await run(store, "skip next standup");
    expect(skip.text).toContain("Skipping the one on Tue 13 Oct, 09:30 EDT");
    expect(skip.text).toContain("next Mon 19 Oct, 09:30 EDT");
    const monthly = await run(store, "skip-next monthly");
    expect(monthly.text).toContain("Skipping the one on Mon 2 Nov, 10:00 EST");
  });

  test("mistakes are DomainErrors that say what to type", async () => {
    const store = new MemoryScheduleStore();
    const fail = async (args: string) => {
      try {
        await run(store, args);
      } catch (e) {
        expect(e).toBeInstanceOf(DomainError);
        return (e as DomainError).userMessage;
      }
      throw new Error(`"${args}" did not fail`);
    };
    expect(await fail("reboot standup")).toContain('"reboot" is not a schedule verb');
    expect(await fail("pause nightly")).toContain('There is no schedule called "nightly"');
    expect(await fail("pause")).toContain("Name the schedule");
    expect(await fail("change qbr 2027-01-15")).toContain("There is no qbr schedule yet: use schedule set qbr 2027-01-15");
    expect(await fail("set custom '61 * * * *' Bad")).toContain("not a valid 5-field cron expression");
    expect(await fail("set qbr")).toContain("Give the QBR date");
  });
});
