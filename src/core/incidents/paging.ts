// Who a page reaches in Tandem: the playbook's escalation contacts are descriptions ("MSP on-call engineer"),
// the people behind them are found by role. Each page is an @mention of them on the incident's thread (core/paging);
// in drills nobody is reached outside the channel.
import type { Actor as ChatActor, ChannelRef } from "../conversation/events";
import type { Outgoing } from "../conversation/reply";
import { pageOut } from "../paging/deliver";
import type { PhoneCall } from "../paging/model";
import type { DueMark } from "../time/late";
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

export interface IncidentPage {
  /** "incident:<id>", and which page of the incident this is. */
  subject: string;
  round: number;
  channel: ChannelRef;
  threadId?: string;
  /** The incident card's key, when the card is posted in the same turn: the page goes in its thread. */
  threadOf?: string;
  text: string;
  people: KnownPerson[];
  dmText: string;
  drill: boolean;
  /** The person who caused the page gets no direct message about it. */
  except?: ChatActor;
  phones?: PhoneCall[];
  /** The page goes out as this post (the new incident's card, which then carries the @mentions). */
  post?: Extract<Outgoing, { op: "post" }>;
  /** The page's moment: sent well after it (the platform was down), it says so. */
  due?: DueMark;
}

/**
 * One channel message mentioning the people (a Teams person of the other tenant in a shared channel included), plus a
 * direct message to each one the platform lets Tandem reach (not in drills), plus the phone.
 */
export function pageMessages(d: IncidentPage): Outgoing[] {
  return pageOut({
    subject: d.subject,
    round: d.round,
    place: { channel: d.channel, threadId: d.threadId, threadOf: d.threadOf },
    targets: d.people.map((p) => ({ actor: p.actor, name: p.name })),
    text: d.text,
    dm: { text: d.dmText },
    drill: d.drill,
    except: d.except,
    phone: d.phones,
    post: d.post ? { ...d.post, reply: { ...d.post.reply, text: d.text } } : undefined,
    due: d.due,
  });
}
