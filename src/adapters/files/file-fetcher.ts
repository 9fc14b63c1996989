import type { Platform } from "../../core/conversation/events";
import type { FileFetcher } from "../../core/whohandles/ports";

const MAX_BYTES = 1_000_000;

/**
 * Downloads shared files with fetch: Slack's url_private needs the bot token as a bearer; a Teams file comes
 * with a pre-authorised downloadUrl; a typed URL never gets credentials.
 */
export class HttpFileFetcher implements FileFetcher {
  constructor(private readonly opts: { slackToken?: string; timeoutMs?: number }) {}

  attachment(platform: Platform, url: string): Promise<string> {
    const headers: Record<string, string> = platform === "slack" && this.opts.slackToken ? { authorization: `Bearer ${this.opts.slackToken}` } : {};
    return this.get(url, headers);
  }

  url(url: string): Promise<string> {
    return this.get(url, {});
  }

  private async get(url: string, headers: Record<string, string>): Promise<string> {
    if (!/^https?:\/\//i.test(url)) throw new Error("only http(s) links can be downloaded");
    const res = await fetch(url, { headers, redirect: "follow", signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000) });
    if (!res.ok) throw new Error(`the server answered HTTP ${res.status}`);
    const length = Number(res.headers.get("content-length") ?? 0);
    if (length > MAX_BYTES) throw new Error("the file is larger than 1 MB");
    const text = await res.text();
    if (text.length > MAX_BYTES) throw new Error("the file is larger than 1 MB");
    return text;
  }
}
