import type { ConnectorClient } from "botframework-connector";
import { TeamsInfo, type Activity, type CloudAdapter, type ConversationReference } from "botbuilder";
import { isTrustedServiceUrl, type ServiceUrlPolicy } from "./service-url";
import type { Actor } from "../../core/conversation/events";
import type { Outgoing, Reply } from "../../core/conversation/reply";
import { noDirectMessage } from "../../core/paging/deliver";
import type { CardRenderer } from "../cards/render";
import type { PostedRef } from "../db/outbox-repo";
import { SendError, type ChatSender, type Sent } from "../outbox/sender";
import { plainFallback } from "../outbox/fit";
import { isTeamsSizeRejection } from "../limits/teams-limits";
import { teamsReplyActivity } from "./reply-activity";
import type { ReferenceKeeper } from "./references";

export type ReferenceLookup = (conversationId: string) => Promise<Partial<ConversationReference> | null>;

/** Delivers outbox rows to Teams through the Bot Connector, using conversation references kept in the database. */
export class TeamsSender implements ChatSender {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly cards: CardRenderer,
    private readonly references: ReferenceLookup,
    private readonly serviceUrls: ServiceUrlPolicy,
    /** Keeps the reference of a 1:1 chat the sender opens, so a card sent there can be updated (see `direct`). */
    private readonly keep?: ReferenceKeeper,
  ) {}

  /** Checked before every send: a stored reference may predate authentication, or have been forged. */
  private trusted(ref: Partial<ConversationReference>, what: string): void {
    if (!isTrustedServiceUrl(ref.serviceUrl, this.serviceUrls)) {
      throw new SendError(`not sending to ${what}: its stored serviceUrl is not a trusted Bot Connector address`, "permanent");
    }
  }

  toActivity(reply: Reply): Partial<Activity> {
    return teamsReplyActivity(this.cards, reply) as Partial<Activity>;
  }

  /**
   * Sends the item; if Teams refuses it as too big (413 MessageSizeTooBig) although it was fitted before it was
   * queued, sends the plain-text fallback in its place, once, and says so (`rejected`) for the record.
   */
  async send(item: Outgoing, target?: PostedRef): Promise<Sent | void> {
    try {
      return await this.sendOnce(item, target);
    } catch (err) {
      const e = toSendError(err);
      if (!e.message.startsWith("413 MessageSizeTooBig") || !("reply" in item)) throw e;
      const fallback = { ...item, reply: plainFallback(item.reply, "teams", "Teams refused it as too big (413 MessageSizeTooBig)") } as Outgoing;
      const sent = await this.sendOnce(fallback, target);
      return { ...(sent ?? { messageId: "" }), rejected: "413 MessageSizeTooBig: sent as plain text instead" };
    }
  }

  private async sendOnce(item: Outgoing, target?: PostedRef): Promise<Sent | void> {
    try {
      switch (item.op) {
        case "post": {
          const threadId = item.threadId;
          const id = await this.sendTo(item.channel.id, threadId, this.toActivity(item.reply));
          return { messageId: id, threadId: threadId ?? id };
        }
        case "ephemeral": {
          // Teams has no message only one person sees in a channel or group chat: what is for one person (a
          // refusal, a pointer) goes to their 1:1 chat with Tandem, never to everyone in the conversation.
          const activity = this.toActivity(item.reply);
          if (item.channel.isDirect) return { messageId: await this.sendTo(item.channel.id, undefined, activity) };
          if (!noDirectMessage(item.to, item.channel)) {
            try {
              return { messageId: (await this.direct(item.to, activity)).id };
            } catch (err) {
              if (toSendError(err).kind !== "permanent") throw err;
            }
          }
          // No 1:1 chat to be had (a member of another tenant in a shared channel, or Teams refused it): said in
          // the thread where they asked rather than lost.
          return { messageId: await this.sendTo(item.channel.id, item.threadId, activity) };
        }
        case "update": {
          const { channelId, threadId } = splitKey(target!.conversation, target!.threadId);
          const ref = await this.reference(channelId, threadId);
          await this.adapter.continueConversationAsync(this.appId, ref, async (ctx) => {
            await ctx.updateActivity({ ...this.toActivity(item.reply), id: target!.messageId, type: "message" });
          });
          return;
        }
        case "dm": {
          // With the 1:1 chat it went to, so a keyed direct message (a page's card) is kept for its later updates.
          const { id, conversation } = await this.direct(item.to, this.toActivity(item.reply));
          return { messageId: id, ...(conversation ? { conversation: `teams:${conversation}` } : {}) };
        }
        case "pin":
          return; // Teams has no pinning for bots
      }
    } catch (err) {
      throw toSendError(err);
    }
  }

  /** The name Teams shows for a member of a conversation (GET .../members/{id}), or null. */
  async memberName(conversationId: string, userId: string): Promise<string | null> {
    const ref = await this.references(conversationId);
    if (!ref?.serviceUrl) return null;
    this.trusted(ref, conversationId);
    let name: string | null = null;
    await this.adapter.continueConversationAsync(this.appId, { ...ref, activityId: undefined }, async (ctx) => {
      name = (await TeamsInfo.getMember(ctx, userId)).name || null;
    });
    return name;
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

  /**
   * A message in the person's 1:1 chat with Tandem: the chat they wrote in (its stored reference), else one opened
   * now in their tenant. Returns the message's id and the chat's. A chat opened here has its reference kept before
   * the message goes (when the sender keeps references), so an update of the message can reach it later; a failure
   * to keep it fails the send before anything was posted (it is tried again, and Teams opens the same 1:1 chat).
   */
  private async direct(to: Actor, activity: Partial<Activity>): Promise<{ id: string; conversation: string }> {
    const ref = await this.references(`dm:${to.teamId}:${to.userId}`);
    if (ref) return { id: await this.sendTo(ref.conversation!.id, undefined, activity), conversation: ref.conversation!.id };
    const any = await this.references(`tenant:${to.teamId}`);
    if (!any?.serviceUrl) throw new SendError(`cannot open a 1:1 chat with ${to.userId}: no Teams conversation in tenant ${to.teamId} yet`, "permanent");
    this.trusted(any, `a 1:1 chat with ${to.userId}`);
    let id = "";
    let conversation = "";
    await this.adapter.createConversationAsync(
      this.appId,
      "msteams",
      any.serviceUrl,
      "",
      { isGroup: false, bot: any.bot!, members: [{ id: to.userId, name: to.name ?? "" }], tenantId: to.teamId, channelData: { tenant: { id: to.teamId } } } as never,
      async (ctx) => {
        conversation = ctx.activity.conversation?.id ?? "";
        if (conversation && this.keep) {
          const opened: Partial<ConversationReference> = {
            channelId: "msteams",
            serviceUrl: any.serviceUrl,
            bot: any.bot,
            conversation: { id: conversation, conversationType: "personal", isGroup: false, tenantId: to.teamId } as ConversationReference["conversation"],
          };
          await this.keep(conversation, to.teamId, opened);
        }
        id = (await ctx.sendActivity(activity))?.id ?? "";
      },
    );
    return { id, conversation };
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
  // A 4xx answer (413 and 429 included) means the Bot Connector refused this attempt: nothing was posted. A 5xx, a
  // timeout or a lost connection may have come after the activity was posted.
  if (isTeamsSizeRejection(e)) return new SendError(`413 MessageSizeTooBig: ${e.message ?? "the activity is too big"}`, "permanent", undefined, true);
  if (status === 429) {
    const ra = Number(e.response?.headers?.get?.("retry-after"));
    return new SendError(e.message ?? "rate limited", "rate-limited", Number.isFinite(ra) && ra > 0 ? ra * 1000 : undefined, true);
  }
  if (status && status >= 400 && status < 500 && status !== 408) return new SendError(e.message ?? `HTTP ${status}`, "permanent", undefined, true);
  return new SendError(e.message ?? String(err), "transient");
}
