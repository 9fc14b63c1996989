import type { Outgoing } from "../../core/conversation/reply";
import type { PostedRef } from "../db/outbox-repo";

/** A platform's way to deliver one outbox row. */
export interface ChatSender {
  /** `target` is the earlier post an update refers to. Returns the platform id of a new message. */
  send(item: Outgoing, target?: PostedRef): Promise<{ messageId: string; threadId?: string } | void>;
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
