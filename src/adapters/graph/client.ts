// Microsoft Graph over @microsoft/microsoft-graph-client with an app-only (client credentials) token.
// The middleware chain is our own so the bearer header is sent to any configured base URL (the SDK's auth
// handler only sends it over https to Graph hosts, which would silently drop it for a local fake).
import { Client, HTTPMessageHandler, type Context, type Middleware } from "@microsoft/microsoft-graph-client";
import type { Config } from "../../config";

type GraphConfig = Pick<Config, "graphEnabled" | "GRAPH_TENANT_ID" | "GRAPH_CLIENT_ID" | "GRAPH_CLIENT_SECRET" | "GRAPH_BASE_URL" | "GRAPH_AUTHORITY_HOST" | "GRAPH_TIMEOUT_MS">;

/** Client-credentials tokens from `${authority}/${tenant}/oauth2/v2.0/token`, cached until shortly before expiry. */
export class ClientCredentialsToken {
  private token?: { value: string; until: number };
  private inflight?: Promise<string>;

  /** `tenant`: whose token (a tenant that consented to the app); default GRAPH_TENANT_ID. */
  constructor(
    private readonly config: GraphConfig,
    private readonly tenant = config.GRAPH_TENANT_ID,
  ) {}

  async get(): Promise<string> {
    if (this.token && Date.now() < this.token.until) return this.token.value;
    this.inflight ??= this.fetchToken().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  private async fetchToken(): Promise<string> {
    const c = this.config;
    const url = `${c.GRAPH_AUTHORITY_HOST.replace(/\/$/, "")}/${encodeURIComponent(this.tenant ?? "")}/oauth2/v2.0/token`;
    const body = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: c.GRAPH_CLIENT_ID!,
      client_secret: c.GRAPH_CLIENT_SECRET!,
      scope: "https://graph.microsoft.com/.default",
    });
    const res = await fetch(url, { method: "POST", body, signal: AbortSignal.timeout(c.GRAPH_TIMEOUT_MS) });
    const json = (await res.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error?: string; error_description?: string };
    if (!res.ok || !json.access_token) throw new Error(`Graph token request failed (HTTP ${res.status}${json.error ? `: ${json.error}` : ""})`);
    const seconds = Number(json.expires_in ?? 3600);
    this.token = { value: json.access_token, until: Date.now() + Math.max(60, seconds - 120) * 1000 };
    return json.access_token;
  }
}

class BearerAuth implements Middleware {
  private next?: Middleware;

  constructor(private readonly token: ClientCredentialsToken) {}

  async execute(context: Context): Promise<void> {
    const value = `Bearer ${await this.token.get()}`;
    const options = (context.options ??= {});
    if (options.headers instanceof Headers) options.headers.set("Authorization", value);
    else options.headers = { ...((options.headers as Record<string, string> | undefined) ?? {}), Authorization: value };
    await this.next!.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

/**
 * A Graph client for the app's home tenant (GRAPH_TENANT_ID), or for another tenant whose admin consented to the same
 * (multi-tenant) app; null when GRAPH_* is not configured (Tandem then simply doesn't check).
 */
export function createGraphClient(config: GraphConfig, tenant?: string): Client | null {
  if (!config.graphEnabled || !config.GRAPH_TENANT_ID || !config.GRAPH_CLIENT_ID || !config.GRAPH_CLIENT_SECRET) return null;
  const auth = new BearerAuth(new ClientCredentialsToken(config, tenant ?? config.GRAPH_TENANT_ID));
  auth.setNext(new HTTPMessageHandler());
  return Client.initWithMiddleware({ middleware: auth, baseUrl: config.GRAPH_BASE_URL.replace(/\/$/, ""), defaultVersion: "v1.0" });
}
