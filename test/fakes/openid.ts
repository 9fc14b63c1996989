import { generateKeyPair, randomUUID, type KeyObject } from "node:crypto";
import { promisify } from "node:util";
import jwt from "jsonwebtoken";
import { HttpFake } from "./http-fake";

export const BOT_FRAMEWORK_ISSUER = "https://api.botframework.com";

/**
 * The Bot Connector's OpenID metadata and signing keys (login.botframework.com), served locally, plus a signer for
 * channel tokens as the Bot Connector would send them to the bot. The key is endorsed for the msteams channel.
 */
export class FakeOpenIdMetadata extends HttpFake {
  readonly keyId = randomUUID();
  private privateKey!: KeyObject;
  /** Another key, for forged tokens. */
  private otherKey!: KeyObject;
  private publicJwk!: Record<string, unknown>;

  constructor() {
    super((call) => {
      if (call.path === "/v1/.well-known/openidconfiguration")
        return { body: { issuer: BOT_FRAMEWORK_ISSUER, jwks_uri: `${this.url}/v1/.well-known/keys`, id_token_signing_alg_values_supported: ["RS256"] } };
      if (call.path === "/v1/.well-known/keys") return { body: { keys: [this.publicJwk] } };
      return { status: 404, body: {} };
    });
  }

  /**
   * The keys are made once, off the test's thread (libuv's pool): a test file's thread was seen blocked for over three
   * minutes in the test that made a key synchronously, and the watchdog could then only kill the file.
   */
  override async start(): Promise<this> {
    const [own, other] = await Promise.all([rsaKeyPair(), rsaKeyPair()]);
    this.privateKey = own.privateKey;
    this.otherKey = other.privateKey;
    this.publicJwk = { ...own.publicKey.export({ format: "jwk" }), kid: this.keyId, use: "sig", alg: "RS256", endorsements: ["msteams"] };
    return super.start();
  }

  get metadataUrl(): string {
    return `${this.url}/v1/.well-known/openidconfiguration`;
  }

  /**
   * A channel token for `appId` and `serviceUrl`; override claims or the expiry to make bad ones. `forged`: signed
   * with another key under this key's id (what an attacker who read the public keys can do).
   */
  channelToken(opts: { appId: string; serviceUrl: string; claims?: Record<string, unknown>; expiresInSeconds?: number; keyId?: string; forged?: boolean }): string {
    const now = Math.floor(Date.now() / 1000);
    const exp = now + (opts.expiresInSeconds ?? 600);
    const claims = { iss: BOT_FRAMEWORK_ISSUER, aud: opts.appId, serviceurl: opts.serviceUrl, iat: Math.min(now, exp - 60), nbf: Math.min(now, exp - 60) - 60, exp, ...opts.claims };
    const key = opts.forged ? this.otherKey : this.privateKey;
    return jwt.sign(claims, key, { algorithm: "RS256", keyid: opts.keyId ?? this.keyId, noTimestamp: true });
  }
}

const rsaKeyPair = () => promisify(generateKeyPair)("rsa", { modulusLength: 2048 });
