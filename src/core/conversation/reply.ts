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
  /** `pin`: pin the message where the platform allows a bot to (Slack pins.add); ignored elsewhere. */
  | { op: "post"; channel: ChannelRef; threadId?: string; key?: string; pin?: boolean; reply: Reply }
  | { op: "update"; key: string; reply: Reply }
  | { op: "dm"; to: Actor; reply: Reply }
  | { op: "ephemeral"; channel: ChannelRef; to: Actor; threadId?: string; reply: Reply };

export const say = (channel: ChannelRef, reply: Reply, threadId?: string, key?: string): Outgoing => ({
  op: "post",
  channel,
  threadId,
  key,
  reply,
});
