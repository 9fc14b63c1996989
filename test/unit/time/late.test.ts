import { LATE_AFTER_MS, withLateNote } from "../../../src/core/time/late";
import { formatWhen } from "../../../src/core/time/when";

const zones = { zone: "America/Toronto", other: "America/Halifax" };
const due = new Date("2026-09-08T16:00:00Z");
const note = ` (late: due ${formatWhen(due, zones)})`;
const at = (ms: number) => new Date(due.getTime() + ms);

describe("withLateNote: a page the platform took well after its moment", () => {
  const text = "HL-1 was not acknowledged by Sam in time. Nia, please acknowledge HL-1 within 2h.";
  const noteAt = "HL-1 was not acknowledged by Sam in time".length;

  test("on time (under LATE_AFTER_MS): unchanged", () => {
    expect(withLateNote(text, due, at(LATE_AFTER_MS - 1), { zones, noteAt })).toBe(text);
  });

  test("late: the note goes where the producer said, once", () => {
    expect(withLateNote(text, due, at(LATE_AFTER_MS), { zones, noteAt })).toBe(`HL-1 was not acknowledged by Sam in time${note}. Nia, please acknowledge HL-1 within 2h.`);
  });

  test("without a place (or a place that is not a period): before the last period", () => {
    expect(withLateNote("Re-page: open the card and acknowledge.", due, at(3_600_000), { zones })).toBe(`Re-page: open the card and acknowledge${note}.`);
    expect(withLateNote("no period", due, at(3_600_000), { zones, noteAt: 2 })).toBe(`no period${note}`);
  });

  test("a note already there (the timer fired late too) is replaced by the earlier moment, not doubled", () => {
    const later = new Date(due.getTime() + 600_000);
    const had = `HL-1 was not acknowledged by Sam in time (late: due ${formatWhen(later, zones)}). Nia, please acknowledge.`;
    expect(formatWhen(later, zones)).toContain("("); // the other side's clock in parentheses
    const out = withLateNote(had, due, at(3_600_000), { zones, noteAt });
    expect(out).toBe(`HL-1 was not acknowledged by Sam in time${note}. Nia, please acknowledge.`);
    expect(out.match(/\(late: /g)).toHaveLength(1);
  });
});
