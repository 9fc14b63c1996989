// Boosted trees over a candidate's evidence: they learn what a linear weighing cannot (a level that counts only in a
// band, two kinds of evidence only together), ship trained on the development sets, and never score a development
// set with what it taught.
import { join } from "node:path";
import { readAssociationSets } from "../../../src/core/routing/associations";
import { TREE_INPUTS } from "../../../src/core/routing/features";
import { fitTrees, SHIPPED_TREES_FILE, shippedTreesFor, Trees } from "../../../src/core/routing/trees";
import { treesToScore } from "../../../src/eval/routing";
import { loadSet } from "../../../src/eval/sets";
import { treeRows } from "../../../src/eval/trees";
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
    const trees = shippedTreesFor(TREE_INPUTS);
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
    expect(SHIPPED_TREES_FILE.inputs).toEqual([...TREE_INPUTS]);
    expect(SHIPPED_TREES_FILE.trees.length).toBeGreaterThan(0);
    expect(() => shippedTreesFor(TREE_INPUTS)).not.toThrow();
    expect(() => shippedTreesFor(TREE_INPUTS.slice(1))).toThrow(/trees.json does not match the feature list/);
    expect(() => shippedTreesFor(TREE_INPUTS)).not.toThrow();
    // Every group of development sets has trees trained without it.
    const groups = new Set(readAssociationSets().sets.map((s) => s.group));
    expect(new Set(Object.keys(SHIPPED_TREES_FILE.withoutGroup ?? {}))).toEqual(groups);
  });

  test("the evaluation tool scores a development set with trees trained without it and the sets written with it", () => {
    const dental = loadSet(join(FIXTURES, "shared-2026-11/dental"));
    const without = treesToScore(dental);
    expect(without).toBeDefined();
    // Not the shipped trees: on the set's own evidence they disagree.
    const shipped = shippedTreesFor(TREE_INPUTS);
    const [rows] = treeRows([dental]);
    const differs = rows.inputs.slice(0, 200).filter((x) => Math.abs(without!.score(x) - shipped.score(x)) > 1e-9).length;
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
    expect(rightShare(shipped)).toBeGreaterThan(rightShare(without!));
    // A set the trees never saw is scored with the shipped ones.
    const elsewhere = { name: "x", dir: "/elsewhere/x", matrix: testMatrix([testCategory("a", "A", "a", ["a"])]), ambiguous: new Set<number>(), requests: [] };
    expect(treesToScore(elsewhere)).toBeUndefined();
  });
});
