import type { Platform } from "../../core/conversation/events";
import type { FileFetcher } from "../../core/whohandles/ports";
import { safeFetchText } from "./safe-fetch";

const MAX_BYTES = 1_000_000;

/**
 * Downloads shared files: Slack's url_private needs the bot token as a bearer; a Teams file comes with a
 * pre-authorised downloadUrl; a typed URL never gets credentials. Either way only public https addresses are
 * fetched (see safe-fetch.ts).
 */
export class HttpFileFetcher implements FileFetcher {
  constructor(private readonly opts: { slackToken?: string; timeoutMs?: number; allowOrigins?: readonly string[] }) {}

  attachment(platform: Platform, url: string): Promise<string> {
    const bearer = platform === "slack" && this.opts.slackToken && this.isSlackFileHost(url);
    return this.get(url, bearer ? { authorization: `Bearer ${this.opts.slackToken}` } : {});
  }

  /** The bot token only goes to Slack's own file hosts (files.slack.com), or a local fake named by the test-only setting. */
  private isSlackFileHost(raw: string): boolean {
    try {
      const url = new URL(raw);
      return (url.protocol === "https:" && /(^|\.)slack\.com$/i.test(url.hostname)) || (this.opts.allowOrigins?.includes(url.origin) ?? false);
    } catch {
      return false;
    }
  }

  url(url: string): Promise<string> {
    return this.get(url, {});
  }

  private get(url: string, headers: Record<string, string>): Promise<string> {
    return safeFetchText(url, { headers, maxBytes: MAX_BYTES, timeoutMs: this.opts.timeoutMs ?? 10_000, allowOrigins: this.opts.allowOrigins });
  }
}
