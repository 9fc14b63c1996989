import type { Actor, Platform } from "../conversation/events";

/** A person's home as a platform stated it. */
export interface MemberSeen {
  platform: Platform;
  /** Home tenant (Teams) or workspace (Slack). */
  homeId: string;
  userId: string;
  name?: string;
  source: "message" | "member-event" | "roster";
}

/**
 * Where people come from. A Teams channel message names the channel's tenant, not the sender's: a member of the other
 * organisation in a shared channel is placed by what member events and the roster said, or by their people record.
 */
export interface Identities {
  /** The actor with their home (`teamId`) as far as Tandem knows it; records a home the event stated. */
  resolve(actor: Actor): Promise<Actor>;
  record(members: MemberSeen[]): Promise<void>;
  /** Recorded homes of these people (`platform:userId` -> home), for people known only by their chat id. */
  homesOf(platform: Platform, userIds: string[]): Promise<Map<string, string>>;
}

/** Same tenant or workspace as the conversation's home: the only people a bot there can send a direct message to. */
export function sameHome(actor: Pick<Actor, "platform" | "teamId">, channel: { platform: Platform; teamId?: string }): boolean {
  return actor.platform === channel.platform && !!channel.teamId && actor.teamId === channel.teamId;
}
