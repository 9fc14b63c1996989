import type { Outgoing } from "../../core/conversation/reply";
import type { PostedRef } from "../db/outbox-repo";

/**
 * What a send did: the platform id of a new message, and `rejected` when the platform refused the content and the
 * plain-text fallback was sent instead (recorded on the row, so it shows in `tandem outbox list`).
 */
export interface Sent {
  messageId: string;
  threadId?: string;
  /**
   * Where a direct message went (its 1:1 chat: "slack:D0123", "teams:a:1…"), so a keyed direct message is kept like a
   * post, for later updates of its card.
   */
  conversation?: string;
  rejected?: string;
}

/** A platform's way to deliver one outbox row. */
export interface ChatSender {
  /**
   * `target` is the earlier post an update refers to; `key` names the outbox row, carried with the message where the
   * platform keeps it (Slack's message metadata) so `findSent` can find it. Returns the platform id of a new message.
   */
  send(item: Outgoing, target?: PostedRef, key?: string): Promise<Sent | void>;
  /**
   * Where the platform can be read: Tandem's own message with this key, posted at or after `since` (an earlier
   * attempt that reached the platform but was not marked sent), or null when it is not there. Throws a
   * `LookupError` when the platform cannot say (refused, rate limited, no answer, or nothing to look in).
   */
  findSent?(item: Outgoing, key: string, since: Date): Promise<Sent | null>;
}

/** A failed send. Rate limits carry the platform's Retry-After; permanent errors are not retried. */
export class SendError extends Error {
  constructor(
    message: string,
    public readonly kind: "rate-limited" | "transient" | "permanent",
    public readonly retryAfterMs?: number,
    /** The platform answered and refused this attempt: nothing was posted (not so for a timeout or a 5xx). */
    public readonly refused = false,
  ) {
    super(message);
    this.name = "SendError";
  }
}

/** The platform could not be asked whether a message is there; `reason` is what it answered (for the metric). */
export class LookupError extends Error {
  constructor(
    message: string,
    public readonly reason: "unsupported" | "refused" | "rate-limited" | "error",
  ) {
    super(message);
    this.name = "LookupError";
  }
}
