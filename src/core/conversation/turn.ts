import { actorKey, conversationKey, type Actor, type InboundEvent } from "./events";
import type { Outgoing } from "./reply";
import type { Router } from "./router";
import { notPlacedReply } from "./not-placed";
import type { Clock } from "../ports/clock";
import type { Identities } from "../ports/identities";
import type { EventLedger } from "../ports/inbox";
import type { AuditLog, Tenancy } from "../ports/tenancy";
import type { Names } from "../ports/names";

/** A copy of an event another replica is still handling: the adapter answers 500 so the platform retries later. */
export class EventInProgress extends Error {
  constructor(eventId: string) {
    super(`event ${eventId} is being handled by another replica`);
    this.name = "EventInProgress";
  }
}

export interface TurnDeps {
  tenancy: Tenancy;
  /** Where turns Tandem cannot place in a client are recorded. */
  audit: AuditLog;
  ledger: EventLedger;
  router: Router;
  clock: Clock;
  /** The one display name of the person acting (absent: what the platform sent). */
  names?: Names;
  /** Places people by their home tenant or workspace (absent: as the event says). */
  identities?: Identities;
  /**
   * Runs a turn's decisions and the storing of its effects as one commit: throwing rolls back everything the turn
   * wrote, so a failed or repeated turn never leaves effects without their replies. Absent: no such guarantee.
   */
  atomic?: <T>(fn: () => Promise<T>) => Promise<T>;
}

/**
 * Places the turn (client, the actor's roles and name) and routes the event: the effects of one turn, not yet stored. A
 * turn Tandem cannot place in a client sees nothing of any client, only how to get linked.
 */
export async function decide(deps: Omit<TurnDeps, "ledger">, event: InboundEvent, reference?: unknown): Promise<Outgoing[]> {
  // A member of the other organisation in a shared channel: their roles and reach follow their own tenant.
  const actor = deps.identities ? await deps.identities.resolve(event.actor) : event.actor;
  const seen = actor === event.actor ? event : { ...event, actor };
  const placed = await deps.tenancy.turnContext(seen.channel, actor, reference);
  if (!placed.client) {
    const first = seen.kind === "installed" ? await deps.tenancy.markWelcomed(seen.channel) : false;
    const out = notPlacedReply(placed, seen, first);
    // Someone who asked for something and got nothing is a refusal like any other: in the audit log.
    if (seen.kind !== "installed" && out.length > 0) {
      await deps.audit.record({
        actor: actorKey(actor),
        action: `unplaced.${placed.why}`,
        outcome: "refused",
        place: conversationKey(seen.channel),
        detail: { eventId: seen.eventId, kind: seen.kind, ...(placed.clients ? { clients: placed.clients } : {}) },
      });
    }
    return out;
  }
  const named = await withName(deps.names, placed.client.id, seen);
  const out = await deps.router.route({ event: named, client: placed.client, actor: named.actor, roles: placed.roles, now: deps.clock.now() });
  return deps.names ? withMentionNames(deps.names, placed.client.id, out, seen.channel) : out;
}

/**
 * People @mentioned in Teams by their one name: someone found by role (the people list, often without a name) would
 * otherwise be mentioned as "someone". A mention that already has a name keeps it; Slack mentions by id alone.
 */
async function withMentionNames(names: Names, clientId: string, out: Outgoing[], where: InboundEvent["channel"]): Promise<Outgoing[]> {
  const unnamed = (m: Actor) => !m.name && m.platform === "teams";
  if (!out.some((o) => "reply" in o && o.reply.mentions?.some(unnamed))) return out;
  return Promise.all(
    out.map(async (o) => {
      if (!("reply" in o) || !o.reply.mentions?.some(unnamed)) return o;
      const place = "channel" in o ? o.channel : where;
      const mentions = await Promise.all(o.reply.mentions.map(async (m) => (!unnamed(m) ? m : { ...m, name: (await names.nameOf(clientId, m, place).catch(() => null)) ?? undefined })));
      return { ...o, reply: { ...o.reply, mentions } };
    }),
  );
}

/** The event with its actor under their one display name, so every card and record of the turn says the same. */
async function withName(names: Names | undefined, clientId: string, event: InboundEvent): Promise<InboundEvent> {
  const name = names ? await names.nameOf(clientId, event.actor, event.channel).catch(() => null) : null;
  return name && name !== event.actor.name ? { ...event, actor: { ...event.actor, name } } : event;
}

export interface TurnOptions {
  /** Platform conversation reference to keep for proactive sends (Teams). */
  reference?: unknown;
  /** Picks the outgoing items the adapter answers in its own HTTP response (e.g. a Teams card refresh); the rest are queued. */
  inline?: (out: Outgoing[]) => Outgoing[];
}

/**
 * Handles one event inside its request (an event whose answer is the HTTP response): ignore duplicates, decide,
 * and store the effects with the event's "done" mark. Returns the effects the adapter asked to answer inline.
 * Everything else goes through the inbox (see ports/inbox.ts) and is handled after the platform's 200.
 */
export async function handleEvent(deps: TurnDeps, event: InboundEvent, opts: TurnOptions = {}): Promise<{ duplicate: boolean; inline: Outgoing[] }> {
  const platform = event.channel.platform;
  const claim = await deps.ledger.begin(platform, event.eventId, conversationKey(event.channel));
  if (claim === "duplicate") return { duplicate: true, inline: [] };
  if (claim === "in-progress") throw new EventInProgress(event.eventId);
  const atomic = deps.atomic ?? (<T>(fn: () => Promise<T>) => fn());
  try {
    const inline = await atomic(async () => {
      const out = await decide(deps, event, opts.reference);
      const picked = opts.inline ? opts.inline(out) : [];
      await deps.ledger.complete(platform, event.eventId, out.filter((o) => !picked.includes(o)));
      return picked;
    });
    return { duplicate: false, inline };
  } catch (err) {
    // Let the platform's retry try again rather than losing the event.
    await deps.ledger.forget(platform, event.eventId).catch(() => undefined);
    throw err;
  }
}
