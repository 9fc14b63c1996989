// Time spent as people type it ("30m", "1h15", "1.5h", "90"); core/duration.ts writes it.

/** Minutes from "30m", "45 min", "1h", "1h15m", "1h 15", "1.5h", "2 hours", or a bare number of minutes. Null if unreadable. */
export function parseDuration(text: string): number | null {
  const t = text.trim().toLowerCase().replace(/\s+/g, " ");
  if (!t) return null;
  if (/^\d+$/.test(t)) return positive(Number(t));
  const hm = /^(\d+(?:[.,]\d+)?) ?(?:h|hr|hrs|hour|hours)(?: ?(\d+) ?(?:m|min|mins|minutes?)?)?$/.exec(t);
  if (hm) return positive(Math.round(Number(hm[1].replace(",", ".")) * 60 + (hm[2] ? Number(hm[2]) : 0)));
  const m = /^(\d+) ?(?:m|min|mins|minutes?)$/.exec(t);
  if (m) return positive(Number(m[1]));
  return null;
}

function positive(n: number): number | null {
  return Number.isFinite(n) && n > 0 && n <= 24 * 60 * 7 ? n : null;
}
