import { TurnContext, type Activity } from "botbuilder";
import type { Actor, ChannelRef, InboundEvent } from "../../core/conversation/events";
import { withCardRef } from "../card-ref";
import { formValues } from "./card-inputs";
import { conversationUpdateToEvent, teamsActor, tenantOf } from "./membership";

export { tenantOf };

const text = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 ? v : undefined);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const OPTIONAL: Record<string, (v: unknown) => boolean> = {
  id: (v) => typeof v === "string",
  name: (v) => typeof v === "string",
  text: (v) => typeof v === "string",
  replyToId: (v) => typeof v === "string",
  channelId: (v) => typeof v === "string",
  // A string on the wire; the SDK hands the turn a Date.
  timestamp: (v) => typeof v === "string" || v instanceof Date,
  recipient: isObject,
  channelData: isObject,
  entities: (v) => Array.isArray(v) && v.every(isObject),
  attachments: (v) => Array.isArray(v) && v.every(isObject),
  membersAdded: (v) => Array.isArray(v) && v.every(isObject),
  membersRemoved: (v) => Array.isArray(v) && v.every(isObject),
};

/**
 * The shape every Bot Framework activity has: a type, the service URL replies go to, a conversation and a sender,
 * each with a string id, and well-typed optional fields. Anything else is refused (400) before the SDK sees it.
 */
export function isActivity(body: unknown): body is Activity {
  if (!isObject(body) || !text(body.type) || !text(body.serviceUrl)) return false;
  if (!isObject(body.conversation) || !text(body.conversation.id) || !isObject(body.from) || !text(body.from.id)) return false;
  if (body.recipient !== undefined && body.recipient !== null && !isObject(body.recipient)) return false;
  // Accounts are echoed back in replies, where the SDK serializes them strictly.
  const accounts = [body.conversation, body.from, isObject(body.recipient) ? body.recipient : {}];
  const typed = (o: Record<string, unknown>, keys: string[], type: string) => keys.every((k) => o[k] === undefined || o[k] === null || typeof o[k] === type);
  if (!accounts.every((a) => typed(a, ["id", "name", "aadObjectId", "role", "tenantId", "conversationType"], "string") && typed(a, ["isGroup"], "boolean"))) return false;
  return Object.entries(OPTIONAL).every(([k, ok]) => body[k] === undefined || body[k] === null || ok(body[k]));
}

/** "19:abc@thread.tacv2;messageid=123" -> channel "19:abc@thread.tacv2", thread "123". */
export function splitConversationId(id: string): { channelId: string; threadId?: string } {
  const [channelId, ...rest] = id.split(";");
  const m = rest.map((p) => /^messageid=(.+)$/.exec(p)).find(Boolean);
  return { channelId, threadId: m?.[1] };
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
    group: type === "groupChat" || undefined,
    name: text(conv?.name),
  };
}

export function actorOf(activity: Partial<Activity>): Actor {
  return teamsActor(activity.from, activity);
}

interface ExecuteValue {
  action?: { type?: string; verb?: string; data?: Record<string, unknown> };
}
interface MessageActionValue {
  commandId?: string;
  /** The action's dialog fields (the manifest's parameters, e.g. "note"). */
  data?: Record<string, unknown>;
  messagePayload?: { id?: string; body?: { content?: string }; from?: { user?: { displayName?: string } }; linkToMessage?: string; replyToId?: string };
}

const stringValues = (data: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(isObject(data) ? data : {}).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));

const stripHtml = (html: string) =>
  html
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .trim();

/** Teams' own web hosts (public cloud, GCC High, DoD): a message's deep link points into one of them. */
const TEAMS_LINK_HOSTS = new Set(["teams.microsoft.com", "teams.cloud.microsoft", "gov.teams.microsoft.us", "dod.teams.microsoft.us"]);

/**
 * The message action's link to the message, as the client sent it: kept only when it is an https link into Teams,
 * so nobody can put an address of their own behind the ticket card's "Open the original message" button.
 */
