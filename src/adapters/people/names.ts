// The one display name of a person (core/ports/names.ts): the matrix in force names its people by their chat ids,
// the people list names whoever was added, and the platform profile names everyone else (in Teams, else the name
// Teams last stated for them: the roster, a member event, their own message). Answers are kept for a
// minute per replica (a rename shows within that), so a busy channel costs no extra queries per turn.
import type { Actor, ChannelRef, Platform } from "../../core/conversation/events";
import type { Matrix } from "../../core/matrix/model";
import type { MatrixStore } from "../../core/matrix/store";
import type { Names } from "../../core/ports/names";
import type { Prisma } from "../db/connect";

/** A platform's own profile of a person (display name), or null when it has none or cannot be asked now. */
export type ProfileLookup = (actor: Actor, where?: ChannelRef) => Promise<string | null>;

const KEEP_MS = 60_000;
const MAX_KEPT = 5_000;

export class PeopleNames implements Names {
  private readonly kept = new Map<string, { name: string | null; until: number }>();

  constructor(
    private readonly prisma: Prisma,
    private readonly matrices: MatrixStore,
    private readonly profiles: Partial<Record<Platform, ProfileLookup>>,
  ) {}

  async nameOf(clientId: string, actor: Actor, where?: ChannelRef): Promise<string | null> {
    const key = `${clientId}|${actor.platform}|${actor.teamId}|${actor.userId}`;
    const hit = this.kept.get(key);
    // Not knowing them (asked without a name, e.g. by role) never hides the name their own Teams activity brings now.
    if (hit && hit.until > Date.now() && (hit.name !== null || !actor.name || actor.platform !== "teams")) return hit.name;
    const name = await this.find(clientId, actor, where).catch(() => null);
    if (this.kept.size >= MAX_KEPT) this.kept.delete(this.kept.keys().next().value!);
    this.kept.set(key, { name, until: Date.now() + KEEP_MS });
    return name;
  }

  private async find(clientId: string, actor: Actor, where?: ChannelRef): Promise<string | null> {
    const matrix = (await this.matrices.current(clientId))?.matrix;
    const named = matrix ? nameInMatrix(matrix, actor) : null;
    if (named) return named;
    const listed = await this.prisma.person.findFirst({
      where: { clientId, platform: actor.platform, userId: actor.userId, teamId: { in: [actor.teamId, ""] }, displayName: { not: null } },
      select: { displayName: true },
    });
    if (listed?.displayName) return listed.displayName;
    const profile = (await this.profiles[actor.platform]?.(actor, where).catch(() => null)) ?? null;
    if (profile) return profile;
    // Teams states a person's display name on the channel roster, member events and their own messages (kept with
    // their home tenant): someone paged from a conversation they are not in (a 1:1 chat) is named by it. Slack's
    // stated name is the username, which is not how people know each other, so it is left out.
    if (actor.platform !== "teams") return null;
    const seen = await this.prisma.chatMember.findFirst({ where: { platform: "teams", userId: actor.userId, name: { not: null } }, orderBy: { lastSeenAt: "desc" }, select: { name: true } });
    return seen?.name ?? null;
  }
}

/** The matrix names people with their Slack id ("TEAM:USER" or a plain user id) and Teams ids. */
export function nameInMatrix(matrix: Matrix, actor: Actor): string | null {
  for (const p of [...(matrix.parties.internal.people ?? []), ...(matrix.parties.msp.people ?? [])]) {
    if (actor.platform === "slack" && p.slackId && (p.slackId === `${actor.teamId}:${actor.userId}` || p.slackId === actor.userId)) return p.name;
    if (actor.platform === "teams" && [actor.userId, actor.aadObjectId].some((id) => id && (id === p.aadObjectId || id === p.teamsId))) return p.name;
  }
  return null;
}
