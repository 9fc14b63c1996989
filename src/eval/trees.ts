// npm run knowledge:trees -- DIR...
// Trains the boosted trees (src/core/routing/trees.ts) on labelled sets and writes src/core/routing/trees.json: trees
// trained on every set (shipped), and per group of sets written together, trees trained without that group (the
// evaluation tool scores a set with those). Each set's evidence is read as a new client's would be: the learned
// associations counted without the set's own group. Run it after `npm run knowledge:associations`, and before
// `npm run eval:routing -- --tune` (the linear model weighs what the trees say).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { TREE_INPUTS } from "../core/routing/features";
import { featuresFor } from "../core/routing/route";
import { fitTrees, NO_TREES, type TreesFile } from "../core/routing/trees";
import { associationsToScore, developmentGroupOf } from "./routing";
import { findSets, type EvalSet } from "./sets";

export const TREES_FILE = join(__dirname, "../core/routing/trees.json");

interface Rows {
  group: string;
  /** Per candidate row: its inputs, whether it was the question's category, and which question it belongs to. */
  inputs: number[][];
  gold: boolean[];
  question: number[];
}

/** Per set: each in-scope question's candidates' inputs, and which was its category. */
export function treeRows(sets: EvalSet[]): Rows[] {
  return sets.map((set) => {
    // Read as a new client's questions would be: the associations counted without the set's own group.
    const group = developmentGroupOf(set);
    const associations = associationsToScore(set);
    if (group === undefined || !associations) throw new Error(`${set.name}: not in the associations file (run npm run knowledge:associations with the same sets first)`);
    const rows: Rows = { group, inputs: [], gold: [], question: [] };
    for (const [q, request] of set.requests.entries()) {
      if (request.expected === null) continue;
      const gold = set.matrix.categories.findIndex((c) => c.id === request.expected);
      const { features } = featuresFor(set.matrix, request.text, [], associations, NO_TREES);
      for (const [candidate, f] of features.candidates) {
        rows.inputs.push(f.slice(0, TREE_INPUTS.length));
        rows.gold.push(candidate === gold);
        rows.question.push(q);
      }
    }
    return rows;
  });
}

export function trainTrees(rows: Rows[], log: (line: string) => void = () => {}): TreesFile {
  const train = (keep: (r: Rows) => boolean) => {
    const kept = rows.filter(keep);
    return fitTrees(kept.flatMap((r) => r.inputs), kept.flatMap((r) => r.gold));
  };
  const groups = [...new Set(rows.map((r) => r.group))];
  const withoutGroup: TreesFile["withoutGroup"] = {};
  for (const group of groups) {
    withoutGroup[group] = train((r) => r.group !== group);
    log(`trained without ${group}`);
  }
  return {
    note: "Written by npm run knowledge:trees from the development sets; read by src/core/routing/trees.ts.",
    inputs: [...TREE_INPUTS],
    ...train(() => true),
    withoutGroup,
  };
}

const USAGE = `Usage: npm run knowledge:trees -- DIR...

Each DIR is an evaluation set (matrix.yaml, requests.jsonl) or a folder of sets, all of them in
knowledge/associations.json (run npm run knowledge:associations with the same folders first). Writes ${TREES_FILE}.`;

if (require.main === module) {
  const dirs = process.argv.slice(2);
  if (!dirs.length || dirs.includes("--help") || dirs.includes("-h")) {
    console.log(USAGE);
    process.exit(dirs.length ? 0 : 2);
  }
  const file = trainTrees(treeRows(findSets(dirs)), (line) => console.log(line));
  // One tree per line keeps a retraining's diff readable.
  const model = (m: { base: number; trees: unknown[] }) => `{"base":${m.base},"trees":[\n${m.trees.map((t) => JSON.stringify(t)).join(",\n")}\n]}`;
  const groups = Object.entries(file.withoutGroup ?? {}).map(([g, m]) => `${JSON.stringify(g)}:${model(m)}`);
  const main = model(file);
  writeFileSync(TREES_FILE, `{"note":${JSON.stringify(file.note)},"inputs":${JSON.stringify(file.inputs)},${main.slice(1, -1)},\n"withoutGroup":{\n${groups.join(",\n")}\n}}\n`);
  console.log(`wrote ${TREES_FILE}: ${file.trees.length} trees, and per group of ${Object.keys(file.withoutGroup ?? {}).length}`);
}
