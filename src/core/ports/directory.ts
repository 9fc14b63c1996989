import type { NamedPerson } from "../matrix/model";

/**
 * The organisation directory (Microsoft Graph when configured): who is out of office right now.
 * Implementations must be quick and never throw: an unknown answer is "not away".
 */
export interface Directory {
  awayNow(people: NamedPerson[]): Promise<Set<string>>;
}

export const noDirectory: Directory = { awayNow: async () => new Set() };
