// What Slack accepts in one message, as documented (Block Kit reference for blocks, sections, headers, buttons and
// options; chat.postMessage for text). Checked on the message as it will be sent, i.e. after escaping.
export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  field: 2000,
  fields: 10,
  header: 150,
  contextText: 3000,
  buttonText: 75,
  buttonValue: 2000,
  optionText: 75,
  optionValue: 150,
  /** chat.postMessage answers msg_too_long above this. */
  text: 40_000,
} as const;

export interface SlackMessage {
  text: string;
  blocks?: unknown[];
}

type Block = {
  type?: string;
  text?: { text?: string };
  fields?: { text?: string }[];
  elements?: { type?: string; text?: string | { text?: string }; value?: string; options?: { text?: { text?: string }; value?: string }[] }[];
  accessory?: { type?: string; text?: { text?: string }; value?: string; options?: { text?: { text?: string }; value?: string }[] };
};

const len = (s: unknown) => (typeof s === "string" ? s.length : 0);

/** Where a message breaks Slack's limits (empty when Slack takes it). */
export function slackBreaches(message: SlackMessage): string[] {
  const out: string[] = [];
  const L = SLACK_LIMITS;
  if (message.text.length > L.text) out.push(`text of ${message.text.length} characters (at most ${L.text})`);
  const blocks = (message.blocks ?? []) as Block[];
  if (blocks.length > L.blocks) out.push(`${blocks.length} blocks (at most ${L.blocks})`);
  blocks.forEach((b, i) => {
    const at = `block ${i} (${b.type})`;
    const text = len(b.text?.text);
    if (b.type === "header" && text > L.header) out.push(`${at}: header of ${text} characters (at most ${L.header})`);
    if (b.type === "section" && text > L.sectionText) out.push(`${at}: text of ${text} characters (at most ${L.sectionText})`);
    if ((b.fields ?? []).length > L.fields) out.push(`${at}: ${b.fields!.length} fields (at most ${L.fields})`);
    for (const f of b.fields ?? []) if (len(f.text) > L.field) out.push(`${at}: a field of ${len(f.text)} characters (at most ${L.field})`);
    if (b.type === "context") for (const e of b.elements ?? []) if (len(e.text) > L.contextText) out.push(`${at}: context text of ${len(e.text)} characters (at most ${L.contextText})`);
    const controls = [...(b.accessory ? [b.accessory] : []), ...(b.type === "actions" ? (b.elements ?? []) : [])];
    for (const c of controls) {
      const label = typeof c.text === "object" ? len(c.text?.text) : 0;
      if (c.type === "button" && label > L.buttonText) out.push(`${at}: a button label of ${label} characters (at most ${L.buttonText})`);
      if (c.type === "button" && len(c.value) > L.buttonValue) out.push(`${at}: a button value of ${len(c.value)} characters (at most ${L.buttonValue})`);
      for (const o of c.options ?? []) {
        if (len(o.text?.text) > L.optionText) out.push(`${at}: an option label of ${len(o.text?.text)} characters (at most ${L.optionText})`);
        if (len(o.value) > L.optionValue) out.push(`${at}: an option value of ${len(o.value)} characters (at most ${L.optionValue})`);
      }
    }
  });
  return out;
}

/** Slack's answers that mean "this content cannot be sent as it is" (not a fault of the moment). */
export const SLACK_CONTENT_ERRORS = new Set(["invalid_blocks", "msg_too_long", "msg_blocks_too_long"]);
