// Boosted trees over a candidate's evidence: they learn what a linear weighing cannot (a level that counts only in a
// band, two kinds of evidence only together), ship trained on the development sets, and never score a development
// set with what it taught.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { readAssociationSets } from "../../../src/core/routing/associations";
import { CATEGORY_FEATURES, NONE_FEATURES, OUT_OF_SCOPE_INPUTS, outOfScopeInputs, TREE_INPUTS } from "../../../src/core/routing/features";
import { fitTrees, SHIPPED_TREES_FILE, shippedTreesFor, Trees } from "../../../src/core/routing/trees";
import { indexMatrix } from "../../../src/core/routing/matrix-index";
import { SHIPPED_WEIGHTS } from "../../../src/core/routing/model";
import { decide, featuresFor } from "../../../src/core/routing/route";
import { developmentGroupOf, learnedToScore, treesToScore } from "../../../src/eval/routing";
import { findSets, loadSet } from "../../../src/eval/sets";
import { inputMeans, OUT_OF_SCOPE_RECALL, outOfScopeRows, recallThreshold, treeRows } from "../../../src/eval/trees";
import { treesByGroup } from "../../../src/eval/trees-by-group";
import { testCategory, testMatrix } from "../../support/routing-fixtures";

const FIXTURES = join(__dirname, "../../fixtures/routing");

/** A small deterministic stream of numbers in [0, 1). */
function numbers(seed: number): () => number {
  let x = seed;
  return () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
}

