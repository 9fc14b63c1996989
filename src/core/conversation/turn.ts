import type { InboundEvent } from "./events";
import type { Outgoing } from "./reply";
import type { Router } from "./router";
import type { Clock } from "../ports/clock";
import type { Outbox } from "../ports/outbox";
import type { EventLedger, Tenancy } from "../ports/tenancy";

/** A copy of an event another replica is still handling: the adapter answers 503 so the platform retries later. */
export class EventInProgress extends Error {
  constructor(eventId: string) {
    super(`event ${eventId} is being handled by another replica`);
    this.name = "EventInProgress";
  }
}

export interface TurnDeps {
  tenancy: Tenancy;
  ledger: EventLedger;
  outbox: Outbox;
  router: Router;
  clock: Clock;
}

export interface TurnOptions {
  /** Platform conversation reference to keep for proactive sends (Teams). */
  reference?: unknown;
  /** Outgoing items the adapter answers in its own HTTP response (e.g. a Teams card refresh); the rest are queued. */
  inline?: (o: Outgoing) => boolean;
}

/**
 * Handles one inbound event end to end: ignore duplicates, find the client and the actor's roles, route,
 * and queue every effect in the outbox. Returns the effects the adapter asked to answer inline.
 */
export async function handleEvent(deps: TurnDeps, event: InboundEvent, opts: TurnOptions = {}): Promise<{ duplicate: boolean; inline: Outgoing[] }> {
  const platform = event.channel.platform;
  const claim = await deps.ledger.begin(platform, event.eventId);
  if (claim === "duplicate") return { duplicate: true, inline: [] };
  if (claim === "in-progress") throw new EventInProgress(event.eventId);
  try {
    const client = await deps.tenancy.clientForChannel(event.channel, opts.reference);
    const roles = await deps.tenancy.rolesOf(client.id, event.actor);
    const out = await deps.router.route({ event, client, actor: event.actor, roles, now: deps.clock.now() });
    const inline = opts.inline ? out.filter(opts.inline) : [];
    await deps.outbox.enqueue(out.filter((o) => !inline.includes(o)));
    await deps.ledger.complete(platform, event.eventId);
    return { duplicate: false, inline };
  } catch (err) {
    // Let the platform's retry try again rather than losing the event.
    await deps.ledger.forget(platform, event.eventId).catch(() => undefined);
    throw err;
  }
}
