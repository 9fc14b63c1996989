import type { InboundEvent } from "../conversation/events";
import type { Outgoing } from "../conversation/reply";

/** An inbound event as stored: the event and, for Teams, the conversation reference for proactive sends. */
export interface InboxItem {
  event: InboundEvent;
  reference?: unknown;
}

/**
 * The durable inbox: an event is stored before the platform gets its 200, then handled by any replica, in order
 * per conversation. A copy of an event already stored (a Slack retry, a repeated Teams activity) is a duplicate.
 */
export interface Inbox {
  accept(item: InboxItem): Promise<"accepted" | "duplicate">;
}

/**
 * Events handled inside the request (Teams invokes, whose answer is the HTTP response). An event is "in progress"
 * from begin() until complete(); a copy arriving meanwhile must not be dropped (the first handler may still fail),
 * nor handled twice.
 */
export interface EventLedger {
  /**
   * "new": this caller handles it (also when an earlier handler died and its claim went stale);
   * "duplicate": handled already; "in-progress": another handler is on it now.
   */
  begin(platform: string, eventId: string, conversation: string): Promise<"new" | "duplicate" | "in-progress">;
  /** Marks the event handled and queues its effects in the outbox, in one commit. */
  complete(platform: string, eventId: string, effects: Outgoing[]): Promise<void>;
  /** Forget an event whose handling failed, so the platform's retry is processed. */
  forget(platform: string, eventId: string): Promise<void>;
}
