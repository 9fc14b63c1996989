// Pacing: how many sends a platform takes per conversation. A platform's limits are sliding windows ("at most 7 in
// any 1 s, 60 in any 30 s"); a row that would go over one is not sent yet but put back, due when the oldest send
// that fills the window leaves it. It is not a failure: its attempts and retry window are untouched.
//
// Across replicas nothing needs to be shared but the outbox table: one row per conversation is claimed at a time
// (the claim rule keeps conversations in order), so whichever replica holds a conversation's next row is the only
// one sending to it, and the conversation's recent sends are its sent rows' "sentAt" times (indexed by conversation
// and sentAt). "sentAt" is written after the platform answered, never before the platform counted the send, so the
// check errs on the side of waiting.

/** At most `max` sends in any `windowMs`. */
export interface PaceWindow {
  max: number;
  windowMs: number;
}

/** A platform's limits per conversation: its windows, and the operations they count (all when unset). */
export interface PlatformPace {
  windows: readonly PaceWindow[];
  ops?: readonly string[];
}

/** Per platform ("slack", "teams"); a platform without windows is not paced. */
export type Pacing = Record<string, PlatformPace | undefined>;

/**
 * Slack limits chat.postMessage per channel ("post" and "dm" rows); chat.update (Tier 3), chat.postEphemeral (Tier 4)
 * and pins.add (Tier 2) are limited per workspace and method, not per channel, so they are neither paced nor counted.
 * Teams counts every send to a conversation, updates included.
 */
export const SLACK_PACED_OPS: readonly string[] = ["post", "dm"];

/** How the outbox learns a conversation's recent sends. */
export interface PaceStore {
  /** Milliseconds until one more send to `conversation` stays inside every window (0: now); `ops`: what counts. */
  paceWait(conversation: string, windows: readonly PaceWindow[], ops?: readonly string[]): Promise<number>;
}
