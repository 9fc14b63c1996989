// A message already in the conversation becomes a ticket: by the platform's message action (Slack's Create ticket
// shortcut, Teams' message action), or by "@Tandem ticket this" in the message's thread. People of the other
// organisation in a Slack Connect channel cannot use the shortcut; the mention does the same for them: Tandem reads
// the thread's first message back from the platform and makes the ticket from it, with the same requester (its
// author) and the same key (one message, one ticket, whichever way it was asked).
import { isThreaded, type ChannelRef, type Platform, type SourceMessage } from "../conversation/events";
import type { Turn } from "../conversation/feature";
import type { Outgoing } from "../conversation/reply";
import { replyPrivately, replyTo } from "../conversation/router";
import type { MessageRead } from "../ports/messages";
import { createTicket } from "./create";
import { nameOf, type TicketDeps } from "./desk";
import { messageKey, placeOfMessage } from "./place";

/** The ticket made from a message: its text, its author as the requester, in its thread; the note on the timeline. */
export async function ticketFromMessage(deps: TicketDeps, turn: Turn, channel: ChannelRef, m: SourceMessage, note?: string): Promise<Outgoing[]> {
  if (!m.text.trim()) return [replyPrivately(turn, { text: "That message has no text to make a ticket from." })];
  // The author as people know them: a Slack message names its author only by id.
  const author = m.authorId ? { platform: channel.platform, teamId: m.authorTeam ?? turn.actor.teamId, userId: m.authorId } : null;
  const requester = m.author ?? (author ? await nameOf(deps, turn.client.id, author) : null);
  const r = await createTicket(deps, turn, {
    text: m.text,
    requester,
    note,
    sourceKey: messageKey(channel, m.id),
    sourceLink: m.link ?? null,
    place: placeOfMessage(channel, m),
  });
  return r.out;
}

export const TICKET_THIS_HOW =
  'To make a message a ticket, reply in its thread and mention me there: "@Tandem ticket this" (or "make this a ticket"), ' +
  'with an optional note after a colon: "@Tandem ticket this: floor 2 too". To open a new ticket, say "ticket <what happened>".';

/**
 * "ticket this" (or "make this a ticket") said in a thread: the thread's first message becomes a ticket, as the
 * Create ticket shortcut would make it. Said anywhere else, how to use it. When the platform will not give the
 * message back, the thread is told why (a missing permission is named, for whoever administers the app).
 */
export async function ticketThis(deps: TicketDeps, turn: Turn, note: string): Promise<Outgoing[]> {
  const e = turn.event;
  const inThread = e.kind === "message" && isThreaded(e.channel) && !!e.threadId && e.threadId !== e.messageId;
  if (e.kind !== "message" || !inThread || !e.threadId) return [replyPrivately(turn, { text: TICKET_THIS_HOW })];
  const reader = deps.messages?.[e.channel.platform];
  if (!reader) {
    const text = `I can't read that message back here. Use "Create ticket" from the message's "..." menu (More actions), or say "ticket <what happened>".`;
    return [replyPrivately(turn, { text })];
  }
  const read = await reader.read(e.channel, e.threadId);
  if (!read.ok) return [replyTo(turn, { text: cannotRead(read, e.channel.platform) })];
  return ticketFromMessage(deps, turn, e.channel, { ...read.message, threadId: e.threadId }, note || undefined);
}

/** Said in the thread, where the person and whoever administers Tandem both see it. */
export function cannotRead(read: Exclude<MessageRead, { ok: true }>, platform: Platform): string {
  const who = platform === "slack" ? "Slack" : "Teams";
  const grant = platform === "slack" ? "scope" : "permission";
  const manifest = platform === "slack" ? "manifests/slack/manifest.yml" : "manifests/teams/manifest.json";
  const instead = 'Meanwhile, "@Tandem ticket <what happened>" opens a ticket here.';
  switch (read.why) {
    case "not-found":
      return `I can't find the message this thread starts from (deleted?), so I made no ticket. ${instead}`;
    case "no-access":
      return read.missing
        ? `I couldn't make a ticket from this thread's message: ${who} refused to let me read it (${read.error}: Tandem's app lacks the \`${read.missing}\` ${grant}). ` +
            `An admin of the organisation that installed Tandem can add \`${read.missing}\` (it is in ${manifest}) and reinstall the app. ${instead}`
        : `I couldn't make a ticket from this thread's message: I'm not allowed to read this conversation (${read.error}). Check that Tandem is a member of the channel. ${instead}`;
    case "unavailable":
      return `I couldn't read this thread's message just now (${read.error}), so I made no ticket. Try again in a minute. ${instead}`;
  }
}
