// Where Tandem may send the bot's Bot Connector token. A conversation reference carries a serviceUrl chosen by
// whoever sent the activity; only Microsoft's own Bot Connector hosts are trusted, over https, so a forged or
// stale reference can never make Tandem hand its token to someone else.

/** Microsoft's documented Bot Connector hosts for Teams: public cloud, GCC, GCC High, DoD. */
export const BOT_CONNECTOR_HOSTS: readonly string[] = [
  "smba.trafficmanager.net",
  "smba.infra.gcc.teams.microsoft.com",
  "smba.infra.gov.teams.microsoft.us",
  "smba.infra.dod.teams.microsoft.us",
];

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

export interface ServiceUrlPolicy {
  /** TEAMS_AUTH=off: the Agents Playground and local fakes on 127.0.0.1 / localhost (http or https). */
  allowLoopback: boolean;
  /** Test-only: origins of local fakes trusted while authentication is on ("http://127.0.0.1:4100"). */
  extraOrigins?: readonly string[];
}

/** True when the bot may talk to this service URL. */
export function isTrustedServiceUrl(raw: unknown, policy: ServiceUrlPolicy): boolean {
  if (typeof raw !== "string" || raw.length > 2048) return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (policy.extraOrigins?.includes(url.origin)) return true;
  if (policy.allowLoopback && LOOPBACK.has(url.hostname) && (url.protocol === "http:" || url.protocol === "https:")) return true;
  return url.protocol === "https:" && (url.port === "" || url.port === "443") && BOT_CONNECTOR_HOSTS.includes(url.hostname.toLowerCase());
}

export class UntrustedServiceUrl extends Error {
  constructor(url: unknown) {
    super(`the serviceUrl ${JSON.stringify(String(url).slice(0, 100))} is not a Bot Connector address Tandem trusts`);
    this.name = "UntrustedServiceUrl";
  }
}
