// What Tandem says where it cannot tell which client a conversation belongs to: nothing of any client, and how to
// fix it. Told privately to the person who spoke (once in a channel for the "Tandem was added" event).
import type { InboundEvent } from "./events";
import type { Outgoing } from "./reply";
import type { Placement } from "../ports/tenancy";

type Unplaced = Extract<Placement, { client: null }>;

export function notPlacedText(p: Unplaced, event: InboundEvent): string {
  const platform = event.channel.platform;
  switch (p.why) {
    case "unlinked-channel":
      return (
        "This channel is not linked to a client yet, so I can't show anything here. " +
        `Ask your IT team to link it: tandem clients link CLIENT_ID --platform ${platform} --channel ${event.channel.id}`
      );
    case "several-clients":
      return `You work with several clients in Tandem (${(p.clients ?? []).join(", ")}), so I can't tell which one you mean here. Ask in that client's shared channel.`;
    case "unknown-person":
      return "I don't know which company you're with yet, so I can't show you anything. Ask your IT team to link you in Tandem.";
  }
}

export function notPlacedReply(p: Unplaced, event: InboundEvent, firstWelcome: boolean): Outgoing[] {
  const text = notPlacedText(p, event);
  if (event.kind === "installed") return firstWelcome ? [{ op: "post", channel: event.channel, reply: { text } }] : [];
  // Only what was addressed to Tandem gets an answer (a channel message that does not mention it is ignored).
  if (event.kind === "message" && !event.addressed) return [];
  const threadId = event.kind === "message" ? (event.channel.isDirect ? undefined : (event.threadId ?? event.messageId)) : "threadId" in event ? event.threadId : undefined;
  return [{ op: "ephemeral", channel: event.channel, to: event.actor, threadId, reply: { text } }];
}
