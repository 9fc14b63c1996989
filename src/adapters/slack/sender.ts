import type { WebClient } from "@slack/web-api";
import type { Outgoing, Reply } from "../../core/conversation/reply";
import type { CardRenderer } from "../cards/render";
import type { PostedRef } from "../db/outbox-repo";
import { plainFallback } from "../outbox/fit";
import { LookupError, SendError, type ChatSender, type Sent } from "../outbox/sender";
import { SLACK_CONTENT_ERRORS } from "../limits/slack-limits";
import { slackReplyMessage } from "./reply-message";

/** The message metadata every post carries: Tandem's own messages, by outbox row (see findSent). */
export const OUTBOX_EVENT_TYPE = "tandem_outbox";

/** How far before the first attempt a message is looked for (Slack's clock and the database's may differ). */
const SKEW_MS = 60_000;
/** Pages read per look: conversations.history / .replies allow 15 messages a page to apps outside the Marketplace. */
const PAGE_LIMIT = 15;
const MAX_PAGES = 4;

interface ReadMessage {
  ts?: string;
  thread_ts?: string;
  bot_id?: string;
  metadata?: { event_type?: string; event_payload?: { key?: unknown } };
}

/** Delivers outbox rows through the Slack Web API (chat.postMessage / chat.update / chat.postEphemeral). */
export class SlackSender implements ChatSender {
  constructor(
    private readonly client: WebClient,
    private readonly cards: CardRenderer,
  ) {}

  message(reply: Reply): { text: string; blocks?: unknown[] } {
    return slackReplyMessage(this.cards, reply);
  }

  /**
   * Sends the item; if Slack refuses its content (invalid_blocks, msg_too_long) although it was fitted before it
   * was queued, sends the plain-text fallback in its place, once, and says so (`rejected`) for the record.
   */
  async send(item: Outgoing, target?: PostedRef, key?: string): Promise<Sent | void> {
    try {
      return await this.sendOnce(item, target, key);
    } catch (err) {
      const e = err instanceof SendError ? err : toSendError(err);
      if (!SLACK_CONTENT_ERRORS.has(e.message) || !("reply" in item)) throw e;
      const fallback = { ...item, reply: plainFallback(item.reply, "slack", `Slack refused it (${e.message})`) } as Outgoing;
      const sent = await this.sendOnce(fallback, target, key);
      return { ...(sent ?? { messageId: "" }), rejected: `${e.message}: sent as plain text instead` };
    }
  }

