// Slack's side of card buttons. Block Kit carries a button's data as a string `value` (2000 characters), an
// overflow option's and a select option's as a `value` of 150 characters, and knows two button styles. These are
// added to the card data here, so core's contracts stay platform-neutral and the Slack templates can use them.

/** Fields this adapter adds (the template/contract test allows exactly these on buttons and pickers). */
export const SLACK_BUTTON_FIELDS = ["value", "option", "slackStyle"] as const;
export const SLACK_CHOICE_FIELDS = ["slackValue"] as const;

const STYLES: Record<string, string | null> = { positive: "primary", destructive: "danger", default: null };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isButton = (v: Record<string, unknown>) => typeof v.verb === "string" && isObject(v.data) && "form" in v;
const isPicker = (v: Record<string, unknown>) => typeof v.verb === "string" && isObject(v.data) && typeof v.field === "string" && Array.isArray(v.choices);

/** An overflow or select option value: the verb and data, short enough for Slack (the card key goes if needed). */
export function optionValue(verb: string, data: Record<string, unknown>): string {
  const full = JSON.stringify({ verb, ...data });
  if (full.length <= 150) return full;
  const { card: _card, ...rest } = data;
  return JSON.stringify({ verb, ...rest });
}

export function slackCardData<T>(data: T): T {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (!isObject(v)) return v;
    const out: Record<string, unknown> = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    if (isButton(v)) {
      out.value = JSON.stringify(v.data);
      out.option = optionValue(String(v.verb), v.data as Record<string, unknown>);
      out.slackStyle = STYLES[String(v.style)] ?? null;
    } else if (isPicker(v)) {
      out.choices = (v.choices as { title: string; value: string }[]).map((c) => ({
        ...c,
        slackValue: optionValue(String(v.verb), { ...(v.data as Record<string, unknown>), [String(v.field)]: c.value }),
      }));
    }
    return out;
  };
  return walk(data) as T;
}
