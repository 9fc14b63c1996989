import fs from "node:fs";
import path from "node:path";
import * as ACData from "adaptivecards-templating";
import type { CardReply } from "../../core/conversation/reply";

export const CARDS_DIR = path.resolve(__dirname, "../../../cards");

// adaptivecards-templating re-parses every "${...}" string on every expansion; parsed expressions are immutable and
// evaluated against the data given, so parsing each template string once cuts rendering time several-fold.
const templateStatics = ACData.Template as unknown as { parseInterpolatedString(s: string): unknown };
const parseOnce = templateStatics.parseInterpolatedString.bind(ACData.Template);
const parsed = new Map<string, unknown>();
templateStatics.parseInterpolatedString = (s: string) => {
  let e = parsed.get(s);
  if (e === undefined) {
    e = parseOnce(s);
    if (parsed.size < 20_000) parsed.set(s, e);
  }
  return e;
};

// A missing template field renders empty instead of "${x}".
ACData.GlobalSettings.getUndefinedFieldValueSubstitutionString = () => "";

export type CardPlatform = "teams" | "slack";

/** Neutralises user text for each platform: it is data, never markup, links or pings. */
const escapers: Record<CardPlatform, (s: string) => string> = {
  // Slack mrkdwn control characters; "<!channel>" and "<@U..>" need "<", so escaping it stops pings too.
  slack: (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"),
  // Adaptive Card TextBlocks render a markdown subset: break link syntax so user text cannot become a link.
  // Teams text messages also render some HTML: a zero-width space after "<" leaves every tag inert.
  teams: (s) =>
    s
      .replace(/\]\(/g, "]\u200B(")
      .replace(/<(\/?)at>/gi, "&lt;$1at&gt;")
      .replace(/<(?=[a-zA-Z/!?])/g, "<\u200B"),
};

function escapeData(value: unknown, esc: (s: string) => string): unknown {
  if (typeof value === "string") return esc(value).replace(/\$\{/g, "$\u200B{");
  if (Array.isArray(value)) return value.map((v) => escapeData(v, esc));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeData(v, esc)]));
  }
  return value;
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)]));
  }
  return value;
}

function visitStrings(value: unknown, visit: (s: string) => unknown): void {
  if (typeof value === "string") visit(value);
  else if (Array.isArray(value)) for (const v of value) visitStrings(v, visit);
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) (visitStrings(k, visit), visitStrings(v, visit));
}

export class CardTemplateError extends Error {}

/** Loads cards/<platform>/<name>.json once and expands it with data (adaptivecards-templating for both platforms). */
export class CardRenderer {
  private readonly cache = new Map<string, object>();

  constructor(private readonly dir = CARDS_DIR) {}

  template(platform: CardPlatform, name: string): object {
    const key = `${platform}/${name}`;
    let tpl = this.cache.get(key);
    if (!tpl) {
      const file = path.join(this.dir, platform, `${name}.json`);
      if (!fs.existsSync(file)) throw new CardTemplateError(`no ${platform} card template "${name}" (${key}.json)`);
      tpl = JSON.parse(fs.readFileSync(file, "utf8")) as object;
      this.cache.set(key, tpl);
    }
    return tpl;
  }

  /**
   * Reads and parses every template, and every "${...}" in them, now: start-up pays for it instead of the first
   * person to get each card, and a broken template stops start-up instead of a turn.
   */
  preload(): number {
    let n = 0;
    for (const platform of ["teams", "slack"] as const) {
      const dir = path.join(this.dir, platform);
      if (!fs.existsSync(dir)) continue;
      for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".json"))) {
        let tpl: object;
        try {
          tpl = this.template(platform, file.slice(0, -".json".length));
        } catch (err) {
          throw new CardTemplateError(`card template ${platform}/${file} is not valid JSON: ${(err as Error).message}`);
        }
        visitStrings(tpl, (s) => s.includes("${") && templateStatics.parseInterpolatedString(s));
        n++;
      }
    }
    return n;
  }

  render<T = Record<string, unknown>>(platform: CardPlatform, card: CardReply): T {
    const data = escapeData(card.data, escapers[platform]);
    const expanded = new ACData.Template(this.template(platform, card.name)).expand({ $root: data });
    // A "$when" that is false on an object-valued property (an optional accessory) leaves null; Block Kit refuses null.
    const out = (platform === "slack" ? withoutNulls(expanded) : expanded) as T;
    const text = JSON.stringify(out);
    const leftover = /\$\{[^}]*\}/.exec(text);
    if (leftover) throw new CardTemplateError(`card ${platform}/${card.name} left "${leftover[0]}" unexpanded`);
    return out;
  }

  /** Escapes a plain text line the same way card data is escaped. */
  escapeText(platform: CardPlatform, text: string): string {
    return escapers[platform](text);
  }
}
