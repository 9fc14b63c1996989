import type { WebClient } from "@slack/web-api";
import type { Outgoing, Reply } from "../../core/conversation/reply";
import type { CardRenderer } from "../cards/render";
import type { PostedRef } from "../db/outbox-repo";
import { plainFallback } from "../outbox/fit";
import { SendError, type ChatSender, type Sent } from "../outbox/sender";
import { SLACK_CONTENT_ERRORS } from "../limits/slack-limits";
import { slackReplyMessage } from "./reply-message";

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
  async send(item: Outgoing, target?: PostedRef): Promise<Sent | void> {
    try {
      return await this.sendOnce(item, target);
    } catch (err) {
      const e = err instanceof SendError ? err : toSendError(err);
      if (!SLACK_CONTENT_ERRORS.has(e.message) || !("reply" in item)) throw e;
      const fallback = { ...item, reply: plainFallback(item.reply, "slack", `Slack refused it (${e.message})`) } as Outgoing;
      const sent = await this.sendOnce(fallback, target);
      return { ...(sent ?? { messageId: "" }), rejected: `${e.message}: sent as plain text instead` };
    }
  }

  private async sendOnce(item: Outgoing, target?: PostedRef): Promise<Sent | void> {
    try {
      switch (item.op) {
        case "post": {
          const r = await this.client.chat.postMessage({ channel: item.channel.id, thread_ts: item.threadId, ...this.message(item.reply) } as never);
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
          const r = await this.client.chat.postMessage({ channel: item.to.userId, ...this.message(item.reply) } as never);
          return { messageId: String(r.ts) };
        }
      }
    } catch (err) {
      throw toSendError(err);
    }
  }
}

const PERMANENT = new Set(["channel_not_found", "not_in_channel", "is_archived", "msg_too_long", "msg_blocks_too_long", "invalid_blocks", "no_text", "message_not_found", "cant_update_message", "user_not_found", "invalid_auth", "account_inactive", "not_authed", "missing_scope"]);

function toSendError(err: unknown): SendError {
  const e = err as { code?: string; retryAfter?: number; data?: { error?: string; needed?: string }; message?: string; statusCode?: number };
  if (e.code === "slack_webapi_rate_limited_error") return new SendError("rate limited", "rate-limited", (e.retryAfter ?? 1) * 1000);
  const slackError = e.data?.error;
  if (slackError && PERMANENT.has(slackError)) return new SendError(e.data?.needed ? `${slackError} (needs ${e.data.needed})` : slackError, "permanent");
  return new SendError(slackError ?? e.message ?? String(err), "transient");
}
