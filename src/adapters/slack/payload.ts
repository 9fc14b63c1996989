import type { Actor, ChannelRef, InboundEvent } from "../../core/conversation/events";
import { withCardRef } from "../card-ref";

// Translations from Slack payloads (Events API, slash commands, interactivity) into Tandem's events.

interface SlackMessageEvent {
  type: string;
  subtype?: string;
  user?: string;
  user_team?: string;
  team?: string;
  bot_id?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  channel: string;
  channel_type?: string;
  files?: { name?: string; url_private?: string }[];
}

// Payloads are signed by Slack but still checked field by field: a missing or odd-typed id makes the
// translation null (nothing stored) instead of an error deep in a repository.
const text = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 ? v : undefined);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** `homeKnown`: the payload named the user's own workspace (user_team, user.team_id), not only the install's. */
export function slackActor(userId: string, teamId: string | undefined, name?: string, homeKnown = false): Actor {
  return { platform: "slack", teamId: teamId ?? "", userId, name, ...(homeKnown && teamId ? { homeKnown: true } : {}) };
}

function channel(id: string, teamId: string | undefined, isDirect: boolean, name?: string, group?: boolean): ChannelRef {
  return { platform: "slack", id, teamId, isDirect, name, ...(group ? { group } : {}) };
}

export function messageToEvent(body: { event_id?: string; team_id?: string }, e: SlackMessageEvent, mentioned: boolean): InboundEvent | null {
  if (!isObject(e) || e.bot_id || (e.subtype && e.subtype !== "file_share" && e.subtype !== "thread_broadcast")) return null;
  const user = text(e.user);
  const channelId = text(e.channel);
  const ts = text(e.ts);
  if (!user || !channelId || !ts) return null;
  const isDirect = e.channel_type === "im";
  if (!mentioned && !isDirect) return null;
  const teamId = text(body.team_id);
  return {
    kind: "message",
    eventId: text(body.event_id) ?? `${channelId}:${ts}`,
    channel: channel(channelId, teamId, isDirect, undefined, e.channel_type === "mpim"),
    // Slack Connect: a guest from another workspace keeps their own team id.
    actor: slackActor(user, text(e.user_team) ?? text(e.team) ?? teamId, undefined, !!(text(e.user_team) ?? text(e.team))),
    text: typeof e.text === "string" ? e.text : "",
    messageId: ts,
    threadId: text(e.thread_ts),
    addressed: true,
    files: Array.isArray(e.files) ? e.files.filter(isObject).map((f) => ({ name: text(f.name) ?? "file", url: text(f.url_private) ?? "" })) : undefined,
  };
}

export interface SlashCommand {
  command: string;
  text: string;
  user_id: string;
  user_name?: string;
  team_id: string;
  channel_id: string;
  channel_name?: string;
  trigger_id: string;
  is_enterprise_install?: string;
}

export function commandToEvent(c: SlashCommand): InboundEvent | null {
  if (!text(c.command) || !text(c.user_id) || !text(c.channel_id) || !text(c.trigger_id)) return null;
  return {
    kind: "command",
    eventId: `cmd:${c.trigger_id}`,
    channel: channel(c.channel_id, text(c.team_id), c.channel_name === "directmessage", text(c.channel_name), c.channel_name?.startsWith("mpdm-")),
    // Only people of a workspace that installed the app can run its commands: team_id is theirs.
    actor: slackActor(c.user_id, text(c.team_id), text(c.user_name), true),
    command: c.command.replace(/^\//, "").toLowerCase(),
    text: typeof c.text === "string" ? c.text : "",
  };
}

export interface BlockActionBody {
  type: "block_actions";
  trigger_id?: string;
  team?: { id: string } | null;
  user: { id: string; team_id?: string; name?: string; username?: string };
  channel?: { id: string; name?: string };
  container?: { message_ts?: string; thread_ts?: string; channel_id?: string };
  message?: { ts: string; thread_ts?: string };
  actions: { action_id: string; value?: string; selected_option?: { value: string }; action_ts?: string }[];
  /** Input blocks in the message (e.g. a text box next to the buttons). */
  state?: { values?: Record<string, Record<string, { value?: string | null; selected_option?: { value: string } | null }>> };
}

/** Values typed into a message's input blocks, by action id. */
function inputValues(state: BlockActionBody["state"]): Record<string, string> {
  const fields: Record<string, string> = {};
  const values = isObject(state) && isObject(state.values) ? state.values : {};
  for (const block of Object.values(values)) {
    if (!isObject(block)) continue;
    for (const [id, input] of Object.entries(block)) {
      if (!isObject(input)) continue;
      const v = isObject(input.selected_option) ? input.selected_option.value : input.value;
      if (typeof v === "string") fields[id] = v;
    }
  }
  return fields;
}

// The card renderer escapes & < > in all Slack card data (mrkdwn); button values come back verbatim, so undo it.
const unescapeMrkdwn = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

/** Button values are JSON objects of strings (written by the card templates). */
export function parseValue(raw: string | undefined): Record<string, string> {
  if (!raw || typeof raw !== "string") return {};
  try {
    const v = JSON.parse(raw) as unknown;
    if (v && typeof v === "object" && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === "string" ? unescapeMrkdwn(x) : JSON.stringify(x)]));
    }
  } catch {
    /* a plain string value */
  }
  return { value: raw };
}