function teamsLink(raw: unknown): string | undefined {
  const link = text(raw);
  if (!link || link.length > 2048) return undefined;
  try {
    const url = new URL(link);
    return url.protocol === "https:" && !url.username && !url.password && (url.port === "" || url.port === "443") && TEAMS_LINK_HOSTS.has(url.hostname.toLowerCase()) ? link : undefined;
  } catch {
    return undefined;
  }
}

/** Translates a Teams activity into Tandem's event, or null for activities Tandem ignores. */
export function activityToEvent(activity: Activity, botId: string | undefined): InboundEvent | null {
  if (!isActivity(activity)) return null;
  const channel = channelOf(activity);
  const actor = actorOf(activity);
  if (!channel.id || !actor.userId) return null;
  const eventId = text(activity.id) ?? `${activity.conversation.id}:${text(activity.timestamp) ?? Date.now()}`;
  const { threadId } = splitConversationId(activity.conversation?.id ?? "");

  if (activity.type === "message") {
    // Teams addresses the bot as "28:<app id>" (the recipient); the configured app id is the bare GUID.
    const botIds = new Set([activity.recipient?.id, botId, botId ? `28:${botId}` : undefined].filter(Boolean));
    const mentioned = (activity.entities ?? []).some(
      (e) => e.type === "mention" && botIds.has((e as { mentioned?: { id?: string } }).mentioned?.id),
    );
    const said = (mentioned ? safely(() => TurnContext.removeRecipientMention(activity)) : undefined) ?? activity.text ?? "";
    const files = (activity.attachments ?? [])
      .filter((a) => a.contentType === "application/vnd.microsoft.teams.file.download.info" || text(a.contentUrl))
      .map((a) => ({ name: text(a.name) ?? "file", url: text(isObject(a.content) ? a.content.downloadUrl : undefined) ?? text(a.contentUrl) ?? "" }));
    // A card button of type Action.Submit arrives as a message with value.
    const verb = isObject(activity.value) ? text(activity.value.verb) : undefined;
    if (!said && verb) {
      const value = withCardRef(formValues(stringValues(activity.value)));
      // The card key the submit names is checked against where that card was posted, as an invoke's is.
      return { kind: "action", eventId, channel, actor, action: verb, value, messageKey: value.card, messageId: text(activity.replyToId), threadId };
    }
    return {
      kind: "message",
      eventId,
      channel,
      actor,
      text: stripHtml(said),
      messageId: text(activity.id) ?? eventId,
      threadId,
      addressed: mentioned || channel.isDirect,
      files: files.length ? files : undefined,
    };
  }

  if (activity.type === "invoke" && activity.name === "adaptiveCard/action") {
    const v = (isObject(activity.value) ? activity.value : {}) as ExecuteValue;
    const verb = isObject(v.action) ? text(v.action.verb) : undefined;
    if (!verb) return null;
    const data = withCardRef(formValues(stringValues(v.action?.data)));
    return {
      kind: "action",
      eventId,
      channel,
      actor,
      action: verb,
      value: data,
      messageKey: data.card,
      messageId: text(activity.replyToId),
      threadId,
    };
  }

  if (activity.type === "invoke" && activity.name === "composeExtension/submitAction") {
    const v = (isObject(activity.value) ? activity.value : {}) as MessageActionValue;
    if (!isObject(v.messagePayload)) return null; // nothing to act on
    const m = v.messagePayload as NonNullable<MessageActionValue["messagePayload"]>;
    return {
      kind: "message-action",
      eventId,
      channel,
      actor,
      action: "create-ticket",
      message: {
        id: text(m.id) ?? eventId,
        text: stripHtml(text(isObject(m.body) ? m.body.content : undefined) ?? ""),
        author: text(isObject(m.from) && isObject(m.from.user) ? m.from.user.displayName : undefined),
        link: teamsLink(m.linkToMessage),
        threadId: text(m.replyToId) ?? threadId ?? text(m.id),
      },
      note: text(isObject(v.data) && typeof v.data.note === "string" ? v.data.note.trim() : undefined),
    };
  }

  if (activity.type === "conversationUpdate") return conversationUpdateToEvent(activity, { eventId, channel, actor });
  return null;
}

function safely<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}
