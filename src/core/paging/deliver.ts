// One page as outbox items: the @mention in the thread (always), a direct message to each person where the platform
// allows one, and the phone provider's trigger when the client's policy says so.
import { actorKey, type Actor, type ChannelRef } from "../conversation/events";
import type { Outgoing, Reply } from "../conversation/reply";
import { sameHome } from "../ports/identities";
import type { PageMark, PagePerson, PhoneCall } from "./model";
import type { DueMark } from "../time/late";

export interface PageTarget {
  actor: Actor;
  name: string;
}

export interface PageRequest {
  subject: string;
  round: number;
  /** The ticket's or incident's thread: its id, or the key of its card when that is queued in the same turn. */
  place: { channel: ChannelRef; threadId?: string; threadOf?: string };
  targets: PageTarget[];
  /** The thread message (the adapter puts the @mentions in front of it). */
  text: string;
  /** The direct message, as text or a card. */
  dm: Reply;
  /** The key of the direct message's card, so it can be updated later (a page of one person only: keys are unique). */
  dmKey?: string;
  /** Drills page in the channel only. */
  drill?: boolean;
  /** The person who caused the page gets no direct message about it. */
  except?: Actor;
  /** The phone provider's triggers (one per side rung), when the policy rings a phone for this page. */
  phone?: PhoneCall | PhoneCall[] | null;
  /** The thread message goes out as this item instead (e.g. a new ticket card that carries the mentions). */
  post?: Extract<Outgoing, { op: "post" }>;
  /** The page's moment (noteAt: in `text`): the thread message and direct messages sent well after it say so. */
  due?: DueMark;
}

/** Why no direct message goes to this person from this conversation, or null when one can. */
export function noDirectMessage(person: Actor, channel: ChannelRef): string | null {
  // Another platform's people are reached through Tandem's install there, if it has one (the send says if not); so
  // is anyone when the conversation's home is unknown.
  if (person.platform !== channel.platform || !channel.teamId || sameHome(person, channel)) return null;
  return person.platform === "teams"
    ? "another tenant: Teams does not let a bot start a 1:1 chat across tenants"
    : "another workspace, which has not installed Tandem";
}

const personOf = (t: PageTarget): PagePerson => ({ key: actorKey(t.actor), name: t.name });

export function pageOut(r: PageRequest): Outgoing[] {
  const seen = new Set<string>();
  const targets = r.targets.filter((t) => !seen.has(actorKey(t.actor)) && !!seen.add(actorKey(t.actor)));
  const channel = r.place.channel;
  const mark = (via: PageMark["via"], people: PagePerson[], extra: Partial<PageMark> = {}): PageMark => ({ subject: r.subject, round: r.round, via, people, ...extra });

  // A direct message whose words start with the thread message's has the note in the same place; else before its end.
  const dmDue = r.due && (r.dm.text.startsWith(r.text) ? r.due : { ...r.due, noteAt: undefined });
  const due = (d: DueMark | undefined) => (d ? { due: d } : {});
  const dms: Outgoing[] = [];
  const skipped: (PagePerson & { why: string })[] = [];
  for (const t of targets) {
    if (r.except && actorKey(t.actor) === actorKey(r.except)) continue;
    const why = r.drill ? "drill: channel only" : noDirectMessage(t.actor, channel);
    if (why) skipped.push({ ...personOf(t), why });
    else dms.push({ op: "dm", to: t.actor, ...(r.dmKey ? { key: r.dmKey } : {}), reply: r.dm, page: mark("dm", [personOf(t)]), ...due(dmDue) });
  }
  // The @mention reaches people on the channel's platform; someone elsewhere is reached by their direct message.
  const here = targets.filter((t) => t.actor.platform === channel.platform);
  const mentions = here.map((t) => t.actor);
  const page = mark("mention", here.map(personOf), skipped.length ? { skipped } : {});
  const post: Outgoing = r.post
    ? { ...r.post, reply: { ...r.post.reply, mentions: [...(r.post.reply.mentions ?? []), ...mentions] }, page, ...due(r.post.reply.text.startsWith(r.text) ? r.due : r.due && { ...r.due, noteAt: undefined }) }
    : { op: "post", channel, threadId: r.place.threadId, ...(r.place.threadOf && !r.place.threadId ? { threadOf: r.place.threadOf } : {}), reply: { text: r.text, mentions }, page, ...due(r.due) };
  const calls = r.drill || !r.phone ? [] : Array.isArray(r.phone) ? r.phone : [r.phone];
  const phone: Outgoing[] = calls.map((call) => ({ op: "phone", call, page: mark("phone", targets.map(personOf), { side: call.side }) }));
  return [post, ...dms, ...phone];
}
