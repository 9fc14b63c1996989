// Slack users.info: the name people see in Slack (display name, else full name). Slash commands and button clicks
// carry only the username ("priya"), and messages only the user id: neither is how people know each other.
import type { webApi } from "@slack/bolt";
import type { Actor } from "../../core/conversation/events";
import type { ProfileLookup } from "../people/names";

const KEEP_MS = 60 * 60_000;
/** A lookup that fails (user_not_found, rate limit, Slack down) is not asked again for this long. */
const RETRY_MS = 5 * 60_000;
const TIMEOUT_MS = 2_000;

interface SlackUser {
  name?: string;
  real_name?: string;
  profile?: { display_name?: string; real_name?: string };
}

export function slackProfiles(client: webApi.WebClient): ProfileLookup {
  const kept = new Map<string, { name: string | null; until: number }>();
  return async (actor: Actor) => {
    const key = `${actor.teamId}:${actor.userId}`;
    const hit = kept.get(key);
    if (hit && hit.until > Date.now()) return hit.name;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("users.info timed out")), TIMEOUT_MS)));
    try {
      const r = (await Promise.race([client.users.info({ user: actor.userId }), late])) as { user?: SlackUser };
      const u = r.user ?? {};
      const name = u.profile?.display_name?.trim() || u.profile?.real_name?.trim() || u.real_name?.trim() || null;
      kept.set(key, { name, until: Date.now() + KEEP_MS });
      return name;
    } catch {
      kept.set(key, { name: null, until: Date.now() + RETRY_MS });
      return null;
    } finally {
      clearTimeout(timer);
      if (kept.size > 10_000) kept.delete(kept.keys().next().value!);
    }
  };
}
