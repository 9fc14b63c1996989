// Where a ticket's chat life happens: the thread it is made from, and the message that makes it (so one message
// never makes two tickets).
import { isThreaded, type InboundEvent } from "../conversation/events";
import { placeOfEvent } from "../conversation/router";
import type { TicketPlace } from "./model";

/** Where a ticket made from this event lives: the thread of the message (or of the card the button was on). */
export function placeOf(e: InboundEvent): TicketPlace {
  switch (e.kind) {
    case "action":
      return { channel: e.channel, threadId: isThreaded(e.channel) ? (e.threadId ?? e.messageId) : undefined };
    case "message-action":
      return { channel: e.channel, threadId: isThreaded(e.channel) ? (e.message.threadId ?? e.message.id) : undefined };
    default:
      return placeOfEvent(e);
  }
}

/** The platform message a ticket is made from, so the same message never makes two tickets. */
export function sourceKeyOf(e: InboundEvent): string | null {
  if (e.kind === "message-action") return `${e.channel.platform}:${e.channel.id}:${e.message.id}`;
  if (e.kind === "message") return `${e.channel.platform}:${e.channel.id}:${e.messageId}`;
  if (e.kind === "action" && e.value.card) return `card:${e.value.card}`;
  return null;
}
