import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import SLACK_ERRORS from "../fixtures/slack/errors.json";
import { HttpFake, type RecordedCall } from "./http-fake";

/** The bot scopes manifests/slack/manifest.yml requests: what a token from installing that manifest holds. */
export function manifestScopes(): string[] {
  const manifest = YAML.parse(fs.readFileSync(path.resolve(__dirname, "../../manifests/slack/manifest.yml"), "utf8"));
  return manifest.oauth_config.scopes.bot as string[];
}

// Which bot scope each method needs (a call without it gets missing_scope, with needed/provided, as Slack answers).
// What Slack refuses in a message (Block Kit reference: blocks, section, header and button elements; chat.postMessage:
// "msg_too_long" for text over 40 000 characters). The limits are counted on the text as sent, i.e. after escaping.
const MESSAGE_METHODS = new Set(["chat.postMessage", "chat.update", "chat.postEphemeral"]);

/** Why Slack would refuse these blocks with invalid_blocks, or null. */
export function blockLimitBreach(blocks: any[]): string | null {
  if (blocks.length > 50) return `${blocks.length} blocks (at most 50)`;
  for (const [i, b] of blocks.entries()) {
    const text = String(b?.text?.text ?? "");
    if (b?.type === "section" && text.length > 3000) return `block ${i}: section text of ${text.length} characters (at most 3000)`;
    if (b?.type === "header" && text.length > 150) return `block ${i}: header of ${text.length} characters (at most 150)`;
    for (const f of b?.fields ?? []) if (String(f?.text ?? "").length > 2000) return `block ${i}: a field of ${String(f.text).length} characters (at most 2000)`;
    const elements = [...(b?.accessory ? [b.accessory] : []), ...(b?.type === "actions" ? (b.elements ?? []) : [])];
    for (const e of elements.filter((x: any) => x?.type === "button")) {
      if (String(e.text?.text ?? "").length > 75) return `block ${i}: a button label of ${String(e.text.text).length} characters (at most 75)`;
      if (String(e.value ?? "").length > 2000) return `block ${i}: a button value of ${String(e.value).length} characters (at most 2000)`;
    }
  }
  return null;
}

// chat.postMessage's special rate limit (docs.slack.dev, apis/web-api/rate-limits: "Posting messages: 1 per second.
// Short bursts >1 allowed"; chat.postMessage "generally allows posting one message per second per channel"). The
// burst size is not published: the fake allows 3 at once, a token bucket of 3 per channel refilled at 1 per second.
// Three is the smallest burst that still lets a turn's usual messages to one channel (a card, its full text in the
// thread, a notice) out together, and small enough that a storm is refused within its first seconds. Only
// chat.postMessage is limited per channel: chat.update (Tier 3) and chat.postEphemeral (Tier 4) are limited per
// method and workspace, at 50+ and 100+ a minute, which the tests do not reach.
const POST_BURST = 3;
const POSTS_PER_SECOND = 1;

const NEEDS: Record<string, string> = {
  "chat.postMessage": "chat:write",
  "chat.update": "chat:write",
  "chat.postEphemeral": "chat:write",
  "pins.add": "pins:write",
  "conversations.open": "im:write",
  "users.info": "users:read",
};

// conversations.history and conversations.replies (docs.slack.dev, reference/methods/conversations.history and
// .replies, and apis/web-api/rate-limits): Tier 3 (50+ per minute, per method and workspace) for Marketplace and
// internal apps; since 2025-05-29, 1 request per minute with at most 15 messages a page (`limit` default and maximum)
// for new installs of apps distributed commercially outside the Marketplace (`readRate = "non-marketplace"`). Over the
// limit: HTTP 429 `ratelimited` with Retry-After.
const READ_METHODS = new Set(["conversations.history", "conversations.replies"]);
const READS_PER_MINUTE = { tier3: 50, "non-marketplace": 1 } as const;

/** The history scope a conversations.* read needs, by the kind of conversation (Slack's scope reference). */
function historyScope(channel: string, known?: { private?: boolean }): string {
  if (channel.startsWith("D")) return "im:history";
  if (known?.private || channel.startsWith("G")) return "groups:history";
  return "channels:history";
}

