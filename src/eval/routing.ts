// npm run eval:routing -- [--provider builtin|llm] [--tune] [--markdown] DIR...
// Scores "who handles this?" on labelled sets (matrix.yaml + requests.jsonl per folder), per set, with and without
// the lines the set's author calls ambiguous, plus a reliability table (stated confidence against share right).
// --tune learns the router's weights leave-one-set-out: for each set, train on the others and report on it; the
// shipped weights are the mean of the folds' weights (written to src/core/routing/weights.json).
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { Matrix } from "../core/matrix/model";
import { Associations, ASSOCIATIONS_FILE, readAssociationSets } from "../core/routing/associations";
import { CATEGORY_FEATURES, NONE_FEATURES } from "../core/routing/features";
import { SHIPPED_WEIGHTS, type RouterWeights } from "../core/routing/model";
import { indexMatrix } from "../core/routing/matrix-index";
import { readQuestion } from "../core/routing/question";
import { decide, featuresFor } from "../core/routing/route";
import type { RouteDecision } from "../core/routing/types";
import { metricsOf, oneClickSuccess, reliability, rightCategory, type Outcome, type ReliabilityRow, type SetMetrics } from "./metrics";
import { findSets, type EvalSet } from "./sets";
import { chooseAnswerThreshold, fitWeights, untrained, type Example } from "./train";
import { llmRouterFromEnv } from "./llm-provider";
import { setHash } from "./associations";
import { type RoutingTrees, Trees } from "../core/routing/trees";
import { treesByGroup } from "./trees-by-group";

const USAGE = `Usage: npm run eval:routing -- [--provider builtin|llm] [--tune] [--markdown] DIR...

Each DIR is an evaluation set (matrix.yaml, requests.jsonl, README.md listing ambiguous lines) or a folder of sets.
  --provider llm   route with the language model configured by ROUTING_LLM_* (falls back to the built-in router)
  --tune           learn the built-in router's weights leave-one-set-out and write the mean of the folds
  --calibrate DIR  (with --tune, repeatable) choose the answer threshold on these sets instead of the training sets:
                   they are read as a question is once shipped (associations counted from every other group of
                   sets), which the training sets, written with many others, cannot be; each is reported with the
                   threshold chosen on the calibration sets written apart from it
  --markdown       print the tables as Markdown (for the README)
  --dump FILE      also write each message's outcome (set, line, label, decision, top 3, choices, confidence) as JSON lines,
                   for error analysis (with --tune: the leave-one-set-out outcomes)`;

interface Prepared {
  set: EvalSet;
  examples: (Example & { request: EvalSet["requests"][number]; language: string })[];
}

/**
 * The associations a set is scored with: counted without the sets written with it when it is one they were counted
 * from (and, when training, without the held-out set's too), so no set is judged by what it taught.
 */
class AssociationsFor {
  private readonly file = existsSync(ASSOCIATIONS_FILE) ? readAssociationSets() : undefined;
  private readonly byHash = new Map((this.file?.sets ?? []).map((s) => [s.hash, s.group]));
  private readonly counted = new Map<string, Associations>();

  groupOf(set: EvalSet): string | undefined {
    return this.byHash.get(setHash(set));
  }

  without(groups: (string | undefined)[]): Associations | undefined {
    const known = [...new Set(groups.filter((g): g is string => g !== undefined))].sort();
    if (!this.file || !known.length) return undefined;
    const key = known.join("|");
    let a = this.counted.get(key);
    if (!a) this.counted.set(key, (a = new Associations(this.file, (s) => known.includes(s.group))));
    return a;
  }
}

let counted: AssociationsFor | undefined;
/** One reading of the shipped file per run, and each counting kept. */
const associationsFor = () => (counted ??= new AssociationsFor());

/** Says which sets were scored with associations counted without them (and the sets written with them). */
function associationsNote(sets: EvalSet[]): string {
  const a = associationsFor();
  const own = sets.filter((s) => a.groupOf(s) !== undefined);
  if (!own.length) return "Learned associations: the shipped ones (no set here is one they were counted from).";
  return `Learned associations: ${own.map((s) => s.name).join(", ")} scored with them counted without the set and the sets written with it; ${sets.length - own.length} other set(s) with the shipped ones.`;
}

/** The group of development sets a set belongs to (undefined: not one the associations were counted from). */
export function developmentGroupOf(set: EvalSet): string | undefined {
  return associationsFor().groupOf(set);
}

/** What a set is scored with: the shipped associations (undefined), or those counted without the group it belongs to. */
export function associationsToScore(set: EvalSet): Associations | undefined {
  const a = associationsFor();
  return a.without([a.groupOf(set)]);
}

