// npm run knowledge:trees -- DIR...
// Trains the boosted trees (src/core/routing/trees.ts) on labelled sets: over each candidate's evidence, then over the
// whole question's to decide "not in the matrix". Writes the trees trained on every set to
// src/core/routing/trees.json (shipped) and, per group of sets written together, those trained without that group to
// src/eval/trees-by-group.json (the evaluation tool scores a set with these). Each set's evidence is read as a new
// client's would be: the learned associations counted, and the candidate trees trained, without the set's own group.
// Run it after `npm run knowledge:associations`, and before `npm run eval:routing -- --tune` (the linear model weighs
// what the trees say).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { OUT_OF_SCOPE_INPUTS, TREE_INPUTS } from "../core/routing/features";
import { featuresFor } from "../core/routing/route";
import { fitTrees, NO_TREES, SHIPPED_TREES_FILE, Trees, type TreesFile, type TreesModel } from "../core/routing/trees";
import { associationsToScore, developmentGroupOf } from "./routing";
import { findSets, type EvalSet } from "./sets";
import { TREES_BY_GROUP_FILE, treesByGroup, type TreesByGroup } from "./trees-by-group";

export const TREES_FILE = join(__dirname, "../core/routing/trees.json");

/**
 * "Not in the matrix" from the probability at which the out-of-scope trees recognise this share of the out-of-scope
 * questions of sets they were not trained on (the goal the project set itself); above it, fewer questions in scope are
 * lost to "not in the matrix".
 */
export const OUT_OF_SCOPE_RECALL = 0.8;

interface Rows {
  group: string;
  /** Per candidate row: its inputs, whether it was the question's category, and which question it belongs to. */
  inputs: number[][];
  gold: boolean[];
  question: number[];
}

function groupAndAssociations(set: EvalSet) {
  const group = developmentGroupOf(set);
  const associations = associationsToScore(set);
  if (group === undefined || !associations) throw new Error(`${set.name}: not in the associations file (run npm run knowledge:associations with the same sets first)`);
  return { group, associations };
}

