import type { ChannelRef, Platform, SourceMessage } from "../conversation/events";

/**
 * Reading one message back from the platform, by its id (Slack: its ts). What it answers:
 * - `ok`: the message;
 * - `not-found`: no such message there (deleted, or a wrong id);
 * - `no-access`: the platform refused: the app lacks a permission (`missing`: the one it names, a Slack scope) or
 *   cannot see the conversation;
 * - `unavailable`: the platform did not answer now (rate limit, outage, time-out).
 * `error` is the platform's own word for it (e.g. "missing_scope"), for the person who fixes it.
 */
export type MessageRead =
  | { ok: true; message: SourceMessage }
  | { ok: false; why: "not-found"; error?: string }
  | { ok: false; why: "no-access"; error: string; missing?: string }
  | { ok: false; why: "unavailable"; error: string };

/** Implementations never throw: every failure is one of the answers above. */
export interface MessageReader {
  read(channel: ChannelRef, messageId: string): Promise<MessageRead>;
}

/** One reader per platform that has one (Slack's Web API); a platform without one cannot read messages back. */
export type MessageReaders = Partial<Record<Platform, MessageReader>>;
