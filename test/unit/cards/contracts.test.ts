// The templates and the data contracts agree: every ${...} in a card's templates (both platforms, partials
// included) names a field of the card's contract, and every field of the contract is used by a template. A field
// renamed on one side only fails here, not as an empty line in a channel.
import * as AEL from "adaptive-expressions";
import { z } from "zod";
import { CardRenderer } from "../../../src/adapters/cards/render";
import { SLACK_BUTTON_FIELDS, SLACK_CHOICE_FIELDS } from "../../../src/adapters/slack/card-values";
import { TEAMS_INPUT_FIELDS } from "../../../src/adapters/teams/card-inputs";
import { buttonSchema, fieldSchema, pickerSchema } from "../../../src/core/cards/action";
import { CARD_CONTRACTS, CARD_NAMES } from "../../../src/core/cards/registry";

type Node = z.ZodType;
interface Scope {
  schema: Node | undefined;
  path: string;
  vars: Record<string, Scope>;
}

const unwrap = (s: Node | undefined): Node | undefined => {
  let x = s as any;
  while (x && (x instanceof z.ZodNullable || x instanceof z.ZodOptional)) x = x.unwrap();
  return x;
};

/** Fields the platform adapters add to card data, by the contract object they are added to, and what they derive from. */
function adapterField(owner: Node | undefined, name: string, choiceOfPicker: boolean, pickerOwner: boolean): string[] | null {
  if (owner === buttonSchema && (SLACK_BUTTON_FIELDS as readonly string[]).includes(name)) return name === "slackStyle" ? ["style"] : ["verb", "data"];
  if (choiceOfPicker && (SLACK_CHOICE_FIELDS as readonly string[]).includes(name)) return ["value"];
  if (owner === fieldSchema && (TEAMS_INPUT_FIELDS as readonly string[]).includes(name)) return ["id"];
  if (pickerOwner && (TEAMS_INPUT_FIELDS as readonly string[]).includes(name)) return ["field"];
  return null;
}

