import type { Actor, ChannelRef, InboundEvent } from "../../core/conversation/events";

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

export function slackActor(userId: string, teamId: string | undefined, name?: string): Actor {
  return { platform: "slack", teamId: teamId ?? "", userId, name };
}

function channel(id: string, teamId: string | undefined, isDirect: boolean, name?: string): ChannelRef {
  return { platform: "slack", id, teamId, isDirect, name };
}

export function messageToEvent(body: { event_id?: string; team_id?: string }, e: SlackMessageEvent, mentioned: boolean): InboundEvent | null {
  if (e.bot_id || !e.user || (e.subtype && e.subtype !== "file_share" && e.subtype !== "thread_broadcast")) return null;
  const isDirect = e.channel_type === "im";
  if (!mentioned && !isDirect) return null;
  return {
    kind: "message",
    eventId: body.event_id ?? `${e.channel}:${e.ts}`,
    channel: channel(e.channel, body.team_id, isDirect),
    // Slack Connect: a guest from another workspace keeps their own team id.
    actor: slackActor(e.user, e.user_team ?? e.team ?? body.team_id),
    text: e.text ?? "",
    messageId: e.ts,
    threadId: e.thread_ts,
    addressed: true,
    files: e.files?.map((f) => ({ name: f.name ?? "file", url: f.url_private ?? "" })),
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

export function commandToEvent(c: SlashCommand): InboundEvent {
  return {
    kind: "command",
    eventId: `cmd:${c.trigger_id}`,
    channel: channel(c.channel_id, c.team_id, c.channel_name === "directmessage", c.channel_name),
    actor: slackActor(c.user_id, c.team_id, c.user_name),
    command: c.command.replace(/^\//, "").toLowerCase(),
    text: c.text ?? "",
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
  for (const block of Object.values(state?.values ?? {})) {
    for (const [id, input] of Object.entries(block)) {
      const v = input?.selected_option?.value ?? input?.value;
      if (v !== undefined && v !== null) fields[id] = v;
    }
  }
  return fields;
}

// The card renderer escapes & < > in all Slack card data (mrkdwn); button values come back verbatim, so undo it.
const unescapeMrkdwn = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

/** Button values are JSON objects of strings (written by the card templates). */
export function parseValue(raw: string | undefined): Record<string, string> {
  if (!raw) return {};
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
  const a = body.actions?.[0];
  const channelId = body.channel?.id ?? body.container?.channel_id;
  if (!a || !channelId) return null;
  const own = a.selected_option ? { ...parseValue(a.value), choice: a.selected_option.value } : parseValue(a.value);
  // The button's own data wins over a typed field of the same name.
  const value = { ...inputValues(body.state), ...own };
  return {
    kind: "action",
    eventId: `act:${body.trigger_id ?? `${channelId}:${a.action_ts}`}`,
    channel: channel(channelId, body.team?.id, channelId.startsWith("D"), body.channel?.name),
    actor: slackActor(body.user.id, body.user.team_id ?? body.team?.id, body.user.name ?? body.user.username),
    action: a.action_id.replace(/:\d+$/, ""),
    value,
    messageKey: value.key,
    messageId: body.message?.ts ?? body.container?.message_ts,
    threadId: body.message?.thread_ts ?? body.container?.thread_ts,
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

export function shortcutToEvent(b: MessageShortcutBody, permalink?: string): InboundEvent {
  return {
    kind: "message-action",
    eventId: `sc:${b.trigger_id}`,
    channel: channel(b.channel.id, b.team?.id, b.channel.id.startsWith("D"), b.channel.name),
    actor: slackActor(b.user.id, b.user.team_id ?? b.team?.id, b.user.name),
    action: "create-ticket",
    message: { id: b.message.ts, text: b.message.text ?? "", author: b.message.user, link: permalink, threadId: b.message.thread_ts ?? b.message.ts },
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
  const meta = parseValue(b.view.private_metadata);
  if (!meta.channel) return null;
  const fields: Record<string, string> = {};
  for (const block of Object.values(b.view.state?.values ?? {})) {
    for (const [id, input] of Object.entries(block)) {
      const v = input.selected_option?.value ?? input.value;
      if (v !== undefined && v !== null) fields[id] = v;
    }
  }
  return {
    kind: "action",
    eventId: `view:${b.view.id}:${b.trigger_id ?? ""}`,
    channel: channel(meta.channel, b.team?.id, meta.channel.startsWith("D")),
    actor: slackActor(b.user.id, b.user.team_id ?? b.team?.id, b.user.name),
    action: b.view.callback_id,
    value: { ...meta, ...fields },
    messageKey: meta.key,
    threadId: meta.thread,
  };
}
