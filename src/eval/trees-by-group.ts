// The trees trained without each group of development sets, which `npm run knowledge:trees` writes beside the shipped
// ones: the evaluation tool scores a set with these, so a set is never judged by what it taught. The router never
// loads them.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { TreesModel } from "../core/routing/trees";

export const TREES_BY_GROUP_FILE = join(__dirname, "trees-by-group.json");

/**
 * Each input's mean over one group's training rows when the trees were trained: evidence computed differently since
 * (a feature changed, a set edited) and trees not retrained show as a difference.
 */
export interface TreesFingerprint {
  group: string;
  candidate: number[];
  outOfScope: number[];
}

export interface TreesByGroup {
  note?: string;
  fingerprint?: TreesFingerprint;
  /** Group of development sets (see knowledge/associations.json) -> the trees trained without it. */
  groups: Record<string, { candidate: TreesModel; outOfScope: TreesModel }>;
}

let read: TreesByGroup | undefined;
export function treesByGroup(): TreesByGroup {
  return (read ??= existsSync(TREES_BY_GROUP_FILE) ? (JSON.parse(readFileSync(TREES_BY_GROUP_FILE, "utf8")) as TreesByGroup) : { groups: {} });
}
