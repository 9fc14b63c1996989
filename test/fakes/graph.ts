import { HttpFake, type RecordedCall } from "./http-fake";
import type { AutomaticReplies } from "../../src/adapters/graph/directory";

/**
 * A local Microsoft Graph + token endpoint: POST /{tenant}/oauth2/v2.0/token answers a client-credentials token;
 * GET /v1.0/users/{id}/mailboxSettings/automaticRepliesSetting answers what `setAway` set (disabled otherwise,
 * 404 for unknown users when `strict`). Records every call, so tests can check the bearer header.
 */
export class FakeGraph extends HttpFake {
  readonly token = "graph-token-1";
  private readonly replies = new Map<string, AutomaticReplies | { fail: number }>();
  strict = false;

  constructor() {
    super((call) => this.answer(call));
  }

  setAway(user: string, setting: AutomaticReplies | { fail: number }): void {
    this.replies.set(user.toLowerCase(), setting);
  }

  lookups(): RecordedCall[] {
    return this.calls.filter((c) => c.path.includes("/mailboxSettings/"));
  }

  tokenRequests(): RecordedCall[] {
    return this.calls.filter((c) => c.path.endsWith("/oauth2/v2.0/token"));
  }

  /** GRAPH_* environment pointing Tandem at this fake. */
  env(): Record<string, string> {
    return {
      GRAPH_TENANT_ID: "tenant-1",
      GRAPH_CLIENT_ID: "graph-app",
      GRAPH_CLIENT_SECRET: "graph-secret",
      GRAPH_BASE_URL: this.url,
      GRAPH_AUTHORITY_HOST: this.url,
    };
  }

  private answer(call: RecordedCall) {
    if (call.method === "POST" && /^\/[^/]+\/oauth2\/v2\.0\/token$/.test(call.path)) {
      if (call.body?.grant_type !== "client_credentials" || call.body?.client_secret !== "graph-secret") {
        return { status: 401, body: { error: "invalid_client" } };
      }
      return { body: { token_type: "Bearer", expires_in: 3599, access_token: this.token } };
    }
    const m = /^\/v1\.0\/users\/([^/]+)\/mailboxSettings\/automaticRepliesSetting/.exec(call.path);
    if (call.method === "GET" && m) {
      if (call.headers.authorization !== `Bearer ${this.token}`) return { status: 401, body: { error: { code: "InvalidAuthenticationToken" } } };
      const setting = this.replies.get(decodeURIComponent(m[1]).toLowerCase());
      if (setting && "fail" in setting) return { status: setting.fail, body: { error: { code: "ErrorInternalServerError", message: "boom" } } };
      if (!setting && this.strict) return { status: 404, body: { error: { code: "ErrorItemNotFound", message: "no such user" } } };
      return { body: { "@odata.context": "fake", ...(setting ?? { status: "disabled" }) } };
    }
    return { status: 404, body: { error: { code: "NotFound" } } };
  }
}
