// Tandem people (chat actors with roles) as the incident lifecycle's actors, and back to chat actors for mentions.
import { PermissionDenied } from "../errors";
import { actorKey, type Actor as ChatActor, type Platform } from "../conversation/events";
import type { Role } from "../ports/tenancy";
import type { Actor, Person } from "./incident-model";
import type { PlaybookParty } from "./playbook";
import type { KnownPerson } from "./ports";

/** internal-it -> internal, msp-* -> msp; someone with both (or neither) has no fixed side. */
export function partyOf(roles: readonly Role[]): "internal" | "msp" | undefined {
  const internal = roles.includes("internal-it");
  const msp = roles.includes("msp-tech") || roles.includes("msp-lead");
  if (internal === msp) return undefined;
  return internal ? "internal" : "msp";
}

export function displayName(actor: ChatActor, known?: KnownPerson): string {
  return known?.name || actor.name || actor.userId;
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
  const m = /^(teams|slack):([^:]*):(.+)$/.exec(person.id);
  if (!m) return null;
  return { platform: m[1] as Platform, teamId: m[2], userId: m[3], name: person.name };
}

/** Who may hold a role of this party: people of that side, and people with no fixed side (executives, admins). */
export function canHold(p: KnownPerson, party: PlaybookParty): boolean {
  const side = partyOf(p.roles);
  return party === "joint" || side === undefined || side === party;
}

/** People who take part in an incident (not plain staff). */
export const RESPONDER_ROLES: readonly Role[] = ["internal-it", "msp-tech", "msp-lead", "admin"];
export const START_ROLES: readonly Role[] = ["msp-lead", "admin"];

export function isResponder(roles: readonly Role[]): boolean {
  return roles.some((r) => RESPONDER_ROLES.includes(r));
}

export function mayStart(roles: readonly Role[]): boolean {
  return roles.some((r) => START_ROLES.includes(r));
}

export function requireResponder(turn: { roles: readonly Role[] }): void {
  if (!isResponder(turn.roles)) {
    throw new PermissionDenied("Only internal IT, the MSP and Tandem admins change an incident. Post in the thread and they will pick it up.");
  }
}
