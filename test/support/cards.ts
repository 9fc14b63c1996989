// Checks every card test shares: a Teams card must parse and validate as an Adaptive Card 1.5 (the adaptivecards
// parser), Slack blocks must stay inside Block Kit's limits. Each returns the problems found, so a test asserts
// `expect(...).toEqual([])` and a failure names what is wrong. Card-specific checks (verbs, keys) stay in the tests.
import type * as ACTypes from "adaptivecards";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC: typeof ACTypes = require("adaptivecards/dist/adaptivecards.js");

/** Teams' limit on a card's actions (its host configuration: maxActions 6, overflow included). */
export const TEAMS_MAX_ACTIONS = 6;

/** What the Adaptive Cards parser and validator say about a card, plus a version other than 1.5. */
export function adaptiveCardProblems(json: object): string[] {
  const card = new AC.AdaptiveCard();
  card.hostConfig = new AC.HostConfig({ actions: { maxActions: TEAMS_MAX_ACTIONS } });
  const ctx = new AC.SerializationContext();
  card.parse(json, ctx);
  const problems: string[] = [];
  if ((json as { version?: unknown }).version !== "1.5") problems.push(`version ${String((json as { version?: unknown }).version)}, not 1.5`);
  for (let i = 0; i < ctx.eventCount; i++) problems.push(ctx.getEventAt(i).message);
  for (const e of card.validateProperties().validationEvents) problems.push(e.message);
  return problems;
}

/** Every Action.Execute anywhere in a Teams card (actions, body, nested show-cards). */
export function executeActions(node: unknown, out: { verb: string; data: Record<string, any> }[] = []): { verb: string; data: Record<string, any> }[] {
  if (Array.isArray(node)) node.forEach((n) => executeActions(n, out));
  else if (node && typeof node === "object") {
    const o = node as Record<string, unknown>;
    if (o.type === "Action.Execute") out.push({ ...(o as object), verb: String(o.verb), data: o.data as Record<string, any> });
    Object.values(o).forEach((v) => executeActions(v, out));
  }
  return out;
}

/**
 * The actions a person sees on a Teams card without opening anything: every Action.* anywhere in the card (the
 * card's action bar, ActionSets in the body, select actions), except those behind "..." (mode "secondary") and
 * those inside an Action.ShowCard's card (seen only once it is opened).
 */
export function teamsActionsInView(node: unknown, out: any[] = []): any[] {
  if (Array.isArray(node)) node.forEach((n) => teamsActionsInView(n, out));
  else if (node && typeof node === "object") {
    const o = node as Record<string, unknown>;
    if (typeof o.type === "string" && o.type.startsWith("Action.")) {
      if (o.mode !== "secondary") out.push(o);
      return out; // a ShowCard's card and a secondary action's contents are not in view
    }
    Object.values(o).forEach((v) => teamsActionsInView(v, out));
  }
  return out;
}

/** The buttons a person sees in a Slack message: buttons in actions blocks and as section accessories (menus are not buttons). */
export const slackButtonsInView = (blocks: any[]): any[] => slackElements(blocks).filter((e) => e.type === "button");

const KNOWN_BLOCKS = new Set(["section", "divider", "actions", "context", "header", "image", "input", "rich_text", "file", "video"]);
const INTERACTIVE = new Set(["button", "static_select", "overflow", "users_select", "datepicker"]);

/** The interactive elements of Slack blocks: section accessories and the elements of actions blocks. */
export function slackElements(blocks: any[]): any[] {
  return blocks.flatMap((b) => [...(b.accessory ? [b.accessory] : []), ...(b.type === "actions" ? b.elements : [])]);
}

/** The blocks of a Slack API call's body (chat.postMessage / chat.update send them as a JSON string or an array). */
export function blocksOf(body: any): any[] {
  return typeof body.blocks === "string" ? JSON.parse(body.blocks) : (body.blocks ?? []);
}

