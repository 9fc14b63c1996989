// Who gets paged when internal IT escalates to the MSP, and in what order when nobody acknowledges:
// the MSP's owner for the category right now (the backup contact if the owner is away), then each MSP tech,
// then the MSP lead.
import { actorKey, type Actor, type ChannelRef } from "../conversation/events";
import { ownerNow } from "../matrix/owner-now";
import type { Category, Matrix, NamedPerson } from "../matrix/model";

export interface PageTarget {
  actor: Actor;
  name: string;
  /** Why this person is on the path, for the card and the timeline. */
  why: "owner" | "backup" | "msp-tech" | "msp-lead";
}

export interface PathInput {
  channel: ChannelRef;
  matrix: Matrix | null;
  category: Category | null;
  at: Date;
  /** Names of people out of office right now. */
  away: ReadonlySet<string>;
  mspTechs: readonly Actor[];
  mspLeads: readonly Actor[];
  /** Recorded home tenants ("teams:<aad object id>" -> tenant) of matrix people named without one. */
  homes?: ReadonlyMap<string, string>;
}

/** The MSP contacts who own this category at `at`, in matrix order (category contacts when the MSP leads it). */
export function mspContactsNow(matrix: Matrix, category: Category | null, at: Date): string[] {
  if (category) {
    const now = ownerNow(matrix, category, at);
    if (now.leadSide === "msp") return now.contacts.map((c) => c.name);
  }
  return matrix.parties.msp.contacts;
}

function sameName(a: string | undefined, b: string): boolean {
  return !!a && a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * The chat identity of a named matrix contact on the channel's platform, if the matrix or the people list knows it,
 * in their own tenant or workspace: a person of the other organisation in a shared channel keeps theirs (their people
 * record, the matrix's `tenantId` or `slackId` team, or where Tandem saw them), not the channel's.
 */
export function resolveContact(name: string, channel: ChannelRef, people: readonly NamedPerson[], known: readonly Actor[], homes?: ReadonlyMap<string, string>): Actor | null {
  const p = people.find((x) => sameName(x.name, name));
  const slackUser = p?.slackId?.includes(":") ? p.slackId.split(":")[1] : p?.slackId;
  const ids = new Set([p?.aadObjectId, p?.teamsId, slackUser].filter(Boolean));
  const listed = known.find((a) => a.platform === channel.platform && (sameName(a.name, name) || ids.has(a.userId)));
  if (listed) return listed;
  if (!p) return null;
  if (channel.platform === "slack" && p.slackId) {
    const [team, user] = p.slackId.includes(":") ? p.slackId.split(":") : [channel.teamId ?? "", p.slackId];
    return { platform: "slack", teamId: team, userId: user, name: p.name };
  }
  if (channel.platform === "teams" && (p.aadObjectId || p.teamsId)) {
    const userId = p.aadObjectId ?? p.teamsId!;
    return { platform: "teams", teamId: p.tenantId ?? homes?.get(`teams:${userId}`) ?? channel.teamId ?? "", userId, name: p.name, aadObjectId: p.aadObjectId };
  }
  return null;
}

export function escalationPath(input: PathInput): PageTarget[] {
  const { channel, matrix, away } = input;
  const onPlatform = (a: Actor) => a.platform === channel.platform;
  const techs = input.mspTechs.filter(onPlatform);
  const leads = input.mspLeads.filter(onPlatform);
  const path: PageTarget[] = [];
  const seen = new Set<string>();
  const add = (actor: Actor, name: string, why: PageTarget["why"]) => {
    const k = actorKey(actor);
    if (seen.has(k)) return;
    seen.add(k);
    path.push({ actor, name, why });
  };

  if (matrix) {
    const names = mspContactsNow(matrix, input.category, input.at);
    const present = names.filter((n) => !away.has(n));
    const people = matrix.parties.msp.people ?? [];
    for (const name of present) {
      const actor = resolveContact(name, channel, people, [...techs, ...leads], input.homes);
      // The owner, unless a contact listed before them is away: then they stand in as backup.
      const standsIn = names.slice(0, names.indexOf(name)).some((n) => away.has(n));
      if (actor) add(actor, name, path.length === 0 && !standsIn ? "owner" : "backup");
    }
  }
  const isAway = (a: Actor) => !!a.name && away.has(a.name);
  for (const a of techs) if (!isAway(a)) add(a, a.name ?? a.userId, "msp-tech");
  for (const a of leads) if (!isAway(a)) add(a, a.name ?? a.userId, "msp-lead");
  // Everyone is away: page the lead anyway rather than nobody.
  if (path.length === 0) for (const a of leads.length ? leads : techs) add(a, a.name ?? a.userId, leads.length ? "msp-lead" : "msp-tech");
  return path;
}

export const WHY_LABEL: Record<PageTarget["why"], string> = {
  owner: "owner for this category",
  backup: "backup contact for this category",
  "msp-tech": "MSP tech",
  "msp-lead": "MSP lead",
};
