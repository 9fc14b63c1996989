// Where a ticket's chat life happens: the thread it is made from, and the message that makes it (so one message
// never makes two tickets).
import { isThreaded, type ChannelRef, type InboundEvent, type SourceMessage } from "../conversation/events";
import { placeOfEvent } from "../conversation/router";
import type { TicketPlace } from "./model";

/** Where a ticket made from this event lives: the thread of the message (or of the card the button was on). */
export function placeOf(e: InboundEvent): TicketPlace {
  switch (e.kind) {
    case "action":
      return { channel: e.channel, threadId: isThreaded(e.channel) ? (e.threadId ?? e.messageId) : undefined };
    case "message-action":
      return placeOfMessage(e.channel, e.message);
    default:
      return placeOfEvent(e);
  }
}

/** The platform message a ticket is made from, so the same message never makes two tickets. */
export function sourceKeyOf(e: InboundEvent): string | null {
  if (e.kind === "message-action") return messageKey(e.channel, e.message.id);
  if (e.kind === "message") return `${e.channel.platform}:${e.channel.id}:${e.messageId}`;
  if (e.kind === "action" && e.value.card) return `card:${e.value.card}`;
  return null;
}

/** A ticket made from a message already in the conversation lives in that message's thread. */
export function placeOfMessage(channel: ChannelRef, m: Pick<SourceMessage, "id" | "threadId">): TicketPlace {
  return { channel, threadId: isThreaded(channel) ? (m.threadId ?? m.id) : undefined };
}

/** The same key however the message is made a ticket (a shortcut, a message action, "ticket this" in its thread). */
export function messageKey(channel: Pick<ChannelRef, "platform" | "id">, messageId: string): string {
  return `${channel.platform}:${channel.id}:${messageId}`;
}
