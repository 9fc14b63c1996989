import TEAMS_ERRORS from "../fixtures/teams/errors.json";
import { HttpFake, type RecordedCall } from "./http-fake";

/** A member of a conversation roster, as the Bot Connector answers GET .../members (TeamsChannelAccount). */
export interface RosterMember {
  id: string;
  aadObjectId: string;
  name: string;
  /** The member's home tenant: another organisation's for a B2B direct connect member of a shared channel. */
  tenantId: string;
  userRole?: "user" | "guest";
  email?: string;
}

// Teams' per bot, per conversation limits for "send to conversation" (docs: bots/how-to/rate-limit.md): at most
// 7 operations in 1 s, 8 in 2 s, 60 in 30 s and 1 800 in an hour. Above them the service answers 429 Throttled.
const SEND_LIMITS: readonly { windowMs: number; max: number }[] = [
  { windowMs: 1_000, max: 7 },
  { windowMs: 2_000, max: 8 },
  { windowMs: 30_000, max: 60 },
  { windowMs: 3_600_000, max: 1_800 },
];

/** The largest activity Teams takes from a bot: 28 KB. */
export const MAX_ACTIVITY_BYTES = 28 * 1024;

/**
 * A local Bot Connector service: records replies (POST .../activities[/id]), updates (PUT .../activities/id)
 * and new conversations (POST /v3/conversations), answering with ids as the real service does, and refusing what
 * Teams refuses (see test/fixtures/teams/README.md for the sources):
 * - more sends per conversation than the published limits: 429 `Throttled` with Retry-After;
 * - a 1:1 chat with a user of another tenant than the one the request names, or in a tenant where the bot is not
 *   installed: 403 `AclCheckFailed` (direct messages to B2B direct connect members of a shared channel fail);
 * - a thread (";messageid=") outside a channel, i.e. in a 1:1 chat ("a:...") or a group chat ("19:...@thread.v2"):
 *   404 `ConversationNotFound`;
 * - an activity (new message, reply or update) over 28 KB: 413 `MessageSizeTooBig`;
 * - an update (PUT) of an activity it never gave that id to in that conversation: 404 `ActivityNotFoundInConversation`
 *   ("Message does not exist in the thread."; `knownActivity` adds one a test says is already there);
 * and answering roster reads (GET .../members, .../pagedmembers) with each member's home tenant.
 */
export class FakeBotConnector extends HttpFake {
  private n = 0;
  private failures: { left: number; status: number; retryAfter?: number } = { left: 0, status: 500 };
  private hangs = 0;
  private readonly sends = new Map<string, number[]>();
  /** Per conversation (without ;messageid=): the ids of the activities in it, which an update (PUT) may name. */
  private readonly activities = new Map<string, Set<string>>();
  /** Tenants where the bot is installed (the host tenant of the tests' channels). */
  readonly tenants = new Set<string>(["tenant-1"]);
  /** Home tenant of users the fake knows (aad object id or 29: id), for the cross-tenant refusal. */
  readonly homes = new Map<string, string>();
  /** Conversation rosters (conversation id without ;messageid=). */
  readonly rosters = new Map<string, RosterMember[]>();
  /** An outage: every call is answered 500 (recorded, marked refused) while true. */
  down = false;
  /** Off: no 429s (a test that measures something else entirely). */
  rateLimits = true;

  constructor() {
    super((call) => this.answer(call));
  }

  /** serviceUrl to put on activities (trailing slash, like Teams). */
  get serviceUrl(): string {
    return `${this.url}/`;
  }

  /** An activity already in a conversation (one a user posted, or a card the test says Tandem sent before). */
  knownActivity(conversationId: string, activityId: string): void {
    const key = conversationId.split(";")[0];
    this.activities.set(key, (this.activities.get(key) ?? new Set()).add(activityId));
  }

  failNext(times: number, status: number, retryAfter?: number): void {
    this.failures = { left: times, status, retryAfter };
  }

  /** The next n sends are taken and never answered. */
  hangNext(times: number): void {
    this.hangs = times;
  }

  /** Puts people on a conversation's roster; their home tenants become known to the cross-tenant check. */
  roster(conversationId: string, members: RosterMember[]): void {
    this.rosters.set(conversationId, members);
    for (const m of members) {
      this.homes.set(m.aadObjectId, m.tenantId);
      this.homes.set(m.id, m.tenantId);
    }
  }

  /** Activities sent to a conversation (new messages and replies). */
  sent(): RecordedCall[] {
    return this.calls.filter((c) => c.method === "POST" && /\/v3\/conversations\/[^/]+\/activities/.test(c.path) && !c.refused);
  }

  updates(): RecordedCall[] {
    return this.calls.filter((c) => c.method === "PUT" && /\/v3\/conversations\/[^/]+\/activities\/[^/]+$/.test(c.path) && !c.refused);
  }

  /** Requests the fake refused (429, 403), for tests that check Tandem kept within the platform's rules. */
  refused(): RecordedCall[] {
    return this.calls.filter((c) => c.refused);
  }

  async waitForActivity(predicate: (activity: any, call: RecordedCall) => boolean = () => true, timeoutMs?: number): Promise<RecordedCall> {
    return this.waitFor((c) => c.method === "POST" && /\/activities/.test(c.path) && !c.refused && predicate(c.body, c), timeoutMs);
  }