/** Where Slack blocks break Block Kit's rules or limits (Slack refuses such a message). */
export function slackBlockProblems(blocks: any[]): string[] {
  const problems: string[] = [];
  const say = (where: string, what: string) => problems.push(`${where}: ${what}`);
  if (blocks.length === 0) say("message", "no blocks");
  if (blocks.length > 50) say("message", `${blocks.length} blocks, over 50`);
  const blockIds = new Set<string>();
  blocks.forEach((b, i) => {
    const where = `block ${i} (${b.type})`;
    if (!KNOWN_BLOCKS.has(b.type)) say(where, "unknown block type");
    if (JSON.stringify(b).includes("null")) say(where, "contains null");
    if (b.text) {
      const text = String(b.text.text ?? "");
      if (text.trim().length === 0) say(where, "empty text");
      if (text.length > (b.type === "header" ? 150 : 3000)) say(where, `text of ${text.length} characters`);
    }
    if (b.fields && b.fields.length > 10) say(where, `${b.fields.length} fields, over 10`);
    if (b.type === "context" && (b.elements.length === 0 || b.elements.length > 10)) say(where, `${b.elements.length} elements, not 1 to 10`);
    if (b.type === "actions" && b.elements.length > 25) say(where, `${b.elements.length} elements, over 25`);
    if (b.block_id) {
      if (blockIds.has(b.block_id)) say(where, `duplicate block_id ${b.block_id}`);
      blockIds.add(b.block_id);
    }
    if (b.type === "input" && b.element?.type === "static_select") selectProblems(b.element, where, say);
  });
  const actionIds = new Set<string>();
  for (const el of slackElements(blocks)) {
    const where = `element ${el.action_id} (${el.type})`;
    if (!INTERACTIVE.has(el.type)) say(where, "not an interactive element");
    if (typeof el.action_id !== "string") say(where, "no action_id");
    if (actionIds.has(el.action_id)) say(where, "duplicate action_id"); // Slack refuses duplicate action ids in one message
    actionIds.add(el.action_id);
    if (el.text?.text !== undefined && el.text.text.length > 75) say(where, "button text over 75 characters");
    if (typeof el.value === "string" && el.value.length > 2000) say(where, "value over 2000 characters");
    if (el.type === "button") {
      if (!el.url) {
        try {
          JSON.parse(el.value);
        } catch {
          say(where, "value is not JSON");
        }
      }
    }
    if (el.type === "overflow") {
      if (!Array.isArray(el.options) || el.options.length < 2 || el.options.length > 5) say(where, `overflow with ${el.options?.length} options, not 2 to 5`);
      for (const o of el.options ?? []) {
        if (String(o.value).length > 150) say(where, `option value over 150 characters: ${o.value}`);
        if (String(o.text?.text ?? "").length > 75) say(where, "option text over 75 characters");
      }
    }
    if (el.type === "static_select") selectProblems(el, where, say);
  }
  return problems;
}

function selectProblems(el: any, where: string, say: (where: string, what: string) => void): void {
  if (!el.options || el.options.length === 0) say(where, "no options");
  for (const o of el.options ?? []) if (o.value.length > 150) say(where, `option value over 150 characters: ${o.value}`);
  if (el.initial_option) {
    const match = (el.options ?? []).find((o: any) => o.value === el.initial_option.value);
    if (!match) say(where, "initial option is not among the options");
    else if (match.text.text !== el.initial_option.text.text) say(where, "initial option's text differs from its option's");
  }
}

/** Every button of a Slack card: buttons in view, section accessories, and the options behind "..." as buttons. */
export const slackButtons = (blocks: any[]): any[] =>
  blocks.flatMap((b) => [...(b.accessory ? [b.accessory] : []), ...(b.type === "actions" ? b.elements : [])]).flatMap((e: any) => {
    if (e.type !== "overflow") return [e];
    return e.options.map((o: any) => {
      const { verb, ...data } = JSON.parse(o.value);
      return { type: "button", action_id: verb, text: o.text, value: JSON.stringify(data) };
    });
  });

/** The options of a Slack message's menus (selects and overflows), each with its verb and data and the menu's action id. */
export const slackMenuOptions = (blocks: any[]): { actionId: string; text: string; value: string; verb: string; data: Record<string, string> }[] =>
  slackElements(blocks)
    .filter((e: any) => e.type === "static_select" || e.type === "overflow")
    .flatMap((e: any) =>
      e.options.map((o: any) => {
        const { verb, ...data } = JSON.parse(o.value);
        return { actionId: e.action_id, text: o.text.text, value: o.value, verb, data };
      }),
    );