export function blockActionToEvent(body: BlockActionBody): InboundEvent | null {
  const a = Array.isArray(body.actions) && isObject(body.actions[0]) ? body.actions[0] : undefined;
  const channelId = text(body.channel?.id) ?? text(body.container?.channel_id);
  const userId = text(body.user?.id);
  if (!a || !text(a.action_id) || !channelId || !userId || !(text(body.trigger_id) ?? text(a.action_ts))) return null;
  // Overflow and select options carry their verb with their data.
  const chosen = isObject(a.selected_option) ? parseValue(text(a.selected_option.value)) : undefined;
  const verb = chosen?.verb ?? a.action_id.replace(/:\d+$/, "");
  const { verb: _verb, ...own } = chosen?.verb ? chosen : parseValue(a.value);
  // The button's own data wins over a typed field of the same name.
  const value = withCardRef({ ...inputValues(body.state), ...own });
  return {
    kind: "action",
    eventId: `act:${text(body.trigger_id) ?? `${channelId}:${a.action_ts}`}`,
    channel: channel(channelId, text(body.team?.id), channelId.startsWith("D"), text(body.channel?.name)),
    actor: slackActor(userId, text(body.user.team_id) ?? text(body.team?.id), text(body.user.name) ?? text(body.user.username), !!text(body.user.team_id)),
    action: verb,
    value,
    messageKey: value.card,
    messageId: text(body.message?.ts) ?? text(body.container?.message_ts),
    threadId: text(body.message?.thread_ts) ?? text(body.container?.thread_ts),
  };
}

export interface MessageShortcutBody {
  type: "message_action";
  callback_id: string;
  trigger_id: string;
  team?: { id: string };
  user: { id: string; team_id?: string; name?: string };
  channel: { id: string; name?: string };
  message: { ts: string; text?: string; user?: string; thread_ts?: string; permalink?: string };
  message_ts: string;
}

/** True when a message shortcut names its channel, message and user (what `shortcutToEvent` needs). */
export function isMessageShortcut(b: MessageShortcutBody): boolean {
  return !!text(b.trigger_id) && !!text(b.channel?.id) && isObject(b.message) && !!text(b.message.ts) && !!text(b.user?.id);
}

export function shortcutToEvent(b: MessageShortcutBody, permalink?: string): InboundEvent | null {
  if (!isMessageShortcut(b)) return null;
  return {
    kind: "message-action",
    eventId: `sc:${b.trigger_id}`,
    channel: channel(b.channel.id, text(b.team?.id), b.channel.id.startsWith("D"), text(b.channel.name)),
    actor: slackActor(b.user.id, text(b.user.team_id) ?? text(b.team?.id), text(b.user.name), !!text(b.user.team_id)),
    action: "create-ticket",
    message: {
      id: b.message.ts,
      text: typeof b.message.text === "string" ? b.message.text : "",
      author: text(b.message.user),
      link: permalink,
      threadId: text(b.message.thread_ts) ?? b.message.ts,
    },
  };
}

export interface ViewSubmissionBody {
  type: "view_submission";
  trigger_id?: string;
  team?: { id: string } | null;
  user: { id: string; team_id?: string; name?: string };
  view: { id: string; callback_id: string; private_metadata?: string; state: { values: Record<string, Record<string, { value?: string | null; selected_option?: { value: string } | null }>> } };
}

/** A modal form submit becomes an action whose value holds the form fields plus the modal's metadata. */
export function viewSubmissionToEvent(b: ViewSubmissionBody): InboundEvent | null {
  if (!isObject(b.view) || !text(b.view.id) || !text(b.view.callback_id) || !text(b.user?.id)) return null;
  const meta = withCardRef(parseValue(b.view.private_metadata));
  if (!text(meta.channel)) return null;
  const fields = inputValues(b.view.state as BlockActionBody["state"]);
  return {
    kind: "action",
    eventId: `view:${b.view.id}:${b.trigger_id ?? ""}`,
    channel: channel(meta.channel, text(b.team?.id), meta.channel.startsWith("D")),
    actor: slackActor(b.user.id, text(b.user.team_id) ?? text(b.team?.id), text(b.user.name), !!text(b.user.team_id)),
    action: b.view.callback_id,
    value: { ...meta, ...fields },
    messageKey: meta.card,
    threadId: meta.thread,
  };
}
