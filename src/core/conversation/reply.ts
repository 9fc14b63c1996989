import type { Actor, ChannelRef } from "./events";
import type { PageMark, PhoneCall } from "../paging/model";
import type { CardReply } from "../cards/registry";
import type { DueMark } from "../time/late";

export type { CardReply };

/** What Tandem says, platform-neutral. `text` is the plain fallback (notifications, screen readers). */
export interface Reply {
  text: string;
  card?: CardReply;
  /** Names of people to @mention (resolved by the adapter), e.g. the MSP owner on an escalation. */
  mentions?: Actor[];
  /**
   * Set when the card was shortened to fit the platform's limits before it was queued: `note` says so on the card,
   * `full` holds what was cut (Teams shows it behind "Show full text"; where it does not fit, it follows in the
   * thread and `full` is empty).
   */
  fitted?: { note: string; full: { title: string; text: string }[] };
}

/** One outbound effect of handling an event. Everything goes through the durable outbox. */
export type Outgoing =
  /**
   * `page`: this post is (part of) a page, shown on the card of the ticket or incident it is about. `threadOf`: post in
   * the thread of the message posted under that key (queued before this one), e.g. a page under a new incident card.
   */
  /** `due`: a page or re-page, sent marked late when the platform takes it well after its moment (time/late.ts). */
  | { op: "post"; channel: ChannelRef; threadId?: string; threadOf?: string; key?: string; reply: Reply; page?: PageMark; due?: DueMark }
  | { op: "update"; key: string; reply: Reply }
  /** Pin the message posted under `key` where a bot may (Slack pins.add); nothing elsewhere. Its own row, so a
   * refused pin is retried or recorded as failed without sending the message again. */
  | { op: "pin"; key: string }
  /** `key`: the direct message is kept under it where the platform lets Tandem update it later (Slack), like a post's. */
  | { op: "dm"; to: Actor; key?: string; reply: Reply; page?: PageMark; due?: DueMark }
  /** An event for the client's phone paging provider, queued and retried like a message. */
  | { op: "phone"; call: PhoneCall; page?: PageMark }
  | { op: "ephemeral"; channel: ChannelRef; to: Actor; threadId?: string; reply: Reply };

export const say = (channel: ChannelRef, reply: Reply, threadId?: string, key?: string): Outgoing => ({
  op: "post",
  channel,
  threadId,
  key,
  reply,
});
