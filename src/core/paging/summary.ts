// The card's "who was paged, how and when": one line per person, from the page's outbox rows.
import { formatWhen, type Zones } from "../time/when";
import type { PageDelivery } from "./model";

function shortError(error: string | undefined): string {
  return (error ?? "no answer").replace(/\s+/g, " ").slice(0, 80);
}

function how(d: PageDelivery, zones: Zones): string {
  const what = d.via === "mention" ? "@mention in the thread" : d.via === "dm" ? "direct message" : "phone";
  if (d.status === "sent") return `${what} ${formatWhen(d.at, zones)}`;
  if (d.status === "failed") return `${what} FAILED (${shortError(d.error)})`;
  return `${what} sending`;
}

/** "Sam Sample: @mention in the thread Fri 11 Sep, 23:04 EDT, phone ..., no direct message (another tenant: ...)". */
export function pageLines(deliveries: readonly PageDelivery[], zones: Zones): string[] {
  const people = new Map<string, { name: string; parts: string[] }>();
  const line = (key: string, name: string) => people.get(key) ?? people.set(key, { name, parts: [] }).get(key)!;
  for (const d of deliveries) {
    for (const p of d.people) line(p.key, p.name).parts.push(how(d, zones));
    for (const s of d.skipped ?? []) line(s.key, s.name).parts.push(`no direct message (${s.why})`);
  }
  return [...people.values()].map((p) => `${p.name}: ${[...new Set(p.parts)].join(", ")}`);
}

/** True when none of the deliveries is still on its way. */
export function settled(deliveries: readonly PageDelivery[]): boolean {
  return deliveries.every((d) => d.status !== "pending");
}
