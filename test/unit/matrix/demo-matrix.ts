import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseMatrix } from "../../../src/core/matrix/format";
import type { Matrix } from "../../../src/core/matrix/model";

export const DEMO_PATH = join(__dirname, "../../fixtures/matrix/demo.yaml");
export const BAD_DIR = join(__dirname, "../../fixtures/matrix/bad");

/** A fresh copy each call, so tests can change it freely. */
export function demoMatrix(): Matrix {
  const parsed = parseMatrix(readFileSync(DEMO_PATH, "utf8"));
  if (!parsed.ok) throw new Error(`demo matrix does not parse: ${JSON.stringify(parsed.problems)}`);
  return parsed.matrix;
}

export function category(matrix: Matrix, id: string) {
  const found = matrix.categories.find((c) => c.id === id);
  if (!found) throw new Error(`no category ${id}`);
  return found;
}
