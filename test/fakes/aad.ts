import { execFile } from "node:child_process";
import fs from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { ConfidentialClientApplication } from "@azure/msal-node";
import { ConfigurationBotFrameworkAuthentication } from "botbuilder";
import { MsalServiceClientCredentialsFactory, type BotFrameworkAuthentication } from "botframework-connector";
import type { RecordedCall } from "./http-fake";
import type { FakeOpenIdMetadata } from "./openid";

export const FAKE_AAD_TOKEN = "fake-aad-token-for-the-bot";

/**
 * Microsoft Entra ID's token endpoint (login.microsoftonline.com/botframework.com) as a local https server: MSAL
 * refuses plain http authorities. Its self-signed certificate for 127.0.0.1 is made with openssl at start.
 */
export class FakeAad {
  readonly calls: RecordedCall[] = [];
  url = "";
  cert = "";
  private server?: https.Server;
  private dir?: string;

  async start(): Promise<this> {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-fake-aad-"));
    const key = path.join(this.dir, "key.pem");
    const certFile = path.join(this.dir, "cert.pem");
    // Waited for, not run synchronously: the test's thread stays free (jest's timeouts and the watchdog can act).
    await promisify(execFile)("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certFile, "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], { timeout: 60_000 });
    this.cert = fs.readFileSync(certFile, "utf8");
    this.server = https.createServer({ key: fs.readFileSync(key), cert: this.cert }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c) => chunks.push(c));
      req.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const call: RecordedCall = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body: Object.fromEntries(new URLSearchParams(raw)), raw };
        this.calls.push(call);
        const tenant = this.url + "/botframework.com";
        let body: unknown = { error: "not_found" };
        let status = 404;
        if (call.path.startsWith("/botframework.com/v2.0/.well-known/openid-configuration")) {
          status = 200;
          body = {
            issuer: `${tenant}/v2.0`,
            authorization_endpoint: `${tenant}/oauth2/v2.0/authorize`,
            token_endpoint: `${tenant}/oauth2/v2.0/token`,
            end_session_endpoint: `${tenant}/oauth2/v2.0/logout`,
            jwks_uri: `${tenant}/discovery/v2.0/keys`,
          };
        } else if (call.method === "POST" && call.path.startsWith("/botframework.com/oauth2/v2.0/token")) {
          status = 200;
          body = { token_type: "Bearer", expires_in: 3600, ext_expires_in: 3600, access_token: FAKE_AAD_TOKEN };
        }
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", () => r()));
    this.url = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  tokenRequests(): RecordedCall[] {
    return this.calls.filter((c) => c.method === "POST" && c.path.includes("/oauth2/v2.0/token"));
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Bot Framework authentication with every endpoint on the local fakes: inbound tokens checked against the fake
 * OpenID metadata, outbound tokens from the fake AAD through an MSAL app that trusts its certificate (instead of
 * NODE_EXTRA_CA_CERTS, which only works when set before the process starts).
 */
export function fakeBotFrameworkAuth(appId: string, password: string, openid: FakeOpenIdMetadata, aad: FakeAad): BotFrameworkAuthentication {
  const loginUrl = `${aad.url}/botframework.com`;
  const settings = {
    MicrosoftAppId: appId,
    MicrosoftAppPassword: password,
    MicrosoftAppType: "MultiTenant",
    // Setting one parameterized URL switches to ParameterizedBotFrameworkAuthentication: all of them are needed.
    ToBotFromChannelOpenIdMetadataUrl: openid.metadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: openid.metadataUrl,
    ToBotFromChannelTokenIssuer: "https://api.botframework.com",
    ToChannelFromBotOAuthScope: "https://api.botframework.com",
    ToChannelFromBotLoginUrl: loginUrl,
    OAuthUrl: openid.url,
    CallerId: "urn:botframework:azure",
    ValidateAuthority: false,
  };
  const msal = new ConfidentialClientApplication({
    auth: { clientId: appId, clientSecret: password, authority: loginUrl, knownAuthorities: [new URL(aad.url).host] },
    system: { customAgentOptions: { ca: aad.cert } },
  });
  return new ConfigurationBotFrameworkAuthentication(settings as never, new MsalServiceClientCredentialsFactory(appId, msal));
}