/** A message ts ("1772838480.000300") as a number of microseconds, or null when it is not one. */
function tsValue(ts: unknown): bigint | null {
  const m = /^(\d+)(?:\.(\d{1,6}))?$/.exec(String(ts ?? ""));
  return m ? BigInt(m[1]) * 1_000_000n + BigInt((m[2] ?? "").padEnd(6, "0")) : null;
}

function truthy(v: unknown): boolean {
  return v === true || v === "true" || v === "1" || v === 1;
}

/** The ts a cursor of the fake's continues after, or null for the first page. */
function cursorTs(cursor: unknown): bigint | null {
  if (!cursor) return null;
  const m = /^next_ts:(.+)$/.exec(Buffer.from(String(cursor), "base64").toString());
  return m ? tsValue(m[1]) : null;
}

/** A message as read back: its metadata only when asked for with include_all_metadata. */
function withMetadata(m: Record<string, any>, body: Record<string, any>): Record<string, any> {
  if (!m.metadata || truthy(body.include_all_metadata)) return m;
  const { metadata: _metadata, ...rest } = m;
  return rest;
}

/** A conversation the fake holds messages of (conversations.history reads them). */
export interface FakeChannel {
  private?: boolean;
  messages: Record<string, any>[];
}

/**
 * A local Slack Web API: answers auth.test, chat.postMessage/update/postEphemeral, chat.getPermalink,
 * conversations.open, conversations.history, conversations.replies and views.open the way Slack documents them, and records every call. It
 * refuses what Slack refuses (sources in test/fixtures/slack/README.md):
 * - a method whose scope the token lacks (the token holds the manifest's scopes): `missing_scope`; for
 *   conversations.history the scope of that kind of conversation (channels:history for a public channel,
 *   groups:history for a private one, im:history for a 1:1 chat);
 * - conversations.history of a conversation it does not know: `channel_not_found`; a `latest`/`oldest` that is not
 *   a ts: `invalid_ts_latest`/`invalid_ts_oldest`; a range with no message (a wrong ts): `ok` with no messages;
 * - conversations.replies of a thread it does not know: `thread_not_found`; with `botThreadReads = false`, of a
 *   thread in a public or private channel: `not_allowed_token_type` (what its reference says of bot tokens there);
 * - message metadata in history and replies only with `include_all_metadata`;
 * - more conversations.history / .replies calls than their tier allows (`readRate`): HTTP 429 with Retry-After;
 * - a direct message to a user of another workspace (Slack Connect) where the app is not installed:
 *   `channel_not_found`;
 * - a message over Block Kit's limits (more than 50 blocks, a section text over 3 000 characters, a field over
 *   2 000, a header over 150, a button label over 75, a button value over 2 000): `invalid_blocks`; text over
 *   40 000 characters: `msg_too_long`;
 * - chat.update of a message it does not hold in that channel: `message_not_found` (`channel_not_found` for a
 *   channel it does not know); an update it takes is kept, so history shows the message as it now is;
 * - more chat.postMessage calls to one channel than Slack's 1 per second with short bursts (see POST_BURST): HTTP 429
 *   `ratelimited` with Retry-After (`rateLimits = false` turns it off, for a test that measures something else).
 * `failNext(method, n, error|429)` makes the next n calls of a method fail; `down = true` is an outage: every call
 * is answered 500 (recorded, marked refused) until it is set back.
 */
