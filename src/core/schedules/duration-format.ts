/** "45m", "3h 05m", "2d 4h": short enough for a card cell, exact enough for a review. */
export function formatMinutes(minutes: number | null): string {
  if (minutes === null) return "n/a";
  const m = Math.round(minutes);
  if (m < 60) return `${m}m`;
  if (m < 24 * 60) return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, "0")}m`;
  return `${Math.floor(m / 1440)}d ${Math.floor((m % 1440) / 60)}h`;
}
