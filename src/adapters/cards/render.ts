import fs from "node:fs";
import path from "node:path";
import type * as ACData from "adaptivecards-templating";
import type { z } from "zod";
import { CARD_CONTRACTS } from "../../core/cards/registry";
import { slackCardData } from "../slack/card-values";
import { teamsCardData } from "../teams/card-inputs";

export const CARDS_DIR = path.resolve(__dirname, "../../../cards");

export type CardPlatform = "teams" | "slack";

/**
 * adaptivecards-templating and its expression language (adaptive-expressions, an ANTLR parser) take about half a
 * second of CPU to load, and a Template about 5 ms per "${...}" string to make (1.2 s for all the cards): loaded
 * and made after the server listens (warm), or by the first render that needs them.
 */
let templating: typeof ACData | undefined;
const loadTemplating = () => (templating ??= require("adaptivecards-templating") as typeof ACData);

// A word joiner (U+2060) is invisible and, unlike a zero-width space, no place to break a line.
const JOIN = "\u2060";

/** Neutralises user text for each platform: it is data, never markup, links or pings. */
const escapers: Record<CardPlatform, (s: string) => string> = {
  // Slack mrkdwn control characters; "<!channel>" and "<@U..>" need "<", so escaping it stops pings too.
  slack: (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"),
  // Adaptive Card TextBlocks render a markdown subset: break link syntax so user text cannot become a link.
  // Teams text messages also render some HTML: a word joiner after "<" leaves every tag inert.
  teams: (s) =>
    s
      .replace(/\]\(/g, `]${JOIN}(`)
      .replace(/<(\/?)at>/gi, "&lt;$1at&gt;")
      .replace(/<(?=[a-zA-Z/!?])/g, `<${JOIN}`),
};

function escapeData(value: unknown, esc: (s: string) => string): unknown {
  if (typeof value === "string") return esc(value).replace(/\$\{/g, `$${JOIN}{`);
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

const partialName = (node: unknown) => (node && typeof node === "object" && !Array.isArray(node) ? (node as { $partial?: unknown }).$partial : undefined);

/**
 * `{"$partial": "actions"}` stands for cards/<platform>/_partials/actions.json: in an array, for its items (or the
 * object it holds); elsewhere, for the object. Shared pieces (the action bar, a button's form) are written once.
 */
function withPartials(node: unknown, load: (name: string) => unknown): unknown {
  if (Array.isArray(node)) {
    return node.flatMap((item) => {
      const name = partialName(item);
      if (typeof name !== "string") return [withPartials(item, load)];
      // Keys beside "$partial" (a "$data" loop) apply to each of its items.
      const { $partial: _name, ...extra } = item as Record<string, unknown>;
      const part = load(name);
      return (Array.isArray(part) ? part : [part]).map((p) => withPartials({ ...(p as object), ...extra }, load));
    });
  }
  const name = partialName(node);
  if (typeof name === "string") return withPartials(load(name), load);
  if (node && typeof node === "object") return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, withPartials(v, load)]));
  return node;
}

export class CardTemplateError extends Error {}

type Contracts = Record<string, z.ZodType>;

/**
 * Expands cards/<platform>/<name>.json with data (adaptivecards-templating for both platforms). The data must
 * match the card's contract, and nothing may stay unexpanded. Each template is parsed once (a Template expands
 * any number of times), so rendering costs only the expansion.
 */
export class CardRenderer {
  private readonly cache = new Map<string, ACData.Template>();
  private readonly sources = new Map<string, unknown>();

  constructor(
    private readonly dir = CARDS_DIR,
    private readonly contracts: Contracts = CARD_CONTRACTS,
  ) {}

  /** The template as written, with its partials in place (for tests and the preview). */
  source(platform: CardPlatform, name: string): unknown {
    const file = path.join(this.dir, platform, `${name}.json`);
    if (!fs.existsSync(file)) throw new CardTemplateError(`no ${platform} card template "${name}" (${platform}/${name}.json)`);
    const read = (f: string) => JSON.parse(fs.readFileSync(f, "utf8")) as unknown;
    return withPartials(read(file), (partial) => read(path.join(this.dir, platform, "_partials", `${partial}.json`)));
  }

  private template(platform: CardPlatform, name: string): ACData.Template {
    const key = `${platform}/${name}`;
    let tpl = this.cache.get(key);
    if (!tpl) {
      const source = this.sources.get(key) ?? this.source(platform, name);
      tpl = new (loadTemplating().Template)(source);
      this.cache.set(key, tpl);
      this.sources.delete(key);
    }
    return tpl;
  }

  /**
   * Reads and parses every template file (with its partials) now, before the server listens: a broken template
   * stops start-up instead of a turn, and no request reads a file.
   */
  preload(): number {
    let n = 0;
    for (const platform of ["teams", "slack"] as const) {
      const dir = path.join(this.dir, platform);
      if (!fs.existsSync(dir)) continue;
      for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".json"))) {
        const name = file.slice(0, -".json".length);
        try {
          this.sources.set(`${platform}/${name}`, this.source(platform, name));
        } catch (err) {
          throw new CardTemplateError(`card template ${platform}/${file} cannot be read: ${(err as Error).message}`);
        }
        n++;
      }
    }
    return n;
  }

  /**
   * Makes the Template of every preloaded card (parsing its "${...}"), one card per turn of the event loop, so a
   * request arriving meanwhile waits at most one card. Resolves when done or stopped.
   */
  async warm(signal?: { stopped: boolean }): Promise<void> {
    for (const key of [...this.sources.keys()]) {
      if (signal?.stopped) return;
      await new Promise((r) => setImmediate(r));
      const [platform, name] = key.split("/") as [CardPlatform, string];
      if (this.sources.has(key)) this.template(platform, name);
    }
  }

  render<T = Record<string, unknown>>(platform: CardPlatform, card: { name: string; data: object }): T {
    const contract = this.contracts[card.name];
    if (!contract) throw new CardTemplateError(`no contract for card "${card.name}"`);
    const checked = contract.safeParse(card.data);
    if (!checked.success) {
      const issue = checked.error.issues[0]!;
      throw new CardTemplateError(`card ${card.name}: data does not match its contract at ${issue.path.join(".") || "(root)"}: ${issue.message}`);
    }
    const prepared = platform === "slack" ? slackCardData(checked.data) : teamsCardData(checked.data);
    const data = escapeData(prepared, escapers[platform]);
    const expanded = this.template(platform, card.name).expand({ $root: data });
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