export class FakeSlackApi extends HttpFake {
  /** The last message ts given, in microseconds: Slack's ts is the time it took the message (unique per channel). */
  private lastTs = 0;
  private failures = new Map<string, { left: number; kind: string | number; retryAfter?: number }>();
  /** Scopes of the bot token. */
  scopes = new Set(manifestScopes());
  /** Workspaces where the app is installed (auth.test answers the first). */
  readonly installedTeams = new Set<string>(["T1"]);
  /** Home workspace of users the fake knows (Slack Connect members from elsewhere). */
  readonly userTeams = new Map<string, string>();
  /** Profiles users.info answers with (user id -> display name and full name); others are user_not_found. */
  readonly profiles = new Map<string, { displayName: string; realName: string; username?: string }>();
  /** An outage: every call is answered HTTP 500 while true. */
  down = false;
  /** Off: no 429s for posting too fast to a channel (a test that measures something else entirely). */
  rateLimits = true;
  /** Per channel: posts the bucket holds (at most POST_BURST) as of `at`. */
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  /** Conversations whose messages conversations.history answers with (others are channel_not_found). */
  readonly channels = new Map<string, FakeChannel>();
  /** The rate limit of conversations.history and .replies: Tier 3, or that of apps outside the Marketplace. */
  readRate: keyof typeof READS_PER_MINUTE = "tier3";
  /**
   * Whether a bot token may read a thread in a public or private channel with conversations.replies. Bots with the
   * channel's history scope do so in practice; the method's reference says bot tokens "lack sufficient permissions"
   * there. False answers as the reference says, so what Tandem does then can be tested.
   */
  botThreadReads = true;
  /** Per read method: when its recent calls were answered (for readRate). */
  private readonly reads = new Map<string, number[]>();