function check(name: string, templates: unknown[]): { unknown: string[]; unused: string[] } {
  const root = CARD_CONTRACTS[name as keyof typeof CARD_CONTRACTS] as Node;
  const touched = new Set<string>();
  const whole = new Set<string>();
  const unknown = new Set<string>();
  const pickerChoices = new Set<Node>([pickerSchema.shape.choices.element]);

  const child = (scope: Scope, key: string): Scope | undefined => {
    const s = unwrap(scope.schema);
    if (!s) return undefined;
    if (s instanceof z.ZodRecord) return { schema: (s as any).valueType, path: `${scope.path}.*`, vars: scope.vars };
    if (s instanceof z.ZodObject) {
      const shape = (s as z.ZodObject).shape as Record<string, Node>;
      if (key in shape) return { schema: shape[key], path: scope.path ? `${scope.path}.${key}` : key, vars: scope.vars };
      const derived = adapterField(s, key, pickerChoices.has(s), s === pickerSchema);
      if (derived) {
        for (const d of derived) whole.add(scope.path ? `${scope.path}.${d}` : d);
        return { schema: z.string(), path: `${scope.path}.${key}`, vars: scope.vars };
      }
      unknown.add(scope.path ? `${scope.path}.${key}` : key);
      return undefined;
    }
    return undefined;
  };
  const element = (scope: Scope | undefined): Scope | undefined => {
    const s = unwrap(scope?.schema);
    return s instanceof z.ZodArray ? { schema: (s as any).element, path: `${scope!.path}[]`, vars: scope!.vars } : scope;
  };

  /** Resolves an expression in a scope; `asValue` marks a final field as used whole. */
  const resolve = (e: AEL.Expression, scope: Scope, asValue: boolean): Scope | undefined => {
    switch (e.type) {
      case "Accessor": {
        const key = String((e.children[0] as AEL.Constant).value);
        let found: Scope | undefined;
        if (e.children.length > 1) {
          const base = resolve(e.children[1]!, scope, false);
          found = base ? child(base, key) : undefined;
        } else if (key === "$root") found = { schema: root, path: "", vars: {} };
        else if (key === "$index" || key === "$data") found = key === "$data" ? scope : undefined;
        else if (scope.vars[key]) found = scope.vars[key];
        else found = child(scope, key);
        if (found?.path) {
          touched.add(found.path);
          if (asValue) whole.add(found.path);
        }
        return found;
      }
      case "Element": {
        const base = resolve(e.children[0]!, scope, false);
        return element(base);
      }
      case "foreach":
      case "where":
      case "select": {
        const list = element(resolve(e.children[0]!, scope, false));
        const v = String((e.children[1]!.children[0] as AEL.Constant).value);
        if (list) resolve(e.children[2]!, { ...scope, vars: { ...scope.vars, [v]: list } }, true);
        return undefined;
      }
      // Tests on a field (counts, comparisons) do not use its contents.
      case "count":
      case "exists":
      case "==":
      case "!=":
      case "<":
      case ">":
      case "<=":
      case ">=":
      case "!":
        e.children.forEach((c) => resolve(c, scope, false));
        return undefined;
      default:
        e.children.forEach((c) => resolve(c, scope, true));
        return undefined;
    }
  };

  const expressions = (text: string): AEL.Expression[] => (text.includes("${") ? [AEL.Expression.parse("`" + text + "`")] : []);

  const walk = (node: unknown, scope: Scope): void => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, scope));
    if (!node || typeof node !== "object") {
      if (typeof node === "string") expressions(node).forEach((e) => resolve(e, scope, true));
      return;
    }
    const o = node as Record<string, unknown>;
    let inner = scope;
    if (typeof o.$data === "string") {
      const [e] = expressions(o.$data);
      const target = e ? resolve(e.type === "concat" ? e.children[e.children.length - 1]! : e, scope, false) : undefined;
      inner = element(target) ?? { schema: undefined, path: "?", vars: scope.vars };
    }
    for (const [k, v] of Object.entries(o)) {
      if (k === "$data") continue;
      if (k === "$when" && typeof v === "string") expressions(v).forEach((e) => resolve(e, inner, false));
      else walk(v, inner);
    }
  };
  for (const t of templates) walk(t, { schema: root, path: "", vars: {} });

  // Every leaf of the contract, e.g. "facts[].title"; a record (button data) is one leaf.
  const leaves: string[] = [];
  const collect = (s: Node | undefined, path: string) => {
    const x = unwrap(s);
    if (x instanceof z.ZodObject) for (const [k, v] of Object.entries(x.shape as Record<string, Node>)) collect(v, path ? `${path}.${k}` : k);
    else if (x instanceof z.ZodArray) collect((x as any).element, `${path}[]`);
    else leaves.push(path);
  };
  collect(root, "");
  const usedWhole = (leaf: string) => [...whole].some((w) => leaf === w || leaf.startsWith(`${w}.`) || leaf.startsWith(`${w}[]`));
  const unused = leaves.filter((l) => !touched.has(l) && !usedWhole(l));
  return { unknown: [...unknown], unused };
}

const renderer = new CardRenderer();

describe.each(CARD_NAMES)("card %s", (name) => {
  test("its templates use only its contract's fields, and every field of the contract", () => {
    const result = check(name, [renderer.source("teams", name), renderer.source("slack", name)]);
    expect(result).toEqual({ unknown: [], unused: [] });
  });
});

test("the check sees a template field the contract lacks, and a contract field no template uses", () => {
  const ticket = [renderer.source("teams", "ticket"), renderer.source("slack", "ticket")];
  const renamed = JSON.parse(JSON.stringify(ticket).replace(/\$\{headline\}/g, "${headLine}"));
  expect(check("ticket", renamed)).toEqual({ unknown: ["headLine"], unused: ["headline"] });
});
