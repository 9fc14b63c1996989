import { HttpFake, type RecordedCall } from "./http-fake";
import type { AutomaticReplies } from "../../src/adapters/graph/directory";

/**
 * A local Microsoft Graph + token endpoint, per tenant as Entra ID and Graph behave:
 * - POST /{tenant}/oauth2/v2.0/token answers a client-credentials token for a tenant whose admin consented to the
 *   app (`consented`); for any other tenant, AADSTS700016 (the app is not in that directory);
 * - GET /v1.0/users/{id}/mailboxSettings/automaticRepliesSetting answers what `setAway` set for a user of the
 *   token's tenant (disabled otherwise; with `strict`, unknown users are 404). A user of another tenant is not in
 *   the token's directory: 404 ErrorInvalidUser.
 * Records every call, so tests can check the bearer header.
 */
export class FakeGraph extends HttpFake {
  readonly token = "graph-token-1";
  /** Tenants where the app's admin consent was given. */
  readonly consented = new Set(["tenant-1"]);
  private readonly replies = new Map<string, { setting: AutomaticReplies | { fail: number }; tenant: string }>();
  strict = false;

  constructor() {
    super((call) => this.answer(call));
  }

  /** Out-of-office (or a failure) of a user of `tenant` (default the home tenant, tenant-1). */
  setAway(user: string, setting: AutomaticReplies | { fail: number }, tenant = "tenant-1"): void {
    this.replies.set(user.toLowerCase(), { setting, tenant });
  }

  tokenFor(tenant: string): string {
    return tenant === "tenant-1" ? this.token : `graph-token-${tenant}`;
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
    const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(call.path);
    if (call.method === "POST" && token) {
      const tenant = decodeURIComponent(token[1]);
      if (call.body?.grant_type !== "client_credentials" || call.body?.client_secret !== "graph-secret") {
        return { status: 401, body: { error: "invalid_client" } };
      }
      if (!this.consented.has(tenant)) {
        return {
          status: 400,
          body: {
            error: "unauthorized_client",
            error_description: `AADSTS700016: Application with identifier '${call.body?.client_id}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
          },
        };
      }
      return { body: { token_type: "Bearer", expires_in: 3599, access_token: this.tokenFor(tenant) } };
    }
    const m = /^\/v1\.0\/users\/([^/]+)\/mailboxSettings\/automaticRepliesSetting/.exec(call.path);
    if (call.method === "GET" && m) {
      const tenant = [...this.consented].find((t) => call.headers.authorization === `Bearer ${this.tokenFor(t)}`);
      if (!tenant) return { status: 401, body: { error: { code: "InvalidAuthenticationToken" } } };
      const user = decodeURIComponent(m[1]);
      const known = this.replies.get(user.toLowerCase());
      if (known && known.tenant !== tenant) return { status: 404, body: { error: { code: "ErrorInvalidUser", message: `The requested user '${user}' is invalid.` } } };
      const setting = known?.setting;
      if (setting && "fail" in setting) return { status: setting.fail, body: { error: { code: "ErrorInternalServerError", message: "boom" } } };
      if (!setting && this.strict) return { status: 404, body: { error: { code: "ErrorInvalidUser", message: `The requested user '${user}' is invalid.` } } };
      return { body: { "@odata.context": "fake", ...(setting ?? { status: "disabled" }) } };
    }
    return { status: 404, body: { error: { code: "NotFound" } } };
  }
}
