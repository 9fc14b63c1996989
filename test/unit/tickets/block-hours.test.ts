import { blockLeft, crossedWarning, hourBalance, percentLeft, warnPercent } from "../../../src/core/tickets/block-hours";
import { hoursCard } from "../../../src/core/tickets/time-log";

const d = (n: number) => new Date(Date.UTC(2026, 8, n));

describe("block hours", () => {
  test("the balance and the current block (the balance right after the latest top-up)", () => {
    const entries = [
      { minutes: 600, at: d(1) },
      { minutes: -480, at: d(2) },
      { minutes: 1200, at: d(3) },
      { minutes: -60, at: d(4) },
    ];
    expect(hourBalance(entries)).toEqual({ left: 1260, block: 1320 });
    expect(percentLeft(hourBalance(entries))).toBe(95);
    expect(hourBalance([])).toEqual({ left: 0, block: 0 });
    // Entries are taken in time order whatever order they are given in.
    expect(hourBalance([...entries].reverse())).toEqual({ left: 1260, block: 1320 });
  });

  test("the warning is said when a draw-down crosses the line, not before and not again below it", () => {
    const block = (left: number) => ({ left, block: 600 });
    expect(crossedWarning(block(200), block(130), 20)).toBe(false);
    expect(crossedWarning(block(130), block(120), 20)).toBe(true); // 120 = 20% of 600: at the line
    expect(crossedWarning(block(120), block(60), 20)).toBe(false);
    expect(crossedWarning(block(60), block(-30), 20)).toBe(false);
    // A top-up changes the block: the next crossing of the new block warns again.
    expect(crossedWarning({ left: 700, block: 700 }, { left: 100, block: 700 }, 20)).toBe(true);
    expect(crossedWarning({ left: 0, block: 0 }, { left: -30, block: 0 }, 20)).toBe(false);
  });

  test("the warning percent setting is validated", () => {
    expect(warnPercent(undefined)).toBe(20);
    expect(warnPercent(35)).toBe(35);
    expect(warnPercent(-1)).toBe(20);
    expect(warnPercent("10")).toBe(20);
  });

  test("MSP time logged with no block ever bought is no block: cards say so instead of a negative balance", () => {
    const logged = [{ minutes: -30, at: d(2) }];
    expect(blockLeft(logged)).toBeNull();
    expect(blockLeft([])).toBeNull();
    expect(blockLeft([{ minutes: 600, at: d(1) }, ...logged])).toBe(570);
    const client = { id: "c", name: "Maple Ridge", timezone: "UTC", ticketPrefix: "HL", settings: {} };
    const card = hoursCard(client, logged.map((e) => ({ ...e, note: null, actor: "Nia", ticketId: null })), "UTC");
    expect(card.left).toBe("no block");
    expect(card.summary).toBe("No block of hours is recorded for this client; 30m of MSP time logged so far.");
  });
});
