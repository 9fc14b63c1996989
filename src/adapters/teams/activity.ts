import { TurnContext, type Activity } from "botbuilder";
import type { Actor, ChannelRef, InboundEvent } from "../../core/conversation/events";

/** "19:abc@thread.tacv2;messageid=123" -> channel "19:abc@thread.tacv2", thread "123". */
export function splitConversationId(id: string): { channelId: string; threadId?: string } {
  const [channelId, ...rest] = id.split(";");
  const m = rest.map((p) => /^messageid=(.+)$/.exec(p)).find(Boolean);
  return { channelId, threadId: m?.[1] };
}

export function tenantOf(activity: Partial<Activity>): string {
  return (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? activity.conversation?.tenantId ?? "";
}

export function channelOf(activity: Partial<Activity>): ChannelRef {
  const conv = activity.conversation;
  const { channelId } = splitConversationId(conv?.id ?? "");
  const type = conv?.conversationType;
  return {
    platform: "teams",
    id: channelId,
    teamId: tenantOf(activity) || undefined,
    isDirect: type === "personal" || (type === undefined && !conv?.isGroup),
    name: conv?.name,
  };
}

export function actorOf(activity: Partial<Activity>): Actor {
  const from = activity.from ?? { id: "unknown", name: "" };
  return {
    platform: "teams",
    teamId: tenantOf(activity),
    userId: from.aadObjectId ?? from.id,
    name: from.name || undefined,
    aadObjectId: from.aadObjectId,
  };
}

interface ExecuteValue {
  action?: { type?: string; verb?: string; data?: Record<string, unknown> };
}
interface MessageActionValue {
  commandId?: string;
  messagePayload?: { id?: string; body?: { content?: string }; from?: { user?: { displayName?: string } }; linkToMessage?: string; replyToId?: string };
}

const stringValues = (data: Record<string, unknown> = {}): Record<string, string> =>
  Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));

const stripHtml = (html: string) =>
  html
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .trim();

/** Translates a Teams activity into Tandem's event, or null for activities Tandem ignores. */
export function activityToEvent(activity: Activity, botId: string | undefined): InboundEvent | null {
  const channel = channelOf(activity);
  const actor = actorOf(activity);
  const eventId = activity.id ?? `${activity.conversation?.id}:${activity.timestamp ?? Date.now()}`;
  const { threadId } = splitConversationId(activity.conversation?.id ?? "");

  if (activity.type === "message") {
    // Teams addresses the bot as "28:<app id>" (the recipient); the configured app id is the bare GUID.
    const botIds = new Set([activity.recipient?.id, botId, botId ? `28:${botId}` : undefined].filter(Boolean));
    const mentioned = (activity.entities ?? []).some(
      (e) => e.type === "mention" && botIds.has((e as { mentioned?: { id?: string } }).mentioned?.id),
    );
    const text = mentioned ? TurnContext.removeRecipientMention(activity) : (activity.text ?? "");
    const files = (activity.attachments ?? [])
      .filter((a) => a.contentType === "application/vnd.microsoft.teams.file.download.info" || a.contentUrl)
      .map((a) => ({ name: a.name ?? "file", url: (a.content as { downloadUrl?: string } | undefined)?.downloadUrl ?? a.contentUrl ?? "" }));
    // A card button of type Action.Submit arrives as a message with value.
    const submitted = activity.value as { verb?: string } | undefined;
    if (!text && submitted?.verb) {
      return { kind: "action", eventId, channel, actor, action: String(submitted.verb), value: stringValues(activity.value as Record<string, unknown>), messageId: activity.replyToId, threadId };
    }
    return {
      kind: "message",
      eventId,
      channel,
      actor,
      text: stripHtml(text ?? ""),
      messageId: activity.id ?? eventId,
      threadId,
      addressed: mentioned || channel.isDirect,
      files: files.length ? files : undefined,
    };
  }

  if (activity.type === "invoke" && activity.name === "adaptiveCard/action") {
    const v = (activity.value ?? {}) as ExecuteValue;
    const data = stringValues(v.action?.data);
    return {
      kind: "action",
      eventId,
      channel,
      actor,
      action: v.action?.verb ?? "",
      value: data,
      messageKey: data.key,
      messageId: activity.replyToId,
      threadId,
    };
  }

  if (activity.type === "invoke" && activity.name === "composeExtension/submitAction") {
    const v = (activity.value ?? {}) as MessageActionValue;
    const m = v.messagePayload ?? {};
    return {
      kind: "message-action",
      eventId,
      channel,
      actor,
      action: "create-ticket",
      message: {
        id: m.id ?? eventId,
        text: stripHtml(m.body?.content ?? ""),
        author: m.from?.user?.displayName,
        link: m.linkToMessage,
        threadId: m.replyToId ?? threadId ?? m.id,
      },
    };
  }

  if (activity.type === "conversationUpdate") {
    const botJoined = (activity.membersAdded ?? []).some((m) => m.id === activity.recipient?.id);
    if (botJoined) return { kind: "installed", eventId, channel, actor };
  }
  return null;
}