describe("boosted trees", () => {
  test("learn a level that counts only in a band, and two kinds of evidence that count only together", () => {
    const next = numbers(7);
    const rows: number[][] = [];
    const gold: boolean[] = [];
    for (let i = 0; i < 4000; i++) {
      const row = [next(), next(), next()];
      rows.push(row);
      // The label: the first input in its middle band, or the second and third both high. Noise: 5 % flipped.
      const label = (row[0] > 0.4 && row[0] < 0.6) || (row[1] > 0.7 && row[2] > 0.7);
      gold.push(next() < 0.05 ? !label : label);
    }
    const trees = new Trees(fitTrees(rows, gold));
    expect(trees.count).toBeGreaterThan(0);
    // A linear score is monotonic in each input: it cannot put the middle above both ends.
    expect(trees.score([0.5, 0.1, 0.1])).toBeGreaterThan(trees.score([0.1, 0.1, 0.1]) + 2);
    expect(trees.score([0.5, 0.1, 0.1])).toBeGreaterThan(trees.score([0.9, 0.1, 0.1]) + 2);
    // Together, not apart.
    expect(trees.score([0.1, 0.9, 0.9])).toBeGreaterThan(trees.score([0.1, 0.9, 0.1]) + 2);
    expect(trees.score([0.1, 0.9, 0.9])).toBeGreaterThan(trees.score([0.1, 0.1, 0.9]) + 2);
    // Probabilities that match the data: the band is right about 95 % of the time, the rest about 5 %.
    const p = (x: number[]) => 1 / (1 + Math.exp(-trees.score(x)));
    expect(p([0.5, 0.2, 0.2])).toBeGreaterThan(0.8);
    expect(p([0.2, 0.2, 0.2])).toBeLessThan(0.15);
  });

  test("on a large matrix, the best candidates by the first trees get every tree, and the rest never come above them", () => {
    const trees = shippedTreesFor(TREE_INPUTS, OUT_OF_SCOPE_INPUTS).candidate;
    const [rows] = treeRows([loadSet(join(FIXTURES, "shared-2026-11/dental"))]);
    // Candidates of many questions together stand for one question on a matrix of 500 categories.
    const many = rows.inputs.slice(0, 500);
    const staged = trees.scoreMany(many);
    const full = many.map((x) => trees.score(x));
    const best = (xs: number[]) => xs.indexOf(Math.max(...xs));
    expect(best(staged)).toBe(best(full));
    const exact = staged.filter((s, i) => Math.abs(s - full[i]) < 1e-9).length;
    expect(exact).toBeGreaterThanOrEqual(32);
    const lowestExact = Math.min(...staged.filter((s, i) => Math.abs(s - full[i]) < 1e-9));
    for (const [i, s] of staged.entries()) if (Math.abs(s - full[i]) >= 1e-9) expect(s).toBeLessThanOrEqual(lowestExact);
    // A matrix of ordinary size: every candidate gets every tree.
    expect(trees.scoreMany(many.slice(0, 20))).toEqual(full.slice(0, 20));
  });

  test("with nothing to learn from, say nothing", () => {
    const trees = new Trees(fitTrees([], []));
    expect(trees.count).toBe(0);
    expect(trees.score([1, 2, 3])).toBe(0);
  });

  test("the shipped trees read the router's evidence as it is listed now, and a file for another list is refused", () => {
    expect(SHIPPED_TREES_FILE.candidate.inputs).toEqual([...TREE_INPUTS]);
    expect(SHIPPED_TREES_FILE.candidate.trees.length).toBeGreaterThan(0);
    expect(SHIPPED_TREES_FILE.outOfScope.inputs).toEqual([...OUT_OF_SCOPE_INPUTS]);
    expect(SHIPPED_TREES_FILE.outOfScope.trees.length).toBeGreaterThan(0);
    expect(SHIPPED_TREES_FILE.outOfScope.at).toBeGreaterThan(0.05);
    expect(SHIPPED_TREES_FILE.outOfScope.at).toBeLessThan(0.95);
    expect(() => shippedTreesFor(TREE_INPUTS, OUT_OF_SCOPE_INPUTS)).not.toThrow();
    expect(() => shippedTreesFor(TREE_INPUTS.slice(1), OUT_OF_SCOPE_INPUTS)).toThrow(/trees.json does not match the feature list/);
    expect(() => shippedTreesFor(TREE_INPUTS, OUT_OF_SCOPE_INPUTS.slice(1))).toThrow(/trees.json does not match the feature list/);
    expect(() => shippedTreesFor(TREE_INPUTS, OUT_OF_SCOPE_INPUTS)).not.toThrow();
    // Every group of development sets has trees of both kinds trained without it, and its own threshold.
    const groups = new Set(readAssociationSets().sets.map((s) => s.group));
    const byGroup = treesByGroup().groups;
    expect(new Set(Object.keys(byGroup))).toEqual(groups);
    for (const models of Object.values(byGroup)) {
      expect(models.candidate.trees.length).toBeGreaterThan(0);
      expect(models.outOfScope.trees.length).toBeGreaterThan(0);
      expect(models.outOfScope.at).toBeGreaterThan(0.05);
    }
  });

  test("the out-of-scope trees read 'not in the matrix', the category the candidate trees rank first and the excluded topic they rank first", () => {
    const trees = CATEGORY_FEATURES.length - 1;
    const vector = (score: number, mark: number) => CATEGORY_FEATURES.map((_, i) => (i === trees ? score : i === 0 ? mark : 0));
    const none = NONE_FEATURES.map((_, i) => i + 100);
    // Categories 0-2, excluded topics from 3 on.
    const candidates = new Map([
      [0, vector(-1, 10)],
      [1, vector(2, 11)],
      [2, vector(0.5, 12)],
      [3, vector(-3, 13)],
      [4, vector(-2, 14)],
    ]);
    const x = outOfScopeInputs(candidates, none, 3);
    expect(x).toHaveLength(OUT_OF_SCOPE_INPUTS.length);
    const at = (name: string) => x[OUT_OF_SCOPE_INPUTS.indexOf(name)];
    expect(x.slice(0, NONE_FEATURES.length)).toEqual(none);
    expect(at("best-category:bm25-relative")).toBe(11);
    expect(at("best-category:trees")).toBe(2);
    expect(at("best-excluded:bm25-relative")).toBe(14);
    expect(at("best-excluded:trees")).toBe(-2);
    // Nothing at all: the trees' score is as low as any they learned, every other input nothing.
    const empty = outOfScopeInputs(new Map(), none, 3);
    expect(empty[OUT_OF_SCOPE_INPUTS.indexOf("best-category:trees")]).toBe(-10);
    expect(empty[OUT_OF_SCOPE_INPUTS.indexOf("best-excluded:trees")]).toBe(-10);
    expect(empty[OUT_OF_SCOPE_INPUTS.indexOf("best-category:bm25-relative")]).toBe(0);
  });

  test("the out-of-scope threshold recognises the share of out-of-scope questions aimed at, and no more", () => {
    const p = Array.from({ length: 100 }, (_, i) => i / 100);
    // Out of scope: every fourth question; in scope the rest.
    const outside = p.map((_, i) => i % 4 === 0);
    const at = recallThreshold(p, outside);
    const recognised = p.filter((x, i) => outside[i] && x >= at).length / outside.filter(Boolean).length;
    expect(recognised).toBeGreaterThanOrEqual(OUT_OF_SCOPE_RECALL);
    // The next out-of-scope score up would recognise too few.
    const higher = Math.min(...p.filter((x, i) => outside[i] && x > at));
    expect(p.filter((x, i) => outside[i] && x >= higher).length / outside.filter(Boolean).length).toBeLessThan(OUT_OF_SCOPE_RECALL);
  });

  test("the evaluation tool scores a development set with trees trained without it and the sets written with it", () => {
    const dental = loadSet(join(FIXTURES, "shared-2026-11/dental"));
    const without = treesToScore(dental);
    expect(without).toBeDefined();
    // Not the shipped trees: on the set's own evidence they disagree.
    const shipped = shippedTreesFor(TREE_INPUTS, OUT_OF_SCOPE_INPUTS).candidate;
    const [rows] = treeRows([dental]);
    const differs = rows.inputs.slice(0, 200).filter((x) => Math.abs(without!.candidate.score(x) - shipped.score(x)) > 1e-9).length;
    expect(differs).toBeGreaterThan(100);
    // And the trees that knew the set's answers rank its right categories better than those that did not.
    const rightShare = (trees: Trees) => {
      let right = 0;
      let questions = 0;
      for (let i = 0, start = 0; i <= rows.gold.length; i++) {
        // A question's candidates follow one another.
        if (i === rows.gold.length || rows.question[i] !== rows.question[start]) {
          let best = start;
          for (let j = start; j < i; j++) if (trees.score(rows.inputs[j]) > trees.score(rows.inputs[best])) best = j;
          questions++;
          if (rows.gold[best]) right++;
          start = i;
        }
      }
      return right / questions;
    };
    expect(rightShare(shipped)).toBeGreaterThan(rightShare(without!.candidate));
    // A set the trees never saw is scored with the shipped ones.
    const elsewhere = { name: "x", dir: "/elsewhere/x", matrix: testMatrix([testCategory("a", "A", "a", ["a"])]), ambiguous: new Set<number>(), requests: [] };
    expect(treesToScore(elsewhere)).toBeUndefined();
  });

  test("on sets they never learned from, the out-of-scope trees lose fewer questions in scope to 'not in the matrix' than the linear model alone, and recognise as many out of scope", () => {
    const count = { trees: { lost: 0, recognised: 0 }, linear: { lost: 0, recognised: 0 } };
    let questions = 0;
    let decidedByTrees = 0;
    for (const set of findSets([join(FIXTURES, "shared-2026-11"), join(FIXTURES, "sets-2026-12-12")])) {
      const { associations, trees } = learnedToScore(set);
      const index = indexMatrix(set.matrix);
      for (const request of set.requests) {
        const { features } = featuresFor(set.matrix, request.text, [], associations, trees);
        questions++;
        // Someone's own thing is the linear model's to decide.
        if (features.outOfScope) decidedByTrees++;
        const { outOfScope: _, ...linear } = features;
        for (const [by, f] of [["trees", features], ["linear", linear]] as const) {
          const outside = decide(set.matrix, index, f, SHIPPED_WEIGHTS).decision === "none";
          if (request.expected === null && outside) count[by].recognised++;
          if (request.expected !== null && outside) count[by].lost++;
        }
      }
    }
    expect(decidedByTrees).toBeGreaterThan(0.95 * questions);
    expect(count.trees.lost).toBeLessThan(count.linear.lost);
    expect(count.trees.recognised).toBeGreaterThanOrEqual(count.linear.recognised);
  });

  test("the trees were trained on the evidence as it is computed now (else re-run npm run knowledge:trees)", () => {
    const { fingerprint, groups } = treesByGroup();
    expect(fingerprint).toBeDefined();
    const folders = readdirSync(FIXTURES).filter((f) => statSync(join(FIXTURES, f)).isDirectory()).map((f) => join(FIXTURES, f));
    const sets = findSets(folders).filter((s) => developmentGroupOf(s) === fingerprint!.group);
    expect(sets.length).toBeGreaterThan(0);
    const close = (now: number[], then: number[]) => {
      expect(now).toHaveLength(then.length);
      now.forEach((x, i) => expect(Math.abs(x - then[i])).toBeLessThan(1e-4));
    };
    close(inputMeans(treeRows(sets).flatMap((r) => r.inputs)), fingerprint!.candidate);
    const candidateWithout = Object.fromEntries(Object.entries(groups).map(([g, m]) => [g, m.candidate]));
    close(inputMeans(outOfScopeRows(sets, candidateWithout).flatMap((r) => r.inputs)), fingerprint!.outOfScope);
  });
});
