// The card's "who was paged, how and when": one line per person, from the page's outbox rows.
import { formatWhen, type Zones } from "../time/when";
import { actorOfKey } from "../conversation/events";
import type { PageDelivery, PagePerson } from "./model";

function shortError(error: string | undefined): string {
  return (error ?? "no answer").replace(/\s+/g, " ").slice(0, 80);
}

const PLATFORM_NAME: Record<string, string> = { slack: "Slack", teams: "Teams" };

/** `platform`: said of a direct message when the person was reached on more than one platform. */
function how(d: PageDelivery, zones: Zones, platform?: string): string {
  const what = d.via === "mention" ? "@mention in the thread" : d.via === "dm" ? `${platform ? `${PLATFORM_NAME[platform] ?? platform} ` : ""}direct message` : "phone";
  if (d.status === "sent") return `${what} ${formatWhen(d.at, zones)}`;
  if (d.status === "failed") return `${what} FAILED (${shortError(d.error)})`;
  return `${what} sending`;
}

/**
 * "Sam Sample: @mention in the thread Fri 11 Sep, 23:04 EDT, phone ..., no direct message (another tenant: ...)".
 * One line per person: someone known on several platforms (a people row on each, as the matrix's people are
 * imported) goes by their one name (core/ports/names.ts), so they are listed once, like the phone alert names them.
 */
export function pageLines(deliveries: readonly PageDelivery[], zones: Zones): string[] {
  const platformOf = (p: PagePerson) => actorOfKey(p.key)?.platform;
  const platforms = new Map<string, Set<string | undefined>>();
  for (const d of deliveries) for (const p of [...d.people, ...(d.skipped ?? [])]) (platforms.get(p.name) ?? platforms.set(p.name, new Set()).get(p.name)!).add(platformOf(p));
  const people = new Map<string, string[]>();
  const line = (name: string) => people.get(name) ?? people.set(name, []).get(name)!;
  for (const d of deliveries) {
    // Reached on more than one platform: each direct message says which.
    for (const p of d.people) line(p.name).push(how(d, zones, platforms.get(p.name)!.size > 1 ? platformOf(p) : undefined));
    for (const s of d.skipped ?? []) line(s.name).push(`no direct message (${s.why})`);
  }
  return [...people].map(([name, parts]) => `${name}: ${[...new Set(parts)].join(", ")}`);
}

/** True when none of the deliveries is still on its way. */
export function settled(deliveries: readonly PageDelivery[]): boolean {
  return deliveries.every((d) => d.status !== "pending");
}