/** Each group's trees, read once per run. */
const treesRead: Record<string, RoutingTrees> = {};
/** The trees a set is scored with: trained without its group when it is one of the sets they were trained on. */
export function treesToScore(set: EvalSet): RoutingTrees | undefined {
  const group = developmentGroupOf(set);
  if (group === undefined) return undefined;
  const models = treesByGroup().groups[group];
  if (!models) return undefined;
  return (treesRead[group] ??= { candidate: new Trees(models.candidate), outOfScope: new Trees(models.outOfScope) });
}

/** What the router learned from the development sets, as a set is scored with it (undefined: the shipped). */
export interface LearnedToScore {
  associations?: Associations;
  trees?: RoutingTrees;
}

/** The associations and trees a set is scored with: both without its group when it is one they were learned from. */
export function learnedToScore(set: EvalSet): LearnedToScore {
  return { associations: associationsToScore(set), trees: treesToScore(set) };
}

function prepare(set: EvalSet, alsoWithout: EvalSet[] = []): Prepared {
  const a = associationsFor();
  const associations = a.without([set, ...alsoWithout].map((s) => a.groupOf(s)));
  const trees = treesToScore(set);
  const examples = set.requests.map((request) => {
    const { features } = featuresFor(set.matrix, request.text, [], associations, trees);
    const gold = request.expected === null ? ("none" as const) : set.matrix.categories.findIndex((c) => c.id === request.expected);
    return { request, features, gold, categories: set.matrix.categories.length, language: readQuestion(request.text, indexMatrix(set.matrix)).language };
  });
  return { set, examples };
}

function outcomeOf(request: Outcome["request"], matrix: Matrix, d: RouteDecision): Outcome {
  const top3 = [d.category?.id, ...d.alternatives.map((a) => a.id)].filter((x): x is string => !!x).slice(0, 3);
  return { request, decision: d.decision, top: d.decision === "none" ? null : (d.category?.id ?? null), top3, choices: d.choices, confidence: d.confidence };
}

function outcomesWith(p: Prepared, weights: RouterWeights): Outcome[] {
  return p.examples.map((e) => {
    const d = decide(p.set.matrix, indexMatrix(p.set.matrix), e.features, weights);
    return { ...outcomeOf(e.request, p.set.matrix, d), language: e.language };
  });
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

const ROWS: [keyof SetMetrics, string][] = [
  ["top1", "top-1 (in scope)"],
  ["top3", "top-3 (in scope)"],
  ["outOfScopeRecognised", "out-of-scope recognised"],
  ["asked", "asked (share of all)"],
  ["confidentWrong", "confident and wrong (of in scope)"],
  ["answered", "answered outright (share of all)"],
  ["answeredRight", "answered outright and right"],
  ["oneClick", "one-click success"],
  ["ownerRightNow", "owner right now"],
];

function table(headers: string[], rows: string[][], markdown: boolean): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => (markdown ? `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |` : cells.map((c, i) => c.padEnd(widths[i])).join("  "));
  const sep = markdown ? `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|` : widths.map((w) => "-".repeat(w)).join("  ");
  return [line(headers), sep, ...rows.map(line)].join("\n");
}

/** Past this many sets a column per set is too wide to read: each set is a row instead, with the means under them. */
const SETS_AS_COLUMNS = 4;

