// npm run knowledge:associations -- DIR...
// Writes knowledge/associations.json from labelled sets (matrix.yaml + requests.jsonl per folder): each set's
// questions as the English stems the router reads, with their label, and its categories' stems. The router counts which
// question words go with which category words from it (src/core/routing/associations.ts). Sets written together (one
// folder) or sharing a matrix's category ids (a translation) form a group; the evaluation tool scores a set with the
// associations counted without its group, so a set is never judged by what it taught.
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { ASSOCIATIONS_FILE, categoryStems, type AssociationSets } from "../core/routing/associations";
import { indexMatrix } from "../core/routing/matrix-index";
import { readQuestion } from "../core/routing/question";
import { findSets, type EvalSet } from "./sets";

/** Knows a set again whatever folder it is read from: its requests and labels. */
export function setHash(set: EvalSet): string {
  const hash = createHash("sha256");
  for (const r of set.requests) hash.update(`${r.text}\u0000${r.expected ?? "none"}\n`);
  return hash.digest("hex").slice(0, 16);
}

/** Per set, its group's name: sets joined by sharing a folder or the same category ids, transitively. */
export function groupsOf(sets: EvalSet[]): string[] {
  const parent = sets.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const join = (key: (s: EvalSet) => string) => {
    const first = new Map<string, number>();
    sets.forEach((s, i) => {
      const k = key(s);
      if (first.has(k)) parent[find(i)] = find(first.get(k)!);
      else first.set(k, i);
    });
  };
  join((s) => dirname(s.dir));
  join((s) => s.matrix.categories.map((c) => c.id).join(","));
  return sets.map((_, i) => sets[find(i)].name);
}

export function associationSets(sets: EvalSet[]): AssociationSets {
  const vocabulary: string[] = [];
  const ids = new Map<string, number>();
  const id = (s: string) => {
    let n = ids.get(s);
    if (n === undefined) ids.set(s, (n = vocabulary.push(s) - 1));
    return n;
  };
  const groups = groupsOf(sets);
  return {
    note: "Written by npm run knowledge:associations from labelled development sets; read by src/core/routing/associations.ts.",
    vocabulary,
    sets: sets.map((set, i) => {
      const index = indexMatrix(set.matrix);
      const categories = categoryStems(index).map((stems) => stems.map(id));
      const questions = set.requests.map((r) => [
        r.expected === null ? -1 : set.matrix.categories.findIndex((c) => c.id === r.expected),
        ...[...new Set(readQuestion(r.text, index).content)].map(id),
      ]);
      return { name: set.name, group: groups[i], hash: setHash(set), categories, questions };
    }),
  };
}

const USAGE = `Usage: npm run knowledge:associations -- DIR...

Each DIR is an evaluation set (matrix.yaml, requests.jsonl) or a folder of sets. Writes ${ASSOCIATIONS_FILE}
from all of them (run it again after editing the knowledge, which changes how questions are read).`;

if (require.main === module) {
  const dirs = process.argv.slice(2);
  if (!dirs.length || dirs.includes("--help") || dirs.includes("-h")) {
    console.log(USAGE);
    process.exit(dirs.length ? 0 : 2);
  }
  const file = associationSets(findSets(dirs));
  // A set per line, so a change to one set is a change to one line.
  const lines = [`{"note":${JSON.stringify(file.note)},`, `"vocabulary":${JSON.stringify(file.vocabulary)},`, `"sets":[`, file.sets.map((s) => JSON.stringify(s)).join(",\n"), "]}"];
  writeFileSync(ASSOCIATIONS_FILE, `${lines.join("\n")}\n`);
  console.log(`wrote ${ASSOCIATIONS_FILE}: ${file.sets.length} sets, ${file.sets.reduce((n, s) => n + s.questions.length, 0)} questions, ${file.vocabulary.length} stems`);
}
