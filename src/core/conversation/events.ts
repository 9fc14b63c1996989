// One inbound event type for both platforms. Adapters translate Teams activities and Slack payloads into these.
export type Platform = "teams" | "slack";

/** A conversation: Teams conversation id (channel, group chat or 1:1) or Slack channel id. */
export interface ChannelRef {
  platform: Platform;
  id: string;
  /** Slack team id / Teams tenant id. */
  teamId?: string;
  isDirect: boolean;
  /** A group chat (Teams group chat, Slack group DM): like a 1:1 chat, replies are never threaded there. */
  group?: boolean;
  name?: string;
}

/** Channels have threads; 1:1 and group chats do not (Teams refuses a thread id there; Slack users don't expect one). */
export function isThreaded(channel: Pick<ChannelRef, "isDirect" | "group">): boolean {
  return !channel.isDirect && !channel.group;
}

/**
 * Who did something. `teamId` is the person's home: their Teams tenant or Slack workspace. People of the other
 * organisation in a shared channel (Teams B2B direct connect, Slack Connect) keep their own, so
 * (platform, teamId, userId) is the identity.
 */
export interface Actor {
  platform: Platform;
  teamId: string;
  userId: string;
  name?: string;
  aadObjectId?: string;
  /**
   * The platform said which tenant or workspace the person belongs to. Without it (a Teams channel message carries
   * only the channel's tenant) `teamId` is the conversation's, and Tandem uses the home it recorded for them.
   */
  homeKnown?: boolean;
}

interface EventBase {
  /** Platform id used to ignore duplicates (Slack event_id / trigger_id, Teams activity id). */
  eventId: string;
  channel: ChannelRef;
  actor: Actor;
}

export interface MessageEvent extends EventBase {
  kind: "message";
  text: string;
  messageId: string;
  /** Thread the message sits in (Slack thread_ts / Teams root message id), if any. */
  threadId?: string;
  /** True when the bot was mentioned or the message is in a 1:1 chat. */
  addressed: boolean;
  files?: { name: string; url: string }[];
  /** Permalink to the message, when the platform gives one. */
  link?: string;
}

export interface CommandEvent extends EventBase {
  kind: "command";
  /** Slash command name without the slash, e.g. "escalate". */
  command: string;
  text: string;
  threadId?: string;
}

export interface ActionEvent extends EventBase {
  kind: "action";
  /** Verb of the button (Teams Action.Execute verb / Slack action_id). */
  action: string;
  value: Record<string, string>;
  /** Logical key of the card the button was on, when Tandem posted it. */
  messageKey?: string;
  /** Platform id of the message that carried the button. */
  messageId?: string;
  threadId?: string;
}

/**
 * A message already in a conversation, as the platform gives it: what a ticket is made from. `author`: the author's
 * name when the platform gives it (Teams); `authorId`/`authorTeam`: their platform id when it gives only that
 * (Slack), for Tandem to name them.
 */
export interface SourceMessage {
  id: string;
  text: string;
  author?: string;
  authorId?: string;
  authorTeam?: string;
  link?: string;
  /** The thread it sits in, if it is a reply; a thread's first message is its own thread. */
  threadId?: string;
}

export interface MessageActionEvent extends EventBase {
  kind: "message-action";
  action: "create-ticket";
  message: SourceMessage;
  /** What the person typed in the action's dialog (Teams: the Create ticket "Note" field). */
  note?: string;
}

export interface InstalledEvent extends EventBase {
  kind: "installed";
}

/** People joined or left the conversation (a shared channel's own members, or those of a team it is shared with). */
export interface MembersEvent extends EventBase {
  kind: "members";
  /** With their homes as the platform stated them. Never the bot itself. */
  added: Actor[];
  removed: Actor[];
}

/** Tandem was removed from the conversation, or disallowed in a shared channel. */
export interface RemovedEvent extends EventBase {
  kind: "removed";
}

/** The channel was shared with teams (of this or another organisation), or unshared from them. */
export interface SharingEvent extends EventBase {
  kind: "sharing";
  change: "shared" | "unshared";
  teams: { id: string; name?: string; tenantId?: string }[];
}

/** What happened to the conversation itself rather than a message in it. */
export type ChannelEvent = InstalledEvent | MembersEvent | RemovedEvent | SharingEvent;

export type InboundEvent = MessageEvent | CommandEvent | ActionEvent | MessageActionEvent | InstalledEvent | MembersEvent | RemovedEvent | SharingEvent;

export function actorKey(actor: Actor): string {
  return `${actor.platform}:${actor.teamId}:${actor.userId}`;
}

/** The actor behind an actorKey ("slack:T1:UALICE"); null for anything else. */
export function actorOfKey(key: string): Actor | null {
  const m = /^(teams|slack):([^:]*):(.+)$/.exec(key);
  return m ? { platform: m[1] as Actor["platform"], teamId: m[2], userId: m[3] } : null;
}

export function conversationKey(channel: Pick<ChannelRef, "platform" | "id">): string {
  return `${channel.platform}:${channel.id}`;
}