  private answer(call: RecordedCall) {
    if (this.down) {
      call.refused = "500 (outage)";
      return { status: 500, body: { error: { code: "ServiceError", message: "Service unavailable" } } };
    }
    if (this.hangs > 0 && call.path.includes("/activities")) {
      this.hangs--;
      return { hang: true };
    }
    if (this.failures.left > 0 && call.path.includes("/activities")) {
      this.failures.left--;
      if (this.failures.status === 413) {
        call.refused = "413 MessageSizeTooBig (forced)";
        return TEAMS_ERRORS.messageSizeTooBig;
      }
      return { status: this.failures.status, headers: this.failures.retryAfter ? { "retry-after": String(this.failures.retryAfter) } : undefined, body: { error: { code: "Throttled" } } };
    }
    if (call.method === "POST" && call.path === "/v3/conversations") return this.createConversation(call);
    const members = /^\/v3\/conversations\/([^/]+)\/(members|pagedmembers)(?:\/([^/?]+))?/.exec(call.path);
    if (call.method === "GET" && members) return this.members(decodeURIComponent(members[1]), members[2], members[3] && decodeURIComponent(members[3]));
    const activity = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/.exec(call.path);
    if (activity) {
      // Threads exist only in channels: Teams answers a ";messageid=" id of a 1:1 or group chat with 404.
      const [id, ...rest] = decodeURIComponent(activity[1]).split(";");
      if (rest.some((p) => p.startsWith("messageid=")) && !/@thread\.(tacv2|skype)$/.test(id)) {
        call.refused = "404 ConversationNotFound (a thread outside a channel)";
        return { status: 404, body: { error: { code: "ConversationNotFound", message: "Conversation not found." } } };
      }
      // Teams' size limit for a bot message: the body as sent, 28 KB (see test/fixtures/teams/README.md).
      const bytes = Buffer.byteLength(call.raw, "utf8");
      if ((call.method === "POST" || call.method === "PUT") && bytes > MAX_ACTIVITY_BYTES) {
        call.refused = `413 MessageSizeTooBig (${bytes} bytes, at most ${MAX_ACTIVITY_BYTES})`;
        return TEAMS_ERRORS.messageSizeTooBig;
      }
      if (call.method === "PUT" && activity[2] && !this.activities.get(id)?.has(decodeURIComponent(activity[2]))) {
        call.refused = "404 ActivityNotFoundInConversation (an update of a message that is not there)";
        return { status: 404, body: { error: { code: "ActivityNotFoundInConversation", message: "Message does not exist in the thread." } } };
      }
      const throttled = this.throttle(call, decodeURIComponent(activity[1]));
      if (throttled) return throttled;
      if (call.method === "PUT" && activity[2]) return { body: { id: decodeURIComponent(activity[2]) } };
      const given = `act-${++this.n}`;
      this.knownActivity(id, given);
      return { body: { id: given } };
    }
    return { status: 404, body: { error: { code: "NotFound" } } };
  }

  /** 429 Throttled when this send would go over one of the conversation's windows; otherwise counts it. */
  private throttle(call: RecordedCall, conversationId: string) {
    if (!this.rateLimits) return null;
    const key = conversationId.split(";")[0];
    const now = Date.now();
    const times = (this.sends.get(key) ?? []).filter((t) => now - t < 3_600_000);
    for (const { windowMs, max } of SEND_LIMITS) {
      const inWindow = times.filter((t) => now - t < windowMs);
      if (inWindow.length >= max) {
        const retryAfter = Math.max(1, Math.ceil((inWindow[0] + windowMs - now) / 1000));
        call.refused = `429 Throttled (${max} per ${windowMs / 1000} s)`;
        this.sends.set(key, times);
        return { status: TEAMS_ERRORS.throttled.status, headers: { "retry-after": String(retryAfter) }, body: TEAMS_ERRORS.throttled.body };
      }
    }
    times.push(now);
    this.sends.set(key, times);
    return null;
  }

  private createConversation(call: RecordedCall) {
    const body = (call.body ?? {}) as { tenantId?: string; channelData?: { tenant?: { id?: string } }; members?: { id?: string }[] };
    const tenant = body.tenantId ?? body.channelData?.tenant?.id ?? "";
    const member = body.members?.[0]?.id ?? "";
    const home = this.homes.get(member);
    // What Teams answers when the bot may not open a 1:1 chat with that person from this tenant.
    if (!this.tenants.has(tenant) || (home !== undefined && home !== tenant)) {
      call.refused = `403 AclCheckFailed (member of ${home ?? "?"}, tenant ${tenant || "none"})`;
      return TEAMS_ERRORS.aclCheckFailed;
    }
    const id = `a:dm-${++this.n}`;
    this.knownActivity(id, `act-${this.n}`);
    return { body: { id, activityId: `act-${this.n}` } };
  }

  private members(conversationId: string, kind: string, userId?: string) {
    const roster = this.rosters.get(conversationId.split(";")[0]) ?? [];
    // The REST shape of msteams-docs' get-teams-context ("objectId", not "aadObjectId").
    const shape = (m: RosterMember) => ({ id: m.id, name: m.name, objectId: m.aadObjectId, email: m.email, userPrincipalName: m.email, tenantId: m.tenantId, userRole: m.userRole ?? "user" });
    if (userId) {
      const m = roster.find((x) => x.id === userId || x.aadObjectId === userId);
      return m ? { body: shape(m) } : TEAMS_ERRORS.memberNotFound;
    }
    return kind === "pagedmembers" ? { body: { members: roster.map(shape) } } : { body: roster.map(shape) };
  }
}