/** Per set: each in-scope question's candidates' inputs, and which was its category. */
export function treeRows(sets: EvalSet[]): Rows[] {
  return sets.map((set) => {
    // Read as a new client's questions would be: the associations counted without the set's own group.
    const { group, associations } = groupAndAssociations(set);
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

interface QuestionRows {
  group: string;
  inputs: number[][];
  outside: boolean[];
}

/** Per set: each question's out-of-scope inputs, read with the candidate trees trained without its group. */
export function outOfScopeRows(sets: EvalSet[], candidateWithout: Record<string, TreesModel>): QuestionRows[] {
  return sets.map((set) => {
    const { group, associations } = groupAndAssociations(set);
    const trees = { candidate: new Trees(candidateWithout[group]), outOfScope: NO_TREES.outOfScope };
    const rows: QuestionRows = { group, inputs: [], outside: [] };
    for (const request of set.requests) {
      const { features } = featuresFor(set.matrix, request.text, [], associations, trees);
      // Only the questions the trees decide (not someone's own thing: the linear model decides those).
      if (!features.outOfScopeInputs) continue;
      rows.inputs.push(features.outOfScopeInputs);
      rows.outside.push(request.expected === null);
    }
    return rows;
  });
}

/** The highest probability at which at least OUT_OF_SCOPE_RECALL of the out-of-scope questions reach it. */
export function recallThreshold(p: number[], outside: boolean[]): number {
  const scores = p.filter((_, i) => outside[i]).sort((a, b) => b - a);
  if (!scores.length) return 0.5;
  const at = scores[Math.min(scores.length - 1, Math.ceil(OUT_OF_SCOPE_RECALL * scores.length) - 1)];
  return Math.floor(at * 1000) / 1000;
}

function byGroup<R extends { group: string }>(rows: R[], fit: (kept: R[]) => TreesModel, log: (line: string) => void, what: string) {
  const groups = [...new Set(rows.map((r) => r.group))];
  const without: Record<string, TreesModel> = {};
  for (const group of groups) {
    without[group] = fit(rows.filter((r) => r.group !== group));
    log(`${what}: trained without ${group}`);
  }
  return { shipped: fit(rows), without };
}

/** Each input's mean over rows (rounded: what a fingerprint compares). */
export function inputMeans(rows: number[][]): number[] {
  const n = rows.length || 1;
  const width = rows[0]?.length ?? 0;
  return Array.from({ length: width }, (_, i) => Math.round((rows.reduce((sum, r) => sum + r[i], 0) / n) * 1e6) / 1e6);
}

/** The candidate trees as they are in the files (to retrain only the out-of-scope ones). */
export function candidateTreesInFiles(): { shipped: TreesModel; without: Record<string, TreesModel> } {
  const without = Object.fromEntries(Object.entries(treesByGroup().groups).map(([g, m]) => [g, m.candidate]));
  return { shipped: SHIPPED_TREES_FILE.candidate, without };
}

export function trainTrees(
  sets: EvalSet[],
  log: (line: string) => void = () => {},
  candidates?: { shipped: TreesModel; without: Record<string, TreesModel> },
): { file: TreesFile; byGroup: TreesByGroup } {
  const candidateRows = candidates ? undefined : treeRows(sets);
  const candidate = candidates ?? byGroup(candidateRows!, (kept) => fitTrees(kept.flatMap((r) => r.inputs), kept.flatMap((r) => r.gold)), log, "candidates");
  const questions = outOfScopeRows(sets, candidate.without);
  const outOfScope = byGroup(questions, (kept) => fitTrees(kept.flatMap((r) => r.inputs), kept.flatMap((r) => r.outside)), log, "out of scope");
  // Each question's probability by the trees trained without its group: the thresholds are chosen on these.
  const heldOut = questions.map((r) => {
    const trees = new Trees(outOfScope.without[r.group]);
    return r.inputs.map((x) => trees.probability(x));
  });
  const thresholdWithout = (group?: string) => {
    const kept = questions.map((r, i) => ({ r, p: heldOut[i] })).filter(({ r }) => r.group !== group);
    return recallThreshold(kept.flatMap(({ p }) => p), kept.flatMap(({ r }) => r.outside));
  };
  const groups: TreesByGroup["groups"] = {};
  // What the smallest group's rows looked like, so a test can tell when the evidence changed and the trees did not.
  const size = (g: string) => questions.filter((r) => r.group === g).reduce((n, r) => n + r.inputs.length, 0);
  const smallest = Object.keys(candidate.without).sort((a, b) => size(a) - size(b) || a.localeCompare(b))[0];
  // Retraining only the out-of-scope trees keeps the candidate rows' fingerprint (they were not read again).
  const previous = treesByGroup().fingerprint;
  const outOfScopeMeans = (group: string) => inputMeans(questions.filter((r) => r.group === group).flatMap((r) => r.inputs));
  const fingerprint = candidateRows
    ? { group: smallest, candidate: inputMeans(candidateRows.filter((r) => r.group === smallest).flatMap((r) => r.inputs)), outOfScope: outOfScopeMeans(smallest) }
    : previous && { ...previous, outOfScope: outOfScopeMeans(previous.group) };
  for (const group of Object.keys(candidate.without)) {
    groups[group] = { candidate: candidate.without[group], outOfScope: { ...outOfScope.without[group], at: thresholdWithout(group) } };
  }
  return {
    file: {
      note: "Written by npm run knowledge:trees from the development sets; read by src/core/routing/trees.ts.",
      candidate: { inputs: [...TREE_INPUTS], base: candidate.shipped.base, trees: candidate.shipped.trees },
      outOfScope: { inputs: [...OUT_OF_SCOPE_INPUTS], ...outOfScope.shipped, at: thresholdWithout() },
    },
    byGroup: {
      note: "Written by npm run knowledge:trees: per group of development sets, the trees trained without it.",
      groups,
      ...(fingerprint ? { fingerprint } : {}),
    },
  };
}

/** One tree per line keeps a retraining's diff readable. */
function modelJson(m: TreesModel & { inputs?: string[] }): string {
  const head = [...(m.inputs ? [`"inputs":${JSON.stringify(m.inputs)}`] : []), `"base":${m.base}`, ...(m.at !== undefined ? [`"at":${m.at}`] : [])];
  return `{${head.join(",")},"trees":[\n${m.trees.map((t) => JSON.stringify(t)).join(",\n")}\n]}`;
}

const USAGE = `Usage: npm run knowledge:trees -- [--out-of-scope-only] DIR...

Each DIR is an evaluation set (matrix.yaml, requests.jsonl) or a folder of sets, all of them in
knowledge/associations.json (run npm run knowledge:associations with the same folders first). Writes ${TREES_FILE}
and ${TREES_BY_GROUP_FILE}.
  --out-of-scope-only  keep the candidate trees in those files as they are and train only the out-of-scope trees
                       (the candidate trees take minutes; they read nothing the out-of-scope trees do)`;

if (require.main === module) {
  const args = process.argv.slice(2);
  const dirs = args.filter((a) => !a.startsWith("--"));
  if (!dirs.length || args.includes("--help") || args.includes("-h")) {
    console.log(USAGE);
    process.exit(dirs.length ? 0 : 2);
  }
  const keep = args.includes("--out-of-scope-only") ? candidateTreesInFiles() : undefined;
  const { file, byGroup: groups } = trainTrees(findSets(dirs), (line) => console.log(line), keep);
  writeFileSync(TREES_FILE, `{"note":${JSON.stringify(file.note)},\n"candidate":${modelJson(file.candidate)},\n"outOfScope":${modelJson(file.outOfScope)}}\n`);
  const perGroup = Object.entries(groups.groups).map(([g, m]) => `${JSON.stringify(g)}:{"candidate":${modelJson(m.candidate)},\n"outOfScope":${modelJson(m.outOfScope)}}`);
  const fingerprint = groups.fingerprint ? `"fingerprint":${JSON.stringify(groups.fingerprint)},\n` : "";
  writeFileSync(TREES_BY_GROUP_FILE, `{"note":${JSON.stringify(groups.note)},\n${fingerprint}"groups":{\n${perGroup.join(",\n")}\n}}\n`);
  console.log(`wrote ${TREES_FILE} (out of scope from p >= ${file.outOfScope.at}) and ${TREES_BY_GROUP_FILE} (${perGroup.length} groups)`);
}
