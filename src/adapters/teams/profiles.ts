// Teams sends the sender's display name with every activity; when it does not, the conversation's member list
// has it (GET /v3/conversations/{id}/members/{user}).
import type { ProfileLookup } from "../people/names";
import type { TeamsSender } from "./sender";

const KEEP_MS = 60 * 60_000;

export function teamsProfiles(sender: Pick<TeamsSender, "memberName">): ProfileLookup {
  const kept = new Map<string, { name: string | null; until: number }>();
  return async (actor, where) => {
    if (actor.name) return actor.name;
    if (!where) return null;
    const key = `${actor.teamId}:${actor.userId}`;
    const hit = kept.get(key);
    if (hit && hit.until > Date.now()) return hit.name;
    const name = await sender.memberName(where.id, actor.userId).catch(() => null);
    kept.set(key, { name, until: Date.now() + KEEP_MS });
    if (kept.size > 10_000) kept.delete(kept.keys().next().value!);
    return name;
  };
}