  constructor() {
    super((call) => this.answer(call));
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** A ts for a message taken now: the time in seconds with six decimals, always after the one before. */
  private nextTs(): string {
    this.lastTs = Math.max(this.lastTs + 1, Date.now() * 1000);
    return `${Math.floor(this.lastTs / 1e6)}.${String(this.lastTs % 1e6).padStart(6, "0")}`;
  }

  failNext(method: string, times: number, kind: string | 429 | 500, retryAfter = 1): void {
    this.failures.set(method, { left: times, kind, retryAfter });
  }

  /** A message people posted in a conversation (as conversations.history returns it); makes the conversation known. */
  addMessage(channel: string, message: Record<string, any>, opts: { private?: boolean } = {}): void {
    const c = this.channels.get(channel) ?? { private: opts.private, messages: [] };
    if (message.ts && c.messages.some((m) => m.ts === message.ts)) return; // told twice (an event sent again)
    c.messages.push(message);
    this.channels.set(channel, c);
  }

  /**
   * conversations.history: the channel's own messages (not thread replies), newest first, between `oldest` and
   * `latest` (each included only with `inclusive`), at most `limit` (default 100, at most 999).
   */
  private history(call: RecordedCall, body: Record<string, any>) {
    const id = String(body.channel ?? "");
    const known = this.channels.get(id);
    const closed = this.readRefusal(call, id, known);
    if (closed || !known) return closed ?? this.refuse(call, "channel_not_found");
    const window = this.readWindow(call, body);
    if ("body" in window) return window;
    const { latest, oldest, inclusive } = window;
    const limit = this.pageLimit(body.limit, 100);
    const after = cursorTs(body.cursor);
    const inRange = known.messages
      .filter((m) => !m.thread_ts || m.thread_ts === m.ts)
      .filter((m) => {
        const v = tsValue(m.ts)!;
        return (inclusive ? v <= latest : v < latest) && (inclusive ? v >= oldest : v > oldest) && (after === null || v < after);
      })
      .sort((a, b) => (tsValue(b.ts)! > tsValue(a.ts)! ? 1 : -1));
    const messages = inRange.slice(0, limit).map((m) => withMetadata(m, body));
    const has_more = inRange.length > limit;
    return { body: { ok: true, messages, has_more, pin_count: 0, channel_actions_ts: null, channel_actions_count: 0, response_metadata: { next_cursor: has_more ? Buffer.from(`next_ts:${messages.at(-1)!.ts}`).toString("base64") : "" } } };
  }

  /**
   * conversations.replies: a thread's first message, then its replies oldest first, those between `oldest` and
   * `latest` (each included only with `inclusive`), at most `limit` per page (default 1000, 15 for apps outside
   * the Marketplace). The same history scope as conversations.history.
   */
  private replies(call: RecordedCall, body: Record<string, any>) {
    const id = String(body.channel ?? "");
    const known = this.channels.get(id);
    const closed = this.readRefusal(call, id, known);
    if (closed || !known) return closed ?? this.refuse(call, "channel_not_found");
    if (!this.botThreadReads && !id.startsWith("D")) return this.refuse(call, "not_allowed_token_type");
    const ts = String(body.ts ?? "");
    if (tsValue(ts) === null) return this.refuse(call, "thread_not_found");
    const parent = known.messages.find((m) => m.ts === ts);
    const thread = known.messages.filter((m) => m.thread_ts === ts && m.ts !== ts);
    // A reply Slack accepted means its first message exists, even if the fake was not told of it.
    if (!parent && thread.length === 0) return this.refuse(call, "thread_not_found");
    const window = this.readWindow(call, body);
    if ("body" in window) return window;
    const { latest, oldest, inclusive } = window;
    const limit = this.pageLimit(body.limit, 1000);
    const after = cursorTs(body.cursor);
    const inRange = thread
      .filter((m) => {
        const v = tsValue(m.ts)!;
        return (inclusive ? v <= latest : v < latest) && (inclusive ? v >= oldest : v > oldest) && (after === null || v > after);
      })
      .sort((a, b) => (tsValue(a.ts)! > tsValue(b.ts)! ? 1 : -1));
    const page = inRange.slice(0, limit);
    const has_more = inRange.length > limit;
    const messages = [...(parent && after === null ? [parent] : []), ...page].map((m) => withMetadata(m, body));
    return { body: { ok: true, messages, has_more, response_metadata: { next_cursor: has_more ? Buffer.from(`next_ts:${page.at(-1)!.ts}`).toString("base64") : "" } } };
  }

  /** A read refused for a missing history scope, or an unknown channel (null: the read may go on). */
  private readRefusal(call: RecordedCall, id: string, known: ReturnType<typeof this.channels.get>) {
    const needed = historyScope(id, known);
    if (!this.scopes.has(needed)) return this.refuse(call, SLACK_ERRORS.missingScopePins.error, { needed, provided: [...this.scopes].join(",") });
    if (!known) return this.refuse(call, "channel_not_found");
    return null;
  }

  /** A read's `latest` (default now), `oldest` (default 0) and `inclusive`, or the refusal of a bad ts. */
  private readWindow(call: RecordedCall, body: Record<string, any>) {
    const latest = body.latest === undefined ? BigInt(Date.now()) * 1000n : tsValue(body.latest);
    if (latest === null) return this.refuse(call, "invalid_ts_latest");
    const oldest = body.oldest === undefined ? 0n : tsValue(body.oldest);
    if (oldest === null) return this.refuse(call, "invalid_ts_oldest");
    return { latest, oldest, inclusive: truthy(body.inclusive) };
  }

  /** `limit` as the method takes it: its default, at most 999 (15 for apps outside the Marketplace). */
  private pageLimit(asked: unknown, byDefault: number): number {
    const max = this.readRate === "non-marketplace" ? 15 : 999;
    return Math.min(max, Math.max(1, Number(asked ?? (this.readRate === "non-marketplace" ? 15 : byDefault)) || byDefault));
  }

  /** 429 when a read method was called more often in the last minute than its tier allows. */
  private readLimited(call: RecordedCall, method: string) {
    const now = Date.now();
    const recent = (this.reads.get(method) ?? []).filter((t) => now - t < 60_000);
    if (recent.length >= READS_PER_MINUTE[this.readRate]) {
      this.reads.set(method, recent);
      call.refused = `429 ratelimited (${method}: ${READS_PER_MINUTE[this.readRate]} per minute)`;
      const retryAfter = Math.max(1, Math.ceil((60_000 - (now - recent[0])) / 1000));
      return { status: 429, headers: { "retry-after": String(retryAfter) }, body: { ok: false, error: "ratelimited" } };
    }
    recent.push(now);
    this.reads.set(method, recent);
    return null;
  }

  /** A message Tandem posted, kept where conversations.history / .replies read it (as Slack stores it). */
  private keepPosted(channel: string, ts: string, body: Record<string, any>): void {
    const metadata = typeof body.metadata === "string" ? JSON.parse(body.metadata) : body.metadata;
    const message: Record<string, any> = { type: "message", ts, text: body.text, user: "UBOT", bot_id: "BBOT", app_id: "ATANDEM" };
    if (body.blocks) message.blocks = typeof body.blocks === "string" ? JSON.parse(body.blocks) : body.blocks;
    if (body.thread_ts) message.thread_ts = String(body.thread_ts);
    if (metadata) message.metadata = metadata;
    const c = this.channels.get(channel) ?? { private: channel.startsWith("G"), messages: [] };
    c.messages.push(message);
    this.channels.set(channel, c);
  }

  /** Calls of one Web API method, e.g. "chat.postMessage". */
  method(name: string): RecordedCall[] {
    return this.calls.filter((c) => c.path === `/api/${name}`);
  }

  async waitForMethod(name: string, predicate: (body: any) => boolean = () => true, timeoutMs?: number): Promise<any> {
    return (await this.waitFor((c) => c.path === `/api/${name}` && !c.refused && predicate(c.body), timeoutMs)).body;
  }

  /** Requests the fake refused the way Slack would. */
  refused(): RecordedCall[] {
    return this.calls.filter((c) => c.refused);
  }

  private refuse(call: RecordedCall, error: string, extra: Record<string, unknown> = {}) {
    call.refused = error;
    return { body: { ok: false, error, ...extra } };
  }

  /** 429 `ratelimited` when the channel's bucket is empty; otherwise takes one post from it. */
  private throttle(call: RecordedCall, channel: string) {
    if (!this.rateLimits) return null;
    const now = Date.now();
    const last = this.buckets.get(channel) ?? { tokens: POST_BURST, at: now };
    const tokens = Math.min(POST_BURST, last.tokens + ((now - last.at) / 1000) * POSTS_PER_SECOND);
    if (tokens < 1 - 1e-9) {
      this.buckets.set(channel, { tokens, at: now });
      call.refused = `429 ratelimited (${POSTS_PER_SECOND} per second per channel, bursts of ${POST_BURST})`;
      const retryAfter = Math.max(1, Math.ceil((1 - tokens) / POSTS_PER_SECOND));
      return { status: 429, headers: { "retry-after": String(retryAfter) }, body: { ok: false, error: "ratelimited" } };
    }
    this.buckets.set(channel, { tokens: tokens - 1, at: now });
    return null;
  }

  private answer(call: RecordedCall) {
    const method = call.path.replace(/^\/api\//, "").split("?")[0];
    if (this.down) {
      call.refused = "500 (outage)";
      return { status: 500, body: { ok: false, error: "internal_error" } };
    }
    const f = this.failures.get(method);
    if (f && f.left > 0) {
      f.left--;
      if (f.kind === 429) return { status: 429, headers: { "retry-after": String(f.retryAfter ?? 1) }, body: { ok: false, error: "ratelimited" } };
      if (f.kind === 500) return { status: 500, body: { ok: false, error: "internal_error" } };
      return { body: { ok: false, error: f.kind } };
    }
    const needed = NEEDS[method];
    if (needed && !this.scopes.has(needed)) return this.refuse(call, SLACK_ERRORS.missingScopePins.error, { needed, provided: [...this.scopes].join(",") });
    if (READ_METHODS.has(method)) {
      const limited = this.readLimited(call, method);
      if (limited) return limited;
    }
    const body = call.body ?? {};
    // A user id as the channel opens the app's 1:1 chat with them, which only their own workspace's install can.
    const dmTo = method === "chat.postMessage" ? String(body.channel ?? "") : method === "conversations.open" ? String(body.users ?? "") : "";
    if (/^[UW]/.test(dmTo)) {
      const team = this.userTeams.get(dmTo);
      if (team && !this.installedTeams.has(team)) return this.refuse(call, SLACK_ERRORS.dmToOtherWorkspace.error);
    }
    if (MESSAGE_METHODS.has(method)) {
      if (String(body.text ?? "").length > 40_000) return this.refuse(call, SLACK_ERRORS.msgTooLong.error);
      const blocks = typeof body.blocks === "string" ? JSON.parse(body.blocks) : (body.blocks ?? []);
      const breach = Array.isArray(blocks) ? blockLimitBreach(blocks) : "blocks is not an array";
      if (breach) {
        call.refused = `invalid_blocks (${breach})`;
        return { body: { ...SLACK_ERRORS.invalidBlocks, response_metadata: { messages: [`[ERROR] ${breach}`] } } };
      }
    }
    switch (method) {
      case "auth.test":
        return { body: { ok: true, user_id: "UBOT", bot_id: "BBOT", team_id: [...this.installedTeams][0], user: "tandem" } };
      case "chat.postMessage": {
        const throttled = this.throttle(call, String(body.channel ?? ""));
        if (throttled) return throttled;
        const ts = this.nextTs();
        // A message to a user goes to the app's 1:1 chat with them (conversations.open's id).
        const channel = /^[UW]/.test(String(body.channel)) ? `D${String(body.channel).replace(/\W/g, "")}` : String(body.channel);
        this.keepPosted(channel, ts, body);
        return { body: { ok: true, channel, ts, message: { text: body.text } } };
      }
      case "chat.update": {
        // Slack updates a message it holds, in the channel it is in: another ts, or the user id instead of the 1:1
        // chat's id, is message_not_found / channel_not_found (docs.slack.dev, reference/methods/chat.update).
        const kept = this.channels.get(String(body.channel ?? ""));
        if (!kept) return this.refuse(call, "channel_not_found");
        const message = kept.messages.find((m) => m.ts === String(body.ts ?? ""));
        if (!message) return this.refuse(call, "message_not_found");
        if (body.text !== undefined) message.text = body.text;
        if (body.blocks !== undefined) message.blocks = typeof body.blocks === "string" ? JSON.parse(body.blocks) : body.blocks;
        message.edited = { user: "UBOT", ts: this.nextTs() };
        return { body: { ok: true, channel: body.channel, ts: body.ts, text: message.text } };
      }
      case "chat.postEphemeral":
        return { body: { ok: true, message_ts: this.nextTs() } };
      case "chat.getPermalink":
        return { body: { ok: true, permalink: `https://example.slack.com/archives/${body.channel}/p${String(body.message_ts).replace(".", "")}` } };
      case "conversations.history":
        return this.history(call, body);
      case "conversations.replies":
        return this.replies(call, body);
      case "conversations.open":
        return { body: { ok: true, channel: { id: `D${String(body.users).replace(/\W/g, "")}` } } };
      case "views.open":
      case "views.update": {
        // What Slack refuses in a modal: a missing trigger, titles over 24 characters, metadata over 3000.
        const view = typeof body.view === "string" ? JSON.parse(body.view) : body.view;
        const text = (t: { text?: string } | undefined) => String(t?.text ?? "");
        if (method === "views.open" && !body.trigger_id) return { body: { ok: false, error: "invalid_arguments" } };
        if (!view || view.type !== "modal" || text(view.title).length > 24 || text(view.submit).length > 24 || text(view.close).length > 24) return { body: { ok: false, error: "invalid_arguments" } };
        if (String(view.private_metadata ?? "").length > 3000 || (view.blocks ?? []).length > 100) return { body: { ok: false, error: "invalid_arguments" } };
        return { body: { ok: true, view: { id: "V1" } } };
      }
      case "pins.add":
      case "reactions.add":
        return { body: { ok: true } };
      case "users.info": {
        const p = this.profiles.get(String(body.user));
        if (!p) return this.refuse(call, "user_not_found");
        const user = { id: body.user, name: p.username ?? p.displayName.toLowerCase(), real_name: p.realName, profile: { display_name: p.displayName, real_name: p.realName } };
        return { body: { ok: true, user } };
      }
      default:
        return { body: { ok: false, error: "unknown_method" } };
    }
  }
}
