// The one way Tandem writes a length of time, in cards, messages, reports and the command line.

/** "45m", "2h", "1h 05m", "2d", "2d 4h" (rounded to the minute); a negative amount keeps its sign. */
export function formatMinutes(minutes: number): string {
  const sign = minutes < 0 ? "-" : "";
  const m = Math.abs(Math.round(minutes));
  if (m < 60) return `${sign}${m}m`;
  if (m < 24 * 60) {
    const rest = m % 60;
    return `${sign}${Math.floor(m / 60)}h${rest ? ` ${String(rest).padStart(2, "0")}m` : ""}`;
  }
  const hours = Math.floor((m % (24 * 60)) / 60);
  return `${sign}${Math.floor(m / (24 * 60))}d${hours ? ` ${hours}h` : ""}`;
}
