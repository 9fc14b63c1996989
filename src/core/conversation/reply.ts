import type { Actor, ChannelRef } from "./events";
import type { CardReply } from "../cards/registry";

export type { CardReply };

/** What Tandem says, platform-neutral. `text` is the plain fallback (notifications, screen readers). */
export interface Reply {
  text: string;
  card?: CardReply;
  /** Names of people to @mention (resolved by the adapter), e.g. the MSP owner on an escalation. */
  mentions?: Actor[];
}

/** One outbound effect of handling an event. Everything goes through the durable outbox. */
export type Outgoing =
  | { op: "post"; channel: ChannelRef; threadId?: string; key?: string; reply: Reply }
  | { op: "update"; key: string; reply: Reply }
  /** Pin the message posted under `key` where a bot may (Slack pins.add); nothing elsewhere. Its own row, so a
   * refused pin is retried or recorded as failed without sending the message again. */
  | { op: "pin"; key: string }
  | { op: "dm"; to: Actor; reply: Reply }
  | { op: "ephemeral"; channel: ChannelRef; to: Actor; threadId?: string; reply: Reply };

export const say = (channel: ChannelRef, reply: Reply, threadId?: string, key?: string): Outgoing => ({
  op: "post",
  channel,
  threadId,
  key,
  reply,
});
