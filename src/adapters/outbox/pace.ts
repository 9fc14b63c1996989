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

/** Windows per platform ("slack", "teams"); a platform without any is not paced. */
export type Pacing = Record<string, readonly PaceWindow[] | undefined>;

/** How the outbox learns a conversation's recent sends and puts a row back until it may be sent. */
export interface PaceStore {
  /** Milliseconds until one more send to `conversation` stays inside every window (0: now). */
  paceWait(conversation: string, windows: readonly PaceWindow[]): Promise<number>;
}
