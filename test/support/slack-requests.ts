import { createHmac } from "node:crypto";

export const SIGNING_SECRET = "test-signing-secret";

/** Headers Slack sends: v0 HMAC-SHA256 over "v0:<ts>:<raw body>". */
export function slackSignature(raw: string, ts = Math.floor(Date.now() / 1000), secret = SIGNING_SECRET): Record<string, string> {
  const sig = "v0=" + createHmac("sha256", secret).update(`v0:${ts}:${raw}`).digest("hex");
  return { "x-slack-request-timestamp": String(ts), "x-slack-signature": sig };
}

let seq = 0;
export const nextId = (prefix: string) => `${prefix}${Date.now().toString(36)}${(++seq).toString(36)}`;

export interface SlackUser {
  id: string;
  team: string;
  name?: string;
}
export const ALICE: SlackUser = { id: "UALICE", team: "T1", name: "alice" };

export function eventEnvelope(event: Record<string, unknown>, eventId = nextId("Ev")) {
  return { token: "x", team_id: "T1", api_app_id: "A1", type: "event_callback", event_id: eventId, event_time: Math.floor(Date.now() / 1000), event };
}

export function mentionEvent(text: string, opts: { channel?: string; user?: SlackUser; ts?: string; thread_ts?: string } = {}) {
  const user = opts.user ?? ALICE;
  return { type: "app_mention", user: user.id, user_team: user.team, text: `<@UBOT> ${text}`, ts: opts.ts ?? `${Date.now() / 1000}`, thread_ts: opts.thread_ts, channel: opts.channel ?? "C1", event_ts: "1" };
}

export function dmEvent(text: string, opts: { channel?: string; user?: SlackUser } = {}) {
  const user = opts.user ?? ALICE;
  return { type: "message", channel_type: "im", user: user.id, user_team: user.team, text, ts: `${Date.now() / 1000}`, channel: opts.channel ?? "DALICE", event_ts: "1" };
}

export function commandForm(command: string, text: string, opts: { channel?: string; user?: SlackUser; responseUrl?: string } = {}) {
  const user = opts.user ?? ALICE;
  return new URLSearchParams({
    token: "x",
    team_id: user.team,
    team_domain: "example",
    channel_id: opts.channel ?? "C1",
    channel_name: "it-shared",
    user_id: user.id,
    user_name: user.name ?? user.id,
    command,
    text,
    api_app_id: "A1",
    response_url: opts.responseUrl ?? "http://127.0.0.1:9/commands/response",
    trigger_id: nextId("trig."),
  }).toString();
}

export interface BlockActionOptions {
  channel?: string;
  user?: SlackUser;
  messageTs?: string;
  threadTs?: string;
  /** The message's input blocks as Slack sends them (state.values: block id -> action id -> element state). */
  state?: Record<string, Record<string, unknown>>;
}

/** A Bolt block_actions payload: one action on a message. */
function blockActionsForm(action: Record<string, unknown>, opts: BlockActionOptions): string {
  const user = opts.user ?? ALICE;
  const payload = {
    type: "block_actions",
    trigger_id: nextId("trig."),
    team: { id: "T1", domain: "example" },
    user: { id: user.id, team_id: user.team, name: user.name ?? user.id },
    api_app_id: "A1",
    channel: { id: opts.channel ?? "C1", name: "it-shared" },
    container: { type: "message", message_ts: opts.messageTs ?? "1700000001.000100", channel_id: opts.channel ?? "C1", thread_ts: opts.threadTs },
    message: { ts: opts.messageTs ?? "1700000001.000100", thread_ts: opts.threadTs, type: "message", text: "" },
    ...(opts.state ? { state: { values: opts.state } } : {}),
    response_url: "http://127.0.0.1:9/actions/response",
    actions: [{ ...action, block_id: "b1", action_ts: `${Date.now() / 1000}` }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** A button click: the button's value is the JSON of `value`. */
export function blockActionForm(actionId: string, value: Record<string, string>, opts: BlockActionOptions = {}) {
  return blockActionsForm({ type: "button", action_id: actionId, value: JSON.stringify(value) }, opts);
}

/**
 * A modal submitted: what Slack sends after a button with a form opened it (callback id = the button's verb,
 * private metadata = the button's data and where the card lives, the typed fields as state).
 */
export function viewSubmissionForm(verb: string, meta: Record<string, string>, fields: Record<string, string>, opts: { user?: SlackUser } = {}) {
  const user = opts.user ?? ALICE;
  const values = Object.fromEntries(
    Object.entries(fields).map(([id, v]) => [id, { [id]: CHOICE_FIELDS.has(id) ? { type: "static_select", selected_option: { text: { type: "plain_text", text: v }, value: v } } : { type: "plain_text_input", value: v } }]),
  );
  const payload = {
    type: "view_submission",
    trigger_id: nextId("trig."),
    team: { id: "T1", domain: "example" },
    user: { id: user.id, team_id: user.team, name: user.name ?? user.id },
    api_app_id: "A1",
    view: { id: nextId("V"), type: "modal", callback_id: verb, private_metadata: JSON.stringify(meta), state: { values } },
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** Form fields that are select menus (their value arrives as a selected option). */
const CHOICE_FIELDS = new Set(["severity", "to", "decision"]);

/** A static_select choice (selected_option carries the option's value). */
export function selectActionForm(actionId: string, optionValue: string, opts: BlockActionOptions = {}) {
  return blockActionsForm({ type: "static_select", action_id: actionId, selected_option: { text: { type: "plain_text", text: "x" }, value: optionValue } }, opts);
}

export function shortcutForm(callbackId: string, message: { ts: string; text: string; user?: string }, opts: { channel?: string; user?: SlackUser } = {}) {
  const user = opts.user ?? ALICE;
  const payload = {
    type: "message_action",
    callback_id: callbackId,
    trigger_id: nextId("trig."),
    team: { id: "T1", domain: "example" },
    user: { id: user.id, team_id: user.team, name: user.name ?? user.id },
    channel: { id: opts.channel ?? "C1", name: "it-shared" },
    message: { type: "message", ts: message.ts, text: message.text, user: message.user ?? "UBOB" },
    message_ts: message.ts,
    response_url: "http://127.0.0.1:9/shortcut/response",
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