function report(sets: { set: EvalSet; outcomes: Outcome[] }[], markdown: boolean, title: string): string {
  const out: string[] = [title, ""];
  const headers: string[] = [];
  const columns: SetMetrics[] = [];
  for (const { set, outcomes } of sets) {
    const clear = outcomes.filter((o) => !set.ambiguous.has(o.request.line));
    const all = metricsOf(set.matrix, outcomes);
    headers.push(`${set.name} (${all.messages})`, `${set.name} w/o ambiguous (${clear.length})`);
    columns.push(all, metricsOf(set.matrix, clear));
  }
  const wide = sets.length > SETS_AS_COLUMNS;
  if (!wide) out.push(table(["metric", ...headers], ROWS.map(([key, label]) => [label, ...columns.map((m) => pct(m[key] as number))]), markdown), "");
  else {
    const mean = (clear: 0 | 1, key: keyof SetMetrics) => columns.filter((_, i) => i % 2 === clear).reduce((sum, m) => sum + (m[key] as number), 0) / sets.length;
    const means = [0, 1].map((clear) => [`mean of ${sets.length} sets${clear ? " w/o ambiguous" : ""}`, ...ROWS.map(([key]) => pct(mean(clear as 0 | 1, key)))]);
    out.push(table(["set", ...ROWS.map(([, label]) => label)], [...headers.map((h, i) => [h, ...ROWS.map(([key]) => pct(columns[i][key] as number))]), ...means], markdown), "");
  }
  const languages = [...new Set(sets.flatMap((s) => s.outcomes.map((o) => o.language ?? "en")))].sort();
  if (languages.length > 1) {
    out.push("By language the message was read in (all sets together)", "");
    const byLanguage = languages.map((language) => {
      const mine = sets.flatMap((s) => s.outcomes.filter((o) => (o.language ?? "en") === language).map((o) => ({ set: s.set, o })));
      const inScope = mine.filter((x) => x.o.request.expected !== null);
      const right = inScope.filter((x) => rightCategory(x.o)).length;
      const oneClick = mine.filter(({ o }) => oneClickSuccess(o)).length;
      return [language, String(mine.length), inScope.length ? pct(right / inScope.length) : "-", mine.length ? pct(oneClick / mine.length) : "-"];
    });
    out.push(table(["language", "messages", "top-1 (in scope)", "one-click success"], byLanguage, markdown), "");
  }
  const rel = (outcomes: Outcome[]) => reliability(outcomes);
  const merged: ReliabilityRow[] = rel(sets.flatMap((s) => s.outcomes));
  const perSet = sets.map((s) => rel(s.outcomes));
  out.push(
    "Reliability: stated confidence against the share actually right (all messages; right = the category named, or \"not in the matrix\", is the label)",
    "",
    table(
      ["confidence", ...(wide ? [] : [...sets.map((s) => `${s.set.name} n`), ...sets.map((s) => `${s.set.name} right`)]), "all n", "all right"],
      merged.map((row, i) => [
        row.range,
        ...(wide ? [] : [...perSet.map((r) => String(r[i].count)), ...perSet.map((r) => (r[i].count ? pct(r[i].right / r[i].count) : "-"))]),
        String(row.count),
        row.count ? pct(row.right / row.count) : "-",
      ]),
      markdown,
    ),
    "",
  );
  return out.join("\n");
}

function meanWeights(list: RouterWeights[]): RouterWeights {
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    category: list[0].category.map((_, i) => round(mean(list.map((w) => w.category[i])))),
    none: list[0].none.map((_, i) => round(mean(list.map((w) => w.none[i])))),
    answerAt: round(mean(list.map((w) => w.answerAt))),
  };
}

function dump(file: string, results: { set: EvalSet; outcomes: Outcome[] }[]): void {
  const lines = results.flatMap(({ set, outcomes }) =>
    outcomes.map((o) =>
      JSON.stringify({
        set: set.name,
        line: o.request.line,
        ambiguous: set.ambiguous.has(o.request.line),
        language: o.language ?? "en",
        text: o.request.text,
        label: o.request.expected ?? "none",
        decision: o.decision,
        top3: o.top3,
        choices: o.choices,
        confidence: o.confidence,
      }),
    ),
  );
  writeFileSync(file, lines.length ? `${lines.join("\n")}\n` : "");
}

/** Prepared sets, by set and the groups its associations are counted without (reading a set is the costly part). */
const preparedCache = new Map<string, Prepared>();

/** A set prepared with its associations counted without its own group and `held`'s. */
function preparedWithout(p: Prepared, held?: Prepared): Prepared {
  const a = associationsFor();
  const group = held && a.groupOf(held.set);
  if (group === undefined || group === a.groupOf(p.set)) return p;
  const key = `${p.set.dir}\u0000${group}`;
  let again = preparedCache.get(key);
  if (!again) preparedCache.set(key, (again = prepare(p.set, [held!.set])));
  return again;
}

/** The answer threshold chosen on calibration sets (read as they would be once shipped: see --calibrate). */
function thresholdOn(sets: Prepared[], weights: RouterWeights): number {
  return chooseAnswerThreshold(sets.flatMap((p) => p.examples), weights);
}

