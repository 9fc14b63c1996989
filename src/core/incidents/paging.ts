// Who a page reaches in Tandem: the playbook's escalation contacts are descriptions ("MSP on-call engineer"),
// the people behind them are found by role. In drills nobody is reached outside the channel.
import type { Actor as ChatActor, ChannelRef } from "../conversation/events";
import type { Outgoing } from "../conversation/reply";
import type { Role } from "../ports/tenancy";
import type { IncidentState, PageRecord } from "./incident-model";
import type { KnownPerson } from "./ports";

/** First contact on the escalation path -> the MSP technicians; every later one -> the MSP leads. */
export function rolesForPage(state: IncidentState, page: PageRecord): Role[] {
  const index = state.playbook.escalation.indexOf(page.contactId);
  if (index < 0) return [];
  return index === 0 ? ["msp-tech"] : ["msp-lead"];
}

/** People with any of the roles; when nobody has the first choice, the MSP leads stand in for technicians. */
export function peopleToPage(people: KnownPerson[], roles: Role[]): KnownPerson[] {
  const pick = (rs: Role[]) => people.filter((p) => p.roles.some((r) => rs.includes(r)));
  const found = pick(roles);
  if (found.length > 0 || !roles.includes("msp-tech")) return found;
  return pick(["msp-lead"]);
}

export interface PageDelivery {
  channel: ChannelRef;
  threadId?: string;
  text: string;
  people: KnownPerson[];
  dmText: string;
  drill: boolean;
  /** The person who caused the page gets no direct message about it. */
  except?: ChatActor;
}

/** One channel message mentioning the people (on the channel's platform), plus a direct message each (not in drills). */
export function pageMessages(d: PageDelivery): Outgoing[] {
  const unique = dedupe(d.people).filter((p) => reachable(p, d.channel));
  const mentions = unique.filter((p) => p.actor.platform === d.channel.platform).map((p) => p.actor);
  const out: Outgoing[] = [{ op: "post", channel: d.channel, threadId: d.threadId, reply: { text: d.text, mentions } }];
  if (d.drill) return out;
  for (const p of unique) {
    if (d.except && same(p.actor, d.except)) continue;
    out.push({ op: "dm", to: p.actor, reply: { text: d.dmText } });
  }
  return out;
}

/** A Teams person of another tenant can be neither mentioned in this channel nor reached from it. */
function reachable(p: KnownPerson, channel: ChannelRef): boolean {
  return !(p.actor.platform === "teams" && channel.platform === "teams" && channel.teamId && p.actor.teamId !== channel.teamId);
}

function same(a: ChatActor, b: ChatActor): boolean {
  return a.platform === b.platform && a.teamId === b.teamId && a.userId === b.userId;
}

function dedupe(people: KnownPerson[]): KnownPerson[] {
  const seen = new Set<string>();
  return people.filter((p) => (seen.has(p.id) ? false : (seen.add(p.id), true)));
}
