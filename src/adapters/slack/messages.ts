// Reading one message back by its ts: conversations.history with latest = oldest = ts, inclusive, limit 1 (Slack's
// documented way to fetch a single message). A thread's first message is always in the channel's history, and
// conversations.history is documented for bot tokens in every conversation the bot is a member of, with
// channels:history (public channels) or groups:history (private channels).
import type { webApi } from "@slack/bolt";
import type { ChannelRef } from "../../core/conversation/events";
import type { MessageRead, MessageReader } from "../../core/ports/messages";

const TIMEOUT_MS = 5_000;
/** The link is a nicety: the ticket goes without it after this long. */
const LINK_MS = 1_000;

interface HistoryMessage {
  ts?: string;
  text?: string;
  user?: string;
  user_team?: string;
  source_team?: string;
  team?: string;
}

/** Slack's answers that mean the message is not there, and those that mean Tandem may not read it. */
const NOT_FOUND = new Set(["thread_not_found", "message_not_found", "invalid_ts_latest", "invalid_ts_oldest"]);
const NO_ACCESS = new Set(["missing_scope", "channel_not_found", "not_in_channel", "not_authed", "invalid_auth", "account_inactive", "token_revoked", "no_permission", "team_access_not_granted", "ekm_access_denied"]);

function late<T>(ms: number, what: string): { promise: Promise<T>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<T>((_, reject) => (timer = setTimeout(() => reject(Object.assign(new Error(`${what} timed out`), { code: "timeout" })), ms)));
  return { promise, cancel: () => clearTimeout(timer) };
}

export function slackMessages(client: webApi.WebClient): MessageReader {
  const permalink = async (channel: string, ts: string): Promise<string | undefined> => {
    const t = late<undefined>(LINK_MS, "chat.getPermalink");
    try {
      const r = await Promise.race([client.chat.getPermalink({ channel, message_ts: ts }), t.promise]);
      return (r as { permalink?: string } | undefined)?.permalink;
    } catch {
      return undefined;
    } finally {
      t.cancel();
    }
  };
  return {
    async read(channel: ChannelRef, ts: string): Promise<MessageRead> {
      const t = late<never>(TIMEOUT_MS, "conversations.history");
      // Asked at the same time: one round trip to Slack, not two (a link for a message that is not there is unused).
      const link = permalink(channel.id, ts);
      try {
        const r = await Promise.race([client.conversations.history({ channel: channel.id, latest: ts, oldest: ts, inclusive: true, limit: 1 }), t.promise]);
        // Only that message: another one (Slack answering with the one before a deleted ts) is not it.
        const m = ((r.messages ?? []) as HistoryMessage[]).find((x) => x.ts === ts);
        if (!m) return { ok: false, why: "not-found" };
        return {
          ok: true,
          message: {
            id: ts,
            text: typeof m.text === "string" ? m.text : "",
            authorId: m.user || undefined,
            // Slack Connect: the author's own workspace, else the install's.
            authorTeam: m.user_team || m.source_team || m.team || channel.teamId,
            link: await link,
            threadId: ts,
          },
        };
      } catch (err) {
        return failure(err);
      } finally {
        t.cancel();
      }
    },
  };
}

/** A Web API error as Tandem's answer: Slack's error word, and the scope it says is needed. */
function failure(err: unknown): Exclude<MessageRead, { ok: true }> {
  const e = err as { code?: string; data?: { error?: string; needed?: string }; statusCode?: number; message?: string };
  if (e.code === "slack_webapi_platform_error" && e.data?.error) {
    const error = e.data.error;
    if (NOT_FOUND.has(error)) return { ok: false, why: "not-found", error };
    if (NO_ACCESS.has(error)) return { ok: false, why: "no-access", error, ...(error === "missing_scope" && e.data.needed ? { missing: e.data.needed } : {}) };
    return { ok: false, why: "unavailable", error };
  }
  if (e.code === "slack_webapi_rate_limited_error") return { ok: false, why: "unavailable", error: "ratelimited" };
  if (e.code === "slack_webapi_http_error") return { ok: false, why: "unavailable", error: `HTTP ${e.statusCode ?? "error"}` };
  if (e.code === "timeout") return { ok: false, why: "unavailable", error: "no answer in time" };
  return { ok: false, why: "unavailable", error: e.message ?? "request failed" };
}
