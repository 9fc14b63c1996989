// One duration format everywhere: ticket cards, incident cards and summaries, cadence reports, the command line.
import { formatMinutes } from "../../src/core/duration";

test.each([
  [0, "0m"],
  [44.6, "45m"],
  [60, "1h"],
  [65, "1h 05m"],
  [23 * 60 + 59, "23h 59m"],
  [24 * 60, "1d"],
  [2 * 24 * 60 + 4 * 60 + 30, "2d 4h"],
  [-90, "-1h 30m"],
])("%d minutes: %s", (minutes, text) => {
  expect(formatMinutes(minutes)).toBe(text);
});