  /**
   * Tandem's own message with this key (its metadata), posted since `since` (less a minute for the clocks): in the
   * thread (conversations.replies) for a reply, in the channel's or 1:1 chat's history (conversations.history) for a
   * top-level post or a direct message. Both need the history scope of the conversation (channels:history,
   * groups:history, im:history) and include_all_metadata. Null when it is not there; a LookupError when Slack
   * refuses (missing_scope, ratelimited, ...) or there is more to read than a few pages. An ephemeral message cannot
   * be read back.
   */
  async findSent(item: Outgoing, key: string, since: Date): Promise<Sent | null> {
    if (item.op !== "post" && item.op !== "dm") throw new LookupError(`a ${item.op} cannot be read back from Slack`, "unsupported");
    try {
      const oldest = slackTs(since.getTime() - SKEW_MS);
      let channel: string;
      let threadTs: string | undefined;
      if (item.op === "dm") {
        const opened = await this.client.conversations.open({ users: item.to.userId, prevent_creation: true } as never);
        channel = String((opened as { channel?: { id?: string } }).channel?.id ?? "");
        if (!channel) return null; // no 1:1 chat yet: nothing was posted in it
      } else {
        channel = item.channel.id;
        threadTs = item.threadId;
      }
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const args = { channel, oldest, inclusive: true, include_all_metadata: true, limit: PAGE_LIMIT, ...(cursor ? { cursor } : {}) };
        const r = threadTs
          ? await this.client.conversations.replies({ ...args, ts: threadTs } as never)
          : await this.client.conversations.history(args as never);
        const messages = ((r as { messages?: ReadMessage[] }).messages ?? []) as ReadMessage[];
        const mine = messages.find((m) => m.metadata?.event_type === OUTBOX_EVENT_TYPE && String(m.metadata.event_payload?.key ?? "") === key && (!threadTs || m.ts !== threadTs));
        if (mine?.ts) return item.op === "dm" ? { messageId: mine.ts, conversation: `slack:${channel}` } : { messageId: mine.ts, threadId: threadTs ?? mine.ts };
        cursor = (r as { response_metadata?: { next_cursor?: string } }).response_metadata?.next_cursor || undefined;
        if (!cursor) return null;
      }
      throw new LookupError(`more than ${MAX_PAGES * PAGE_LIMIT} messages since the first attempt`, "error");
    } catch (err) {
      if (err instanceof LookupError) throw err;
      const e = err as { code?: string; data?: { error?: string; needed?: string }; message?: string };
      if (e.code === "slack_webapi_rate_limited_error") throw new LookupError("rate limited", "rate-limited");
      if (e.data?.error === "thread_not_found") return null; // no such thread: nothing was posted in it
      if (e.data?.error) throw new LookupError(e.data.needed ? `${e.data.error} (needs ${e.data.needed})` : e.data.error, "refused");
      throw new LookupError(e.message ?? String(err), "error");
    }
  }

  private async sendOnce(item: Outgoing, target?: PostedRef, key?: string): Promise<Sent | void> {
    const metadata = key ? { metadata: { event_type: OUTBOX_EVENT_TYPE, event_payload: { key } } } : {};
    try {
      switch (item.op) {
        case "post": {
          const r = await this.client.chat.postMessage({ channel: item.channel.id, thread_ts: item.threadId, ...this.message(item.reply), ...metadata } as never);
          return { messageId: String(r.ts), threadId: item.threadId ?? String(r.ts) };
        }
        case "ephemeral": {
          await this.client.chat.postEphemeral({ channel: item.channel.id, user: item.to.userId, thread_ts: item.threadId, ...this.message(item.reply) } as never);
          return;
        }
        case "pin": {
          const channel = target!.conversation.replace(/^slack:/, "");
          await this.client.pins.add({ channel, timestamp: target!.messageId }).catch((err: { data?: { error?: string } }) => {
            if (err?.data?.error !== "already_pinned") throw err; // a retry after a pin that did go through
          });
          return;
        }
        case "update": {
          const channel = target!.conversation.replace(/^slack:/, "");
          await this.client.chat.update({ channel, ts: target!.messageId, ...this.message(item.reply) } as never);
          return;
        }
        case "dm": {
          const r = await this.client.chat.postMessage({ channel: item.to.userId, ...this.message(item.reply), ...metadata } as never);
          // The 1:1 chat's own id (D...), which chat.update needs: the user id it was posted to does not do there.
          return { messageId: String(r.ts), ...(r.channel ? { conversation: `slack:${r.channel}` } : {}) };
        }
      }
    } catch (err) {
      throw toSendError(err);
    }
  }
}

/** A Slack ts for a time: seconds with six decimals. */
function slackTs(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(6);
}

const PERMANENT = new Set(["channel_not_found", "not_in_channel", "is_archived", "msg_too_long", "msg_blocks_too_long", "invalid_blocks", "no_text", "message_not_found", "cant_update_message", "user_not_found", "invalid_auth", "account_inactive", "not_authed", "missing_scope"]);

function toSendError(err: unknown): SendError {
  const e = err as { code?: string; retryAfter?: number; data?: { error?: string; needed?: string }; message?: string; statusCode?: number };
  // Slack answered 429, or 200 with ok: false: this attempt posted nothing. A 5xx, a timeout or a lost connection may
  // have come after the message was posted.
  if (e.code === "slack_webapi_rate_limited_error") return new SendError("rate limited", "rate-limited", (e.retryAfter ?? 1) * 1000, true);
  const slackError = e.data?.error;
  const refused = e.code === "slack_webapi_platform_error";
  if (slackError && PERMANENT.has(slackError)) return new SendError(e.data?.needed ? `${slackError} (needs ${e.data.needed})` : slackError, "permanent", undefined, refused);
  return new SendError(slackError ?? e.message ?? String(err), "transient", undefined, refused);
}
