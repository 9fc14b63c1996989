import type { NamedPerson } from "../matrix/model";

/** Who of some named people is out of office right now, and whose availability Tandem cannot know. */
export interface Availability {
  away: Set<string>;
  /**
   * Names whose out-of-office could not be looked up: their tenant has not consented to Tandem's directory access, or
   * the lookup failed. Shown as "availability unknown", never as present.
   */
  unknown: Set<string>;
}

/**
 * The organisation directory (Microsoft Graph, per consenting tenant, when configured). Implementations must be
 * quick and never throw.
 */
export interface Directory {
  availability(people: NamedPerson[]): Promise<Availability>;
}

export const nobodyAway = (): Availability => ({ away: new Set(), unknown: new Set() });

/** Without a directory Tandem does not check: nobody is marked away or unknown. */
export const noDirectory: Directory = { availability: async () => nobodyAway() };

/** The directory's answer; if it fails anyway, nobody marked (an answer is never blocked by it). */
export async function availabilityOf(directory: Directory, people: NamedPerson[]): Promise<Availability> {
  if (people.length === 0) return nobodyAway();
  return directory.availability(people).catch(() => nobodyAway());
}