function tune(prepared: Prepared[], calibration: Prepared[], markdown: boolean, dumpTo?: string): string {
  if (prepared.length < 2) throw new Error("--tune needs at least two sets (train on the others, report on each)");
  const folds: RouterWeights[] = [];
  const results: { set: EvalSet; outcomes: Outcome[] }[] = [];
  const lines: string[] = [];
  for (const held of prepared) {
    // A training set's associations are counted without the held-out set too.
    const training = prepared.filter((p) => p !== held).flatMap((p) => preparedWithout(p, held).examples);
    const fitted = fitWeights(training, untrained());
    const answerAt = calibration.length ? thresholdOn(calibration.map((c) => preparedWithout(c, held)), fitted) : chooseAnswerThreshold(training, fitted);
    const weights = { ...fitted, answerAt };
    folds.push(weights);
    results.push({ set: held.set, outcomes: outcomesWith(held, weights) });
    lines.push(`fold ${held.set.name}: trained on ${prepared.filter((p) => p !== held).map((p) => p.set.name).join(" + ")}, answer at p >= ${weights.answerAt}`);
  }
  const shipped = meanWeights(folds);
  const calibrated: { set: EvalSet; outcomes: Outcome[] }[] = [];
  if (calibration.length) {
    shipped.answerAt = thresholdOn(calibration, shipped);
    const a = associationsFor();
    const groupOf = (p: Prepared) => a.groupOf(p.set) ?? p.set.dir;
    for (const group of [...new Set(calibration.map(groupOf))]) {
      const others = calibration.filter((c) => groupOf(c) !== group);
      const answerAt = others.length ? thresholdOn(others, shipped) : shipped.answerAt;
      for (const c of calibration.filter((x) => groupOf(x) === group)) calibrated.push({ set: c.set, outcomes: outcomesWith(c, { ...shipped, answerAt }) });
      lines.push(`calibration ${calibration.filter((x) => groupOf(x) === group).map((c) => c.set.name).join(" + ")}: answer at p >= ${answerAt} (chosen on the other calibration sets)`);
    }
  }
  if (dumpTo) dump(dumpTo, [...results, ...calibrated]);
  const file = join(__dirname, "../core/routing/weights.json");
  const named = (names: readonly string[], values: number[]) => Object.fromEntries(names.map((n, i) => [n, values[i]]));
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        note: `Mean of ${folds.length} leave-one-set-out folds (${prepared.map((p) => p.set.name).join(", ")})${calibration.length ? `; answer threshold chosen on ${calibration.map((c) => c.set.name).join(", ")}` : ""}; written by npm run eval:routing -- --tune.`,
        category: shipped.category,
        none: shipped.none,
        answerAt: shipped.answerAt,
        named: { category: named(CATEGORY_FEATURES, shipped.category), none: named(NONE_FEATURES, shipped.none) },
        folds: folds.map((w, i) => ({ heldOut: prepared[i].set.name, ...w })),
      },
      null,
      2,
    )}\n`,
  );
  return [
    report(results, markdown, "Leave-one-set-out: each set scored with the weights learned on the other sets"),
    ...(calibrated.length ? [report(calibrated, markdown, "Calibration sets: scored with the mean weights, the answer threshold chosen on the calibration sets written apart from each")] : []),
    ...lines,
    `wrote ${file}`,
  ].join("\n");
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env, print: (text: string) => void = console.log): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { provider: { type: "string", default: "builtin" }, tune: { type: "boolean", default: false }, calibrate: { type: "string", multiple: true, default: [] }, markdown: { type: "boolean", default: false }, dump: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help || positionals.length === 0) {
    print(USAGE);
    return values.help ? 0 : 2;
  }
  if (values.provider !== "builtin" && values.provider !== "llm") throw new Error(`--provider must be builtin or llm (got "${values.provider}")`);
  const sets = findSets(positionals);
  if (values.tune) {
    const calibration = values.calibrate.length ? findSets(values.calibrate).map((s) => prepare(s)) : [];
    print(tune(sets.map((s) => prepare(s)), calibration, values.markdown, values.dump));
    return 0;
  }
  const results: { set: EvalSet; outcomes: Outcome[] }[] = [];
  if (values.provider === "llm") {
    const router = llmRouterFromEnv(env);
    for (const set of sets) {
      const outcomes: Outcome[] = [];
      for (const request of set.requests) outcomes.push(outcomeOf(request, set.matrix, await router.route(set.matrix, request.text)));
      results.push({ set, outcomes });
    }
    if (values.dump) dump(values.dump, results);
    print(report(results, values.markdown, `Language model (${router.describe()}), falling back to the built-in router on any failure`));
    return 0;
  }
  for (const set of sets) results.push({ set, outcomes: outcomesWith(prepare(set), SHIPPED_WEIGHTS) });
  if (values.dump) dump(values.dump, results);
  print(report(results, values.markdown, "Built-in router with the shipped weights"));
  print(associationsNote(sets));
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: Error) => {
      console.error(`eval:routing: ${err.message}`);
      process.exit(1);
    },
  );
}
