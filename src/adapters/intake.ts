import type { InboundEvent } from "../core/conversation/events";
import type { Inbox } from "../core/ports/inbox";
import { storable } from "./storable";

/** The event could not be stored in time: the adapter answers 503 (Slack) or 500 (Teams) so the platform retries (the retry is deduplicated). */
export class IntakeBusy extends Error {
  constructor(eventId: string, ms: number) {
    super(`event ${eventId} not stored within ${ms} ms`);
    this.name = "IntakeBusy";
  }
}

export type Intake = (event: InboundEvent, reference?: unknown) => Promise<"accepted" | "duplicate">;

/**
 * The request path of both platforms: store the event in the inbox, no later than `timeoutMs` (a platform that
 * waits longer retries anyway). A store that finishes after the timeout is harmless: the retry is a duplicate.
 */
export function intakeInto(inbox: Inbox, timeoutMs: number): Intake {
  return async (event, reference) => {
    const item = storable({ event, reference });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new IntakeBusy(event.eventId, timeoutMs)), timeoutMs);
    });
    const stored = inbox.accept(item);
    stored.catch(() => undefined); // a late failure after the timeout has been answered already
    try {
      return await Promise.race([stored, late]);
    } finally {
      clearTimeout(timer);
    }
  };
}
