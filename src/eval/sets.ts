// Evaluation sets on disk: a folder with matrix.yaml, requests.jsonl (text, category id or "none", hour
// business|after) and optionally a README.md whose "ambiguous" section lists lines (by number or by their text).
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { formatProblems, parseMatrix } from "../core/matrix/format";
import type { Matrix } from "../core/matrix/model";

export interface Request {
  /** 1-based line in requests.jsonl. */
  line: number;
  text: string;
  /** Category id, or null for "not in the matrix". */
  expected: string | null;
  hour: "business" | "after";
}

export interface EvalSet {
  name: string;
  dir: string;
  matrix: Matrix;
  requests: Request[];
  /** Lines the set's author lists as genuinely ambiguous. */
  ambiguous: Set<number>;
}

/**
 * The README's ambiguous section: from a heading that says "ambiguous" to the next heading of the same or a higher
 * level. Lines are named as "line 13", listed after "Line numbers:", or are the rows of a table whose first column is
 * headed "line" and holds the line's number or the message itself (`lineOf` finds its line by its text).
 */
export function ambiguousLines(readme: string, lineOf: (text: string) => number | undefined = () => undefined): Set<number> {
  const lines = readme.split("\n");
  const found = new Set<number>();
  let level = 0;
  let table = false;
  for (const line of lines) {
    const heading = /^(#+)\s+(.*)$/.exec(line);
    if (heading) {
      if (level && heading[1].length <= level) level = 0;
      if (!level && /ambiguous/i.test(heading[2])) level = heading[1].length;
      continue;
    }
    if (!level) continue;
    if (!line.startsWith("|")) table = false;
    else if (/^\|\s*line\s*\|/i.test(line)) table = true;
    else if (table) {
      const row = /^\|\s*(\d+)\s*\|/.exec(line);
      if (row) found.add(Number(row[1]));
      else {
        // The message as written, a Markdown table cell ("\|" for a pipe).
        const cell = /^\|((?:[^|\\]|\\.)*)\|/.exec(line);
        const at = cell && !/^\s*:?-+:?\s*$/.test(cell[1]) ? lineOf(cell[1].trim().replace(/\\([|\\`*_])/g, "$1")) : undefined;
        if (at !== undefined) found.add(at);
      }
      continue;
    }
    for (const m of line.matchAll(/\bline (\d+)\b/gi)) found.add(Number(m[1]));
    const list = /line numbers:\s*([\d,\s]+)/i.exec(line);
    if (list) for (const n of list[1].split(/[,\s]+/).filter(Boolean)) found.add(Number(n));
  }
  return found;
}

export function loadSet(dir: string): EvalSet {
  const parsed = parseMatrix(readFileSync(join(dir, "matrix.yaml"), "utf8"));
  if (!parsed.ok) throw new Error(`${dir}/matrix.yaml is not a valid matrix:\n${formatProblems(parsed.problems)}`);
  const ids = new Set(parsed.matrix.categories.map((c) => c.id));
  const requests: Request[] = [];
  readFileSync(join(dir, "requests.jsonl"), "utf8")
    .split("\n")
    .forEach((raw, i) => {
      if (!raw.trim()) return;
      const r = JSON.parse(raw) as { text: string; category: string; hour?: string };
      if (r.category !== "none" && !ids.has(r.category)) throw new Error(`${dir}/requests.jsonl line ${i + 1}: unknown category "${r.category}"`);
      requests.push({ line: i + 1, text: r.text, expected: r.category === "none" ? null : r.category, hour: r.hour === "after" ? "after" : "business" });
    });
  const readme = join(dir, "README.md");
  const byText = new Map(requests.map((r) => [r.text, r.line]));
  const ambiguous = existsSync(readme) ? ambiguousLines(readFileSync(readme, "utf8"), (text) => byText.get(text)) : new Set<number>();
  return { name: basename(dir), dir, matrix: parsed.matrix, requests, ambiguous };
}

/** Each folder given is a set, or holds sets one level down. */
export function findSets(dirs: string[]): EvalSet[] {
  const sets: EvalSet[] = [];
  for (const dir of dirs) {
    if (existsSync(join(dir, "matrix.yaml"))) sets.push(loadSet(dir));
    else {
      for (const sub of readdirSync(dir).sort()) {
        const full = join(dir, sub);
        if (statSync(full).isDirectory() && existsSync(join(full, "matrix.yaml"))) sets.push(loadSet(full));
      }
    }
  }
  if (sets.length === 0) throw new Error(`no evaluation set (matrix.yaml + requests.jsonl) in ${dirs.join(", ")}`);
  return sets;
}
