import { scheduleCommand } from "../../../src/cli/commands/schedule";
import { SCHEDULE_USAGE } from "../../../src/core/schedules/schedule-admin";

describe("tandem schedule --help", () => {
  test("every example line is a runnable `tandem schedule ...` command, and the note after them is not made one", () => {
    const examples = scheduleCommand.usage.split("\n").filter((l) => /^\s+tandem /.test(l));
    expect(examples.length).toBeGreaterThanOrEqual(5);
    for (const line of examples) expect(line).toMatch(/^ {2}tandem schedule /);
    // The time-zone note is said once, as a sentence of its own.
    expect(scheduleCommand.usage).toContain("\n  Add tz Europe/Berlin to use another time zone");
    expect(SCHEDULE_USAGE).toContain("Add tz Europe/Berlin");
  });
});
