import { HttpFake, type RecordedCall } from "./http-fake";

/**
 * A local Bot Connector service: records replies (POST .../activities[/id]), updates (PUT .../activities/id)
 * and new conversations (POST /v3/conversations), answering with ids as the real service does. Like Teams, it
 * refuses a thread (";messageid=") outside a channel: 1:1 chats ("a:...") and group chats ("19:...@thread.v2").
 */
export class FakeBotConnector extends HttpFake {
  private n = 0;
  private failures: { left: number; status: number; retryAfter?: number } = { left: 0, status: 500 };
  private hangs = 0;

  constructor() {
    super((call) => this.answer(call));
  }

  /** serviceUrl to put on activities (trailing slash, like Teams). */
  get serviceUrl(): string {
    return `${this.url}/`;
  }

  failNext(times: number, status: number, retryAfter?: number): void {
    this.failures = { left: times, status, retryAfter };
  }

  /** The next n sends are taken and never answered. */
  hangNext(times: number): void {
    this.hangs = times;
  }

  /** Activities sent to a conversation (new messages and replies). */
  sent(): RecordedCall[] {
    return this.calls.filter((c) => c.method === "POST" && /\/v3\/conversations\/[^/]+\/activities/.test(c.path));
  }

  updates(): RecordedCall[] {
    return this.calls.filter((c) => c.method === "PUT" && /\/v3\/conversations\/[^/]+\/activities\/[^/]+$/.test(c.path));
  }

  async waitForActivity(predicate: (activity: any, call: RecordedCall) => boolean = () => true, timeoutMs?: number): Promise<RecordedCall> {
    return this.waitFor((c) => c.method === "POST" && /\/activities/.test(c.path) && predicate(c.body, c), timeoutMs);
  }

  private answer(call: RecordedCall) {
    if (this.hangs > 0 && call.path.includes("/activities")) {
      this.hangs--;
      return { hang: true };
    }
    if (this.failures.left > 0 && call.path.includes("/activities")) {
      this.failures.left--;
      return { status: this.failures.status, headers: this.failures.retryAfter ? { "retry-after": String(this.failures.retryAfter) } : undefined, body: { error: { code: "Throttled" } } };
    }
    // Threads exist only in channels: Teams answers a ";messageid=" id of a 1:1 or group chat with 404.
    const conversation = /\/v3\/conversations\/([^/]+)\/activities/.exec(call.path);
    if (conversation) {
      const [id, ...rest] = decodeURIComponent(conversation[1]).split(";");
      if (rest.some((p) => p.startsWith("messageid=")) && !/@thread\.(tacv2|skype)$/.test(id)) {
        return { status: 404, body: { error: { code: "ConversationNotFound", message: "Conversation not found." } } };
      }
    }
    if (call.method === "POST" && call.path === "/v3/conversations") return { body: { id: `a:dm-${++this.n}`, activityId: `act-${this.n}` } };
    if (call.method === "GET" && /\/members/.test(call.path)) return { body: [] };
    if (/\/activities/.test(call.path)) {
      const existing = /\/activities\/([^/?]+)$/.exec(call.path);
      return { body: { id: call.method === "PUT" && existing ? decodeURIComponent(existing[1]) : `act-${++this.n}` } };
    }
    return { status: 404, body: { error: { code: "NotFound" } } };
  }
}
