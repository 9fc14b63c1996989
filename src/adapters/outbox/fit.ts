// Every reply is made to fit its platform before it is queued: rendered and escaped as it will be sent, checked
// against the platform's documented limits, and, when over them, shortened (long text ends in an ellipsis, long
// lists are collapsed) with nothing lost: what was cut is shown behind "Show full text" (Teams) or follows in the
// thread (Slack, and Teams when the card cannot hold it). A card that cannot be made to fit becomes a plain-text
// message naming the item.
import { createHash, randomUUID } from "node:crypto";
import type { ChannelRef } from "../../core/conversation/events";
import type { Outgoing, Reply } from "../../core/conversation/reply";
import type { CardRenderer } from "../cards/render";
import { slackBreaches, SLACK_LIMITS } from "../limits/slack-limits";
import { teamsActivityBytes, teamsBreaches, TEAMS_ENVELOPE_BYTES, TEAMS_MAX_ACTIVITY_BYTES } from "../limits/teams-limits";
import { slackReplyMessage } from "../slack/reply-message";
import { teamsReplyActivity } from "../teams/reply-activity";

export type FitPlatform = "slack" | "teams";
type WithReply = Extract<Outgoing, { reply: Reply }>;
const withReply = (item: WithReply, reply: Reply): Outgoing => ({ ...item, reply }) as Outgoing;

/** Where the item is going: its platform and conversation ("slack:C1", "teams:dm:…"). */
export interface FitTarget {
  platform: string;
  conversation: string;
}

/** Keys of the follow-up posts that carry a card's full text: one per text, so an update does not repeat them. */
export const FULL_TEXT_KEY = "fulltext:";

const ELLIPSIS = "…";
// Text caps tried in turn (characters per string), then list caps (items per list).
const TEXT_CAPS = [Infinity, 2500, 1800, 1200, 800, 500, 300, 200, 140, 100, 60];
const LIST_CAPS = [Infinity, 25, 15, 10, 6, 3, 1];
// Per follow-up message: Slack's text limit with room for escaping's growth checked below; Teams' activity limit.
const SLACK_CHUNK_CHARS = 35_000;
const TEAMS_CHUNK_BYTES = TEAMS_MAX_ACTIVITY_BYTES - TEAMS_ENVELOPE_BYTES - 2048;

const PLATFORM_NAME: Record<FitPlatform, string> = { slack: "Slack", teams: "Teams" };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
/** A button or picker: its labels are Tandem's own and its data is read back, so it is never cut. */
const isControl = (v: Record<string, unknown>) => typeof v.verb === "string" && isObject(v.data);
// Strings that are not display text: links and values read back.
const KEEP = new Set(["url", "link"]);

interface Cut {
  title: string;
  text: string;
}

/** Card data with strings over `textCap` shortened and lists over `listCap` collapsed; what was cut, in full. */
function shorten(data: unknown, textCap: number, listCap: number): { data: unknown; cuts: Cut[] } {
  const cuts: Cut[] = [];
  const walk = (v: unknown, key: string, label: string): unknown => {
    if (typeof v === "string") {
      if (KEEP.has(key) || v.length <= textCap) return v;
      cuts.push({ title: label, text: v });
      return `${v.slice(0, Math.max(1, textCap - 1)).trimEnd()}${ELLIPSIS}`;
    }
    if (Array.isArray(v)) {
      const items = v.length && isObject(v[0]) && !isControl(v[0]) && v.length > listCap ? v.slice(0, listCap) : v;
      if (items.length < v.length) {
        const hidden = v.slice(items.length).map((x) => displayText(x)).filter(Boolean);
        cuts.push({ title: `${v.length - items.length} more ${humanize(key)}`, text: hidden.join("\n") });
      }
      return items.map((x) => walk(x, key, label));
    }
    if (!isObject(v) || isControl(v)) return v;
    const own = typeof v.title === "string" && v.title.length <= 80 ? v.title : null;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k, k !== "title" && own ? own : humanize(k))]));
  };
  return { data: walk(data, "", "Text"), cuts };
}

/** The text of a list item people would read: its display strings, one line. */
function displayText(v: unknown): string {
  if (typeof v === "string") return v;
  if (Array.isArray(v)) return v.map(displayText).filter(Boolean).join(" · ");
  if (!isObject(v) || isControl(v)) return "";
  return Object.entries(v)
    .filter(([k]) => !KEEP.has(k))
    .map(([, x]) => displayText(x))
    .filter(Boolean)
    .join(" · ");
}

