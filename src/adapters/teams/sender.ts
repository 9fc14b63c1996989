import type { ConnectorClient } from "botframework-connector";
import { MessageFactory, type Activity, type CloudAdapter, type ConversationReference, type Mention } from "botbuilder";
import { isTrustedServiceUrl, type ServiceUrlPolicy } from "./service-url";
import type { Actor } from "../../core/conversation/events";
import type { Outgoing, Reply } from "../../core/conversation/reply";
import type { CardRenderer } from "../cards/render";
import type { PostedRef } from "../db/outbox-repo";
import { SendError, type ChatSender } from "../outbox/sender";

export type ReferenceLookup = (conversationId: string) => Promise<Partial<ConversationReference> | null>;

/** Delivers outbox rows to Teams through the Bot Connector, using conversation references kept in the database. */
export class TeamsSender implements ChatSender {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly cards: CardRenderer,
    private readonly references: ReferenceLookup,
    private readonly serviceUrls: ServiceUrlPolicy,
  ) {}

  /** Checked before every send: a stored reference may predate authentication, or have been forged. */
  private trusted(ref: Partial<ConversationReference>, what: string): void {
    if (!isTrustedServiceUrl(ref.serviceUrl, this.serviceUrls)) {
      throw new SendError(`not sending to ${what}: its stored serviceUrl is not a trusted Bot Connector address`, "permanent");
    }
  }

  toActivity(reply: Reply): Partial<Activity> {
    const mentions = (reply.mentions ?? []).map(
      (m): Mention => ({ type: "mention", text: `<at>${m.name ?? "someone"}</at>`, mentioned: { id: m.userId, name: m.name ?? "" } } as Mention),
    );
    const mentionText = mentions.map((m) => m.text).join(" ");
    const text = this.cards.escapeText("teams", reply.text);
    const activity: Partial<Activity> = reply.card
      ? MessageFactory.attachment({ contentType: "application/vnd.microsoft.card.adaptive", content: this.cards.render("teams", reply.card) })
      : MessageFactory.text(text);
    if (reply.card) activity.summary = reply.text.slice(0, 200);
    if (mentions.length) {
      activity.text = reply.card ? mentionText : `${mentionText} ${text}`;
      activity.entities = mentions;
    }
    return activity;
  }

  async send(item: Outgoing, target?: PostedRef): Promise<{ messageId: string; threadId?: string } | void> {
    try {
      switch (item.op) {
        case "post":
        case "ephemeral": {
          // Teams has no ephemeral messages in channels: reply in the thread instead.
          const threadId = item.threadId;
          const id = await this.sendTo(item.channel.id, threadId, this.toActivity(item.reply));
          return { messageId: id, threadId: threadId ?? id };
        }
        case "update": {
          const { channelId, threadId } = splitKey(target!.conversation, target!.threadId);
          const ref = await this.reference(channelId, threadId);
          await this.adapter.continueConversationAsync(this.appId, ref, async (ctx) => {
            await ctx.updateActivity({ ...this.toActivity(item.reply), id: target!.messageId, type: "message" });
          });
          return;
        }
        case "dm":
          return { messageId: await this.direct(item.to, this.toActivity(item.reply)) };
        case "pin":
          return; // Teams has no pinning for bots
      }
    } catch (err) {
      throw toSendError(err);
    }
  }

  private async reference(channelId: string, threadId?: string | null): Promise<Partial<ConversationReference>> {
    const ref = await this.references(channelId);
    if (!ref) throw new SendError(`no Teams conversation reference for ${channelId}`, "permanent");
    this.trusted(ref, channelId);
    const threaded = threadId && hasThreads(ref.conversation);
    const conversation = { ...ref.conversation!, id: threaded ? `${channelId};messageid=${threadId}` : channelId };
    return { ...ref, activityId: undefined, conversation };
  }

  private async sendTo(channelId: string, threadId: string | undefined, activity: Partial<Activity>): Promise<string> {
    const ref = await this.reference(channelId, threadId);
    let id = "";
    await this.adapter.continueConversationAsync(this.appId, ref, async (ctx) => {
      // Send through the connector directly: ctx.sendActivity would turn every proactive post into a reply to the
      // activity the reference was taken from, so a new card would land in someone else's thread. The thread,
      // when wanted, is in the conversation id (";messageid=").
      const connector = ctx.turnState.get(ctx.adapter.ConnectorClientKey) as ConnectorClient;
      const full = { ...activity, type: "message", from: ref.bot, recipient: ref.user, conversation: ref.conversation, channelId: ref.channelId, serviceUrl: ref.serviceUrl } as Activity;
      id = (await connector.conversations.sendToConversation(ref.conversation!.id, full))?.id ?? "";
    });
    return id;
  }

  private async direct(to: Actor, activity: Partial<Activity>): Promise<string> {
    const ref = await this.references(`dm:${to.teamId}:${to.userId}`);
    if (ref) return this.sendTo(ref.conversation!.id, undefined, activity);
    const any = await this.references(`tenant:${to.teamId}`);
    if (!any?.serviceUrl) throw new SendError(`cannot open a 1:1 chat with ${to.userId}: no Teams conversation in tenant ${to.teamId} yet`, "permanent");
    this.trusted(any, `a 1:1 chat with ${to.userId}`);
    let id = "";
    await this.adapter.createConversationAsync(
      this.appId,
      "msteams",
      any.serviceUrl,
      "",
      { isGroup: false, bot: any.bot!, members: [{ id: to.userId, name: to.name ?? "" }], tenantId: to.teamId, channelData: { tenant: { id: to.teamId } } } as never,
      async (ctx) => {
        id = (await ctx.sendActivity(activity))?.id ?? "";
      },
    );
    return id;
  }
}

/**
 * Only Teams channels have threads: a 1:1 or group chat refuses a ";messageid=" conversation id with 404
 * "Conversation not found", so a reply there goes to the chat itself (also for places stored before this rule).
 */
export function hasThreads(conversation: { id?: string; conversationType?: string } | undefined): boolean {
  if (!conversation) return false;
  if (conversation.conversationType) return conversation.conversationType === "channel";
  return /@thread\.(tacv2|skype)$/.test(conversation.id?.split(";")[0] ?? "");
}

function splitKey(conversation: string, threadId: string | null): { channelId: string; threadId?: string } {
  return { channelId: conversation.replace(/^teams:/, ""), threadId: threadId ?? undefined };
}

function toSendError(err: unknown): SendError {
  if (err instanceof SendError) return err;
  const e = err as { statusCode?: number; message?: string; response?: { headers?: { get?(n: string): string | null } } };
  const status = e.statusCode;
  if (status === 429) {
    const ra = Number(e.response?.headers?.get?.("retry-after"));
    return new SendError(e.message ?? "rate limited", "rate-limited", Number.isFinite(ra) && ra > 0 ? ra * 1000 : undefined);
  }
  if (status && status >= 400 && status < 500 && status !== 408) return new SendError(e.message ?? `HTTP ${status}`, "permanent");
  return new SendError(e.message ?? String(err), "transient");
}
