// The correction loop, simulated on the evaluation sets: a client's people ask their questions in the set's order;
// whenever Tandem did not answer rightly on its own (it asked, or answered wrongly, or said "not in the matrix"), the
// person picks the right category (or "Not IT") and Tandem learns that phrasing for the client, as in chat. How much a
// learned phrasing counts for a later question that is like it, but not the same, is the weight of the "learned"
// feature; the sets carry no corrections, so `--tune` cannot learn it. This measures it leave-one-set-out: for each
// set, the weight that did best on the other sets (mean one-click success, then top-1), scored on that set.
// Run: npm run eval:corrections -- DIR...
import { parseArgs } from "node:util";
import { CATEGORY_FEATURES } from "../core/routing/features";
import { SHIPPED_WEIGHTS, type RouterWeights } from "../core/routing/model";
import { routeQuestion } from "../core/routing/route";
import type { LearnedExample } from "../core/routing/types";
import { findSets, type EvalSet } from "./sets";

const LEARNED = CATEGORY_FEATURES.indexOf("learned");
const CANDIDATES = [0, 0.5, 1, 1.5, 2, 3, 4];

interface Score {
  top1: number;
  oneClick: number;
  answeredRight: number;
  answered: number;
  corrections: number;
}

const withLearned = (w: number): RouterWeights => ({ ...SHIPPED_WEIGHTS, category: SHIPPED_WEIGHTS.category.map((x, i) => (i === LEARNED ? w : x)) });

/** The set's questions in order, learning every correction; top-1 and one-click over the questions after the first half. */
export function simulate(set: EvalSet, weight: number): Score {
  const weights = withLearned(weight);
  const learned: LearnedExample[] = [];
  const score: Score = { top1: 0, oneClick: 0, answeredRight: 0, answered: 0, corrections: 0 };
  let inScope = 0;
  const from = Math.floor(set.requests.length / 2);
  set.requests.forEach((r, i) => {
    const d = routeQuestion(set.matrix, r.text, learned, weights);
    const got = d.decision === "none" ? null : d.category?.id ?? null;
    const right = d.decision === "answer" && got === r.expected;
    const rightNone = d.decision === "none" && r.expected === null;
    if (i >= from) {
      if (r.expected !== null) {
        inScope++;
        if (got === r.expected) score.top1++;
      }
      if (right || rightNone || (d.decision === "ask" && r.expected !== null && d.choices.includes(r.expected))) score.oneClick++;
      if (d.decision === "answer") {
        score.answered++;
        if (right) score.answeredRight++;
      }
    }
    if (!right && !rightNone) {
      learned.push({ phrase: r.text, categoryId: r.expected ?? "none" });
      score.corrections++;
    }
  });
  const later = set.requests.length - from;
  return { ...score, top1: score.top1 / Math.max(1, inScope), oneClick: score.oneClick / later };
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

export function main(argv: string[], print: (text: string) => void = console.log): number {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true });
  if (positionals.length === 0) {
    print("usage: npm run eval:corrections -- DIR...   (sets as for npm run eval:routing)");
    return 2;
  }
  const sets = findSets(positionals);
  const table = new Map(sets.map((s) => [s.name, new Map(CANDIDATES.map((w) => [w, simulate(s, w)]))]));
  const mean = (names: string[], w: number, k: "top1" | "oneClick") => names.reduce((a, n) => a + table.get(n)!.get(w)![k], 0) / names.length;
  print("set            weight  top-1 (2nd half)  one-click (2nd half)  answered right  corrections  (weight 0: only an identical phrasing counts)");
  const chosen: number[] = [];
  for (const held of sets) {
    const others = sets.filter((s) => s !== held).map((s) => s.name);
    const best = [...CANDIDATES].sort((a, b) => mean(others, b, "oneClick") - mean(others, a, "oneClick") || mean(others, b, "top1") - mean(others, a, "top1"))[0];
    chosen.push(best);
    for (const w of [0, best]) {
      const s = table.get(held.name)!.get(w)!;
      print(`${held.name.padEnd(14)} ${String(w).padStart(6)}  ${pct(s.top1).padStart(16)}  ${pct(s.oneClick).padStart(20)}  ${`${s.answeredRight}/${s.answered}`.padStart(14)}  ${String(s.corrections).padStart(11)}`);
    }
  }
  print(`weights chosen per fold: ${chosen.join(", ")}`);
  return 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