function humanize(key: string): string {
  const words = key.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return words ? words[0]!.toUpperCase() + words.slice(1) : "Text";
}

/** Full texts once each, longest first cut first. */
function unique(cuts: Cut[]): Cut[] {
  const seen = new Set<string>();
  return cuts.filter((c) => c.text && !seen.has(c.text) && (seen.add(c.text), true));
}

export class ReplyFitter {
  constructor(private readonly cards: CardRenderer) {}

  /** Where a reply breaks the platform's limits, measured on what the sender will send. */
  breaches(platform: FitPlatform, reply: Reply): string[] {
    try {
      return platform === "slack" ? slackBreaches(slackReplyMessage(this.cards, reply)) : teamsBreaches(teamsReplyActivity(this.cards, reply));
    } catch (err) {
      return [`cannot be rendered: ${(err as Error).message}`]; // e.g. a list collapsed below its contract's minimum
    }
  }

  /**
   * The items to queue for one outgoing item: the item itself when it fits; else the shortened item followed by
   * the posts that carry its full text. Items of other platforms (phone) and without a reply pass unchanged.
   */
  fit(item: Outgoing, target: FitTarget): Outgoing[] {
    if (!("reply" in item) || (target.platform !== "slack" && target.platform !== "teams")) return [item];
    const platform = target.platform as FitPlatform;
    if (this.breaches(platform, item.reply).length === 0) return [item];
    return item.reply.card ? this.fitCard(item, platform, target) : this.fitText(item, platform, target);
  }

  private fitCard(item: WithReply, platform: FitPlatform, target: FitTarget): Outgoing[] {
    const card = item.reply.card!;
    const name = PLATFORM_NAME[platform];
    const inThread = `Shortened to fit ${name}: the full text follows in the thread.`;
    const attempt = (textCap: number, listCap: number) => {
      const cut = shorten(card.data, textCap, listCap);
      const reply = (fitted: Reply["fitted"]): Reply => ({ ...item.reply, text: capText(item.reply.text, 2000), card: { ...card, data: cut.data } as Reply["card"], fitted });
      return { cuts: unique(cut.cuts), reply, fits: this.breaches(platform, reply({ note: inThread, full: [] })).length === 0 };
    };
    // Lists are collapsed only as far as needed; for each list cap, the longest text cap that fits (binary search).
    for (const listCap of LIST_CAPS) {
      const caps = listCap === Infinity ? TEXT_CAPS.slice(1) : TEXT_CAPS;
      if (!attempt(caps[caps.length - 1]!, listCap).fits) continue;
      let lo = 0; // caps[hi] fits; find the first (largest) cap that does
      let hi = caps.length - 1;
      while (lo < hi) {
        const mid = Math.floor((lo + hi) / 2);
        if (attempt(caps[mid]!, listCap).fits) hi = mid;
        else lo = mid + 1;
      }
      const { cuts, reply } = attempt(caps[hi]!, listCap);
      // Teams: the full text behind "Show full text" on the card itself, when the card can hold it.
      if (platform === "teams") {
        const inPlace = reply({ note: `Shortened to fit ${name}: use "Show full text" for the rest.`, full: cuts });
        if (this.breaches(platform, inPlace).length === 0) return [withReply(item, inPlace)];
      }
      const thread = this.followUps(item, platform, target, cuts);
      const shortened = reply({ note: thread.length ? inThread : `Shortened to fit ${name}.`, full: [] });
      return [withReply(withKey(item, thread), shortened), ...thread];
    }
    return [withReply(item, plainFallback(item.reply, platform, "it is over the platform's limits even when shortened")), ...this.followUps(item, platform, target, [{ title: "Full text", text: item.reply.text }])];
  }

  /** A plain text over the limit: sent in parts, in order, in the same place. */
  private fitText(item: WithReply, platform: FitPlatform, target: FitTarget): Outgoing[] {
    const parts = this.chunks(platform, item.reply.text);
    const first = withReply(item, { ...item.reply, text: parts[0]! });
    if (item.op === "update") return [first]; // an edit in place has one message to hold it
    return [first, ...parts.slice(1).map((text) => this.samePlace(item, target, { text }, undefined)).filter((o): o is Outgoing => !!o)];
  }

