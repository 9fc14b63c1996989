import type { Actor, Platform } from "../../core/conversation/events";
import type { Identities, MemberSeen } from "../../core/ports/identities";
import type { Prisma } from "./connect";
import { canCommitApart, outsideTurn } from "./turn-transaction";

const CACHE_MS = 5 * 60_000;
const CACHE_MAX = 10_000;

/**
 * Homes of people (ChatMember rows), written when a platform states one and read when it does not. A short
 * per-replica cache keeps the common turn (a known person) to no query at all: homes change rarely, and a stale one
 * for a few minutes only delays a newly recorded home.
 */
export class PrismaIdentities implements Identities {
  private readonly cache = new Map<string, { home: string | null; until: number }>();
  /** The name last recorded per person by this replica, so a message brings a name in once, not on every turn. */
  private readonly names = new Map<string, string>();

  constructor(private readonly prisma: Prisma) {}

  async resolve(actor: Actor): Promise<Actor> {
    const key = `${actor.platform}:${actor.userId}`;
    if (actor.homeKnown && actor.teamId) {
      // Recorded again when the home is new, or the name (first seen without one, e.g. on an installation event).
      if (this.cached(key) !== actor.teamId || (actor.name && this.names.get(key) !== actor.name)) {
        await this.record([{ platform: actor.platform, homeId: actor.teamId, userId: actor.userId, name: actor.name, source: "message" }]);
      }
      return actor;
    }
    let home = this.cached(key);
    if (home === undefined) {
      home = await this.lookup(actor.platform, actor.userId);
      this.remember(key, home);
    }
    return home && home !== actor.teamId ? { ...actor, teamId: home, homeKnown: true } : actor;
  }

  async record(members: MemberSeen[]): Promise<void> {
    for (const m of members) {
      if (!m.homeId || !m.userId) continue;
      const write = () =>
        this.prisma.chatMember.upsert({
          where: { platform_homeId_userId: { platform: m.platform, homeId: m.homeId, userId: m.userId } },
          update: { lastSeenAt: new Date(), source: m.source, ...(m.name ? { name: m.name } : {}) },
          create: { platform: m.platform, homeId: m.homeId, userId: m.userId, name: m.name ?? null, source: m.source },
        });
      // Seen in a turn: an observation, not an effect of the turn; committed apart so that the turns of one person
      // do not wait for each other on its row (a failure there does not fail the turn).
      if (canCommitApart()) await outsideTurn(write).catch(() => undefined);
      else await write();
      this.remember(`${m.platform}:${m.userId}`, m.homeId);
      if (m.name) {
        if (this.names.size >= CACHE_MAX) this.names.delete(this.names.keys().next().value!);
        this.names.set(`${m.platform}:${m.userId}`, m.name);
      }
    }
  }

  async homesOf(platform: Platform, userIds: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const userId of new Set(userIds)) {
      const home = await this.lookup(platform, userId);
      if (home) out.set(`${platform}:${userId}`, home);
    }
    return out;
  }

  /** The home the platform last stated; else the one people records agree on (an admin added them there). */
  private async lookup(platform: Platform, userId: string): Promise<string | null> {
    const seen = await this.prisma.chatMember.findFirst({ where: { platform, userId }, orderBy: { lastSeenAt: "desc" } });
    if (seen) return seen.homeId;
    const listed = await this.prisma.person.findMany({ where: { platform, userId }, select: { teamId: true }, distinct: ["teamId"] });
    return listed.length === 1 && listed[0].teamId ? listed[0].teamId : null;
  }

  private cached(key: string): string | null | undefined {
    const hit = this.cache.get(key);
    return hit && hit.until > Date.now() ? hit.home : undefined;
  }

  private remember(key: string, home: string | null): void {
    if (this.cache.size >= CACHE_MAX) this.cache.delete(this.cache.keys().next().value!);
    // Not knowing is remembered briefly: a person added a moment later is placed on their next turn.
    this.cache.set(key, { home, until: Date.now() + (home ? CACHE_MS : 30_000) });
  }
}
