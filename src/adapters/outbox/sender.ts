import type { Outgoing } from "../../core/conversation/reply";
import type { PostedRef } from "../db/outbox-repo";

/**
 * What a send did: the platform id of a new message, and `rejected` when the platform refused the content and the
 * plain-text fallback was sent instead (recorded on the row, so it shows in `tandem outbox list`).
 */
export interface Sent {
  messageId: string;
  threadId?: string;
  rejected?: string;
}

/** A platform's way to deliver one outbox row. */
export interface ChatSender {
  /** `target` is the earlier post an update refers to. Returns the platform id of a new message. */
  send(item: Outgoing, target?: PostedRef): Promise<Sent | void>;
}

/** A failed send. Rate limits carry the platform's Retry-After; permanent errors are not retried. */
export class SendError extends Error {
  constructor(
    message: string,
    public readonly kind: "rate-limited" | "transient" | "permanent",
    public readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "SendError";
  }
}