  /** Posts with the full text of what was cut, in the thread of the card (or wherever the item goes). */
  private followUps(item: WithReply, platform: FitPlatform, target: FitTarget, cuts: Cut[]): Outgoing[] {
    if (!cuts.length) return [];
    const key = "key" in item && item.key ? item.key : undefined;
    const all = cuts.map((c) => `${c.title}:\n${c.text}`).join("\n\n");
    // Keyed by card and text, so an update of the same card does not post the same text again.
    const id = key ? createHash("sha256").update(`${key}\n${all}`).digest("hex").slice(0, 24) : null;
    const parts = this.chunks(platform, all);
    return parts
      .map((text, i) => {
        const head = `Full text${parts.length > 1 ? ` (part ${i + 1} of ${parts.length})` : ""}:\n`;
        return this.samePlace(item, target, { text: `${head}${text}` }, id ? `${FULL_TEXT_KEY}${id}:${i + 1}` : undefined);
      })
      .filter((o): o is Outgoing => !!o);
  }

  /** The same kind of message as `item`, in the same place (a card's thread for a post or an update). */
  private samePlace(item: Outgoing, target: FitTarget, reply: Reply, key: string | undefined): Outgoing | undefined {
    switch (item.op) {
      case "post":
        return { op: "post", channel: item.channel, threadId: item.threadId, threadOf: item.threadId ? undefined : (item.key ?? undefined), key, reply };
      case "ephemeral":
        return { op: "ephemeral", channel: item.channel, to: item.to, threadId: item.threadId, reply };
      case "dm":
        return { op: "dm", to: item.to, reply };
      case "update": {
        const id = target.conversation.slice(target.platform.length + 1);
        if (id.startsWith("dm:")) return undefined; // a card in a 1:1 chat: "Shortened" says so; the chat has no thread
        const channel: ChannelRef = { platform: target.platform as ChannelRef["platform"], id, isDirect: false };
        return { op: "post", channel, threadOf: item.key, key, reply };
      }
      default:
        return undefined;
    }
  }

  /** Text split into messages the platform takes (after escaping), at line ends where it can. */
  chunks(platform: FitPlatform, text: string): string[] {
    const fits = (s: string) =>
      platform === "slack"
        ? this.cards.escapeText("slack", s).length <= Math.min(SLACK_CHUNK_CHARS, SLACK_LIMITS.text)
        : teamsActivityBytes({ type: "message", text: this.cards.escapeText("teams", s) }) <= TEAMS_CHUNK_BYTES;
    const out: string[] = [];
    let rest = text;
    while (rest.length) {
      if (fits(rest)) {
        out.push(rest);
        break;
      }
      // The longest prefix that fits (binary search), ended at a line break when one is in its last half.
      let lo = 1;
      let hi = rest.length;
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (fits(rest.slice(0, mid))) lo = mid;
        else hi = mid - 1;
      }
      const nl = rest.lastIndexOf("\n", lo);
      const end = nl > lo / 2 ? nl + 1 : lo;
      out.push(rest.slice(0, end));
      rest = rest.slice(end);
    }
    return out.length ? out : [""];
  }
}

/** A post followed by its thread needs a key the thread can refer to. */
function withKey(item: WithReply, thread: Outgoing[]): WithReply {
  if (item.op !== "post" || item.key || item.threadId || !thread.some((t) => t.op === "post" && t.threadOf === undefined && !t.threadId)) return item;
  const key = `fitted:${randomUUID()}`;
  for (const t of thread) if (t.op === "post" && !t.threadId) t.threadOf = key;
  return { ...item, key };
}

function capText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}${ELLIPSIS}`;
}

/** The ticket or incident a reply is about, by its reference in the reply's text (HL-42, IR-7). */
export function referenceOf(reply: Reply): string | null {
  return /\b([A-Z][A-Z0-9]{0,9}-\d+)\b/.exec(reply.text)?.[1] ?? null;
}

/**
 * The plain-text message sent instead of a card the platform cannot take: what it was about (the start of its
 * text), which item, and where to see it in full.
 */
export function plainFallback(reply: Reply, platform: FitPlatform, why: string): Reply {
  const ref = referenceOf(reply);
  const data = (reply.card?.data ?? {}) as Record<string, unknown>;
  const link = typeof data.link === "string" && data.link ? data.link : null;
  const how = ref ? (/^IR-/.test(ref) ? `say "incident timeline" in the incident's channel for ${ref}` : `say "tickets show ${ref}" to see ${ref} in full`) : "ask again to see it";
  const lines = [
    capText(reply.text, 500),
    `(${PLATFORM_NAME[platform]} could not show this ${reply.card ? `${reply.card.name} card` : "message"}: ${why}. ${how[0]!.toUpperCase()}${how.slice(1)}.${link ? ` Original message: ${link}` : ""})`,
  ];
  return { text: lines.join("\n"), mentions: reply.mentions };
}
