// Tandem people (chat actors with roles) as the incident lifecycle's actors, and back to chat actors for mentions.
import { actorKey, actorOfKey, type Actor as ChatActor } from "../conversation/events";
import type { Role } from "../ports/tenancy";
import type { Actor, Person } from "./incident-model";
import type { KnownPerson } from "./ports";

/** internal-it -> internal, msp-* -> msp; someone with both (or neither) has no fixed side. */
export function partyOf(roles: readonly Role[]): "internal" | "msp" | undefined {
  const internal = roles.includes("internal-it");
  const msp = roles.includes("msp-tech") || roles.includes("msp-lead");
  if (internal === msp) return undefined;
  return internal ? "internal" : "msp";
}

/** The turn's actor already carries their one name (conversation/turn.ts); the people list's is the fallback. */
export function displayName(actor: ChatActor, known?: KnownPerson): string {
  return actor.name || known?.name || actor.userId;
}

export function incidentActor(actor: ChatActor, roles: readonly Role[], known?: KnownPerson): Actor {
  const party = partyOf(roles);
  return {
    id: actorKey(actor),
    name: displayName(actor, known),
    ...(party ? { party } : {}),
    ...(roles.includes("admin") ? { admin: true } : {}),
  };
}

export function incidentPerson(p: KnownPerson): Person {
  const party = partyOf(p.roles);
  return { id: actorKey(p.actor), name: p.name, ...(party ? { party } : {}) };
}

/** The chat actor behind an incident person id ("slack:T1:UALICE"), to mention them. */
export function chatActorOf(person: Person): ChatActor | null {
  const actor = actorOfKey(person.id);
  return actor && { ...actor, name: person.name };
}

