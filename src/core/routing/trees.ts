// Boosted decision trees over a candidate's evidence: how likely a category with this evidence is the one that handles
// the question, learned from labelled sets written by other people. The linear model weighs each kind of evidence
// alone; trees see where one kind only counts with another ("many of its words, but none of its names") or past a
// level. Their score is one more feature of the linear model (see features.ts). Trees of the same kind over the whole
// question's evidence (the best category's, the best excluded topic's, "not in the matrix"'s) decide whether it is out
// of the matrix. Trained by `npm run knowledge:trees` (src/eval/trees.ts) and shipped in trees.json; the evaluation tool
// scores a set with trees trained without it (src/eval/trees-by-group.json).
import shipped from "./trees.json";

/** Trees of this depth: a split and one more under each side (two kinds of evidence together at most; `score` is
 * written for this depth). */
const DEPTH = 2;
const INNER = 2 ** DEPTH - 1;
const LEAVES = 2 ** DEPTH;
/** Up to this many candidates, each gets every tree; past it (a large matrix), only the best by the first trees do. */
const FULL_SCORES = 32;
const PREVIEW_TREES = 20;

export interface TreesModel {
  base: number;
  /** Per tree: the inner nodes' feature and threshold (x <= threshold goes left; feature -1: all go left), then leaf values. */
  trees: { feature: number[]; threshold: number[]; leaf: number[] }[];
  /** For trees that decide (out of scope): the probability from which they say yes. */
  at?: number;
}

/** Trees with what they read (the feature names), to know a file made for another list. */
export interface TreesWithInputs extends TreesModel {
  inputs: string[];
}

/**
 * The shipped file: trees over a candidate's evidence (their score is a feature of the linear model), and trees over
 * the whole question's that decide "not in the matrix".
 */
export interface TreesFile {
  note?: string;
  candidate: TreesWithInputs;
  outOfScope: TreesWithInputs;
}

export class Trees {
  private readonly feature: Int16Array;
  private readonly threshold: Float64Array;
  private readonly leaf: Float64Array;
  readonly count: number;

  /** The probability from which trees that decide say yes (out of scope). */
  readonly at: number | undefined;

  constructor(private readonly model: TreesModel) {
    this.count = model.trees.length;
    this.at = model.at;
    // A node that does not split sends everything left: any input, against a threshold nothing exceeds.
    this.feature = Int16Array.from(model.trees.flatMap((t) => t.feature.map((f) => Math.max(0, f))));
    this.threshold = Float64Array.from(model.trees.flatMap((t) => t.threshold.map((v, i) => (t.feature[i] < 0 ? Infinity : v))));
    this.leaf = Float64Array.from(model.trees.flatMap((t) => t.leaf));
  }

  /** The log-odds that a candidate with this evidence is the question's category. */
  score(x: ArrayLike<number>): number {
    return this.model.base + this.sum(x, 0, this.count);
  }

  /** The same, as a probability. */
  probability(x: ArrayLike<number>): number {
    return 1 / (1 + Math.exp(-this.score(x)));
  }

  /**
   * Each candidate's score, for many at once (a large matrix): all of them by the first trees only (boosting puts most
   * of what it learned there), then every tree for the candidates that score best that way; the rest keep the first
   * trees' score, but never above the lowest of the full scores (they would never come first).
   */
  scoreMany(xs: ArrayLike<number>[]): number[] {
    if (xs.length <= FULL_SCORES) return xs.map((x) => this.score(x));
    const first = Math.min(PREVIEW_TREES, this.count);
    const scores = xs.map((x) => this.model.base + this.sum(x, 0, first));
    const best = scores.map((_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b).slice(0, FULL_SCORES);
    for (const i of best) scores[i] += this.sum(xs[i], first, this.count);
    const lowest = Math.min(...best.map((i) => scores[i]));
    const full = new Set(best);
    return scores.map((s, i) => (full.has(i) ? s : Math.min(s, lowest)));
  }

  /** Trees from..to, summed. Depth two, unrolled: the root, then its left or right child, then one of four leaves. */
  private sum(x: ArrayLike<number>, from: number, to: number): number {
    const { feature, threshold, leaf } = this;
    let sum = 0;
    for (let t = from, inner = from * INNER, leaves = from * LEAVES; t < to; t++, inner += INNER, leaves += LEAVES) {
      const right = x[feature[inner]] > threshold[inner] ? 1 : 0;
      const child = inner + 1 + right;
      sum += leaf[leaves + 2 * right + (x[feature[child]] > threshold[child] ? 1 : 0)];
    }
    return sum;
  }
}

/** What routing learned as trees: the candidates' (a feature of the linear model) and "not in the matrix"'s. */
export interface RoutingTrees {
  candidate: Trees;
  /** Without any (none trained): the linear model's "not in the matrix" decides. */
  outOfScope: Trees;
}

const nothing = () => new Trees({ base: 0, trees: [] });
/** Trees that say nothing (before any are trained). */
export const NO_TREES: RoutingTrees = { candidate: nothing(), outOfScope: nothing() };

export const SHIPPED_TREES_FILE = shipped as TreesFile;

let shippedTrees: RoutingTrees | undefined;
let checkedFor: readonly string[][] = [];
/** The shipped trees (trained on every development set), refused when trained on other inputs than the caller's. */
export function shippedTreesFor(candidateInputs: readonly string[], outOfScopeInputs: readonly string[]): RoutingTrees {
  if (checkedFor[0] !== candidateInputs || checkedFor[1] !== outOfScopeInputs) {
    for (const [model, inputs] of [[SHIPPED_TREES_FILE.candidate, candidateInputs], [SHIPPED_TREES_FILE.outOfScope, outOfScopeInputs]] as const) {
      if (model.trees.length && model.inputs.join() !== inputs.join()) {
        throw new Error("routing trees.json does not match the feature list: re-run npm run knowledge:trees");
      }
    }
    checkedFor = [candidateInputs as string[], outOfScopeInputs as string[]];
  }
  shippedTrees ??= { candidate: new Trees(SHIPPED_TREES_FILE.candidate), outOfScope: new Trees(SHIPPED_TREES_FILE.outOfScope) };
  return shippedTrees;
}

export interface TreeOptions {
  trees: number;
  rate: number;
  /** A leaf holds at least this many rows. */
  minLeaf: number;
  /** Cut points per input at most (quantiles of its values). */
  bins: number;
  /** L2 on leaf values. */
  lambda: number;
}

export const TREE_OPTIONS: TreeOptions = { trees: 200, rate: 0.1, minLeaf: 40, bins: 32, lambda: 1 };

/**
 * Gradient boosting on the log loss (Newton leaf values, histograms of quantile bins): rows are candidates' inputs,
 * `gold` says which of them was the question's category.
 */
export function fitTrees(rows: ArrayLike<number>[], gold: boolean[], options: TreeOptions = TREE_OPTIONS): TreesModel {
  const n = rows.length;
  const nf = n ? rows[0].length : 0;
  const positives = gold.filter(Boolean).length;
  const base = n && positives && positives < n ? Math.log(positives / (n - positives)) : 0;
  if (!n) return { base, trees: [] };
  // Cut points per input, and each row's bin per input.
  const cuts: Float64Array[] = [];
  const bin = new Uint8Array(n * nf);
  for (let f = 0; f < nf; f++) {
    const values = Float64Array.from(rows, (r) => r[f]).sort();
    const points: number[] = [];
    for (let b = 1; b <= options.bins; b++) {
      const v = values[Math.min(n - 1, Math.floor((b * n) / (options.bins + 1)))];
      if (v !== points[points.length - 1] && v < values[n - 1]) points.push(v);
    }
    cuts.push(Float64Array.from(points));
    for (let i = 0; i < n; i++) {
      const x = rows[i][f];
      let b = 0;
      while (b < points.length && x > points[b]) b++;
      bin[i * nf + f] = b;
    }
  }
  const nb = options.bins + 1;
  const score = new Float64Array(n).fill(base);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const node = new Uint8Array(n);
  const trees: TreesModel["trees"] = [];
  const histG = new Float64Array(LEAVES * nf * nb);
  const histH = new Float64Array(LEAVES * nf * nb);
  const histN = new Float64Array(LEAVES * nf * nb);
  for (let t = 0; t < options.trees; t++) {
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-score[i]));
      g[i] = p - (gold[i] ? 1 : 0);
      h[i] = Math.max(p * (1 - p), 1e-6);
    }
    node.fill(0);
    const feature = new Array<number>(INNER).fill(-1);
    const threshold = new Array<number>(INNER).fill(0);
    for (let d = 0, first = 0; d < DEPTH; d++, first = 2 * first + 1) {
      const width = 2 ** d;
      histG.fill(0);
      histH.fill(0);
      histN.fill(0);
      for (let i = 0; i < n; i++) {
        const at = (node[i] - first) * nf * nb;
        for (let f = 0; f < nf; f++) {
          const k = at + f * nb + bin[i * nf + f];
          histG[k] += g[i];
          histH[k] += h[i];
          histN[k] += 1;
        }
      }
      for (let w = 0; w < width; w++) {
        let best = 0;
        for (let f = 0; f < nf; f++) {
          const at = w * nf * nb + f * nb;
          let G = 0, H = 0, N = 0;
          for (let b = 0; b < nb; b++) (G += histG[at + b]), (H += histH[at + b]), (N += histN[at + b]);
          let gl = 0, hl = 0, nl = 0;
          for (let b = 0; b < cuts[f].length; b++) {
            gl += histG[at + b];
            hl += histH[at + b];
            nl += histN[at + b];
            if (nl < options.minLeaf || N - nl < options.minLeaf) continue;
            const gain = (gl * gl) / (hl + options.lambda) + ((G - gl) * (G - gl)) / (H - hl + options.lambda) - (G * G) / (H + options.lambda);
            if (gain > best) {
              best = gain;
              feature[first + w] = f;
              threshold[first + w] = cuts[f][b];
            }
          }
        }
      }
      for (let i = 0; i < n; i++) {
        const at = node[i];
        const f = feature[at];
        node[i] = 2 * at + (f >= 0 && rows[i][f] > threshold[at] ? 2 : 1);
      }
    }
    const sumG = new Float64Array(LEAVES);
    const sumH = new Float64Array(LEAVES);
    for (let i = 0; i < n; i++) {
      sumG[node[i] - INNER] += g[i];
      sumH[node[i] - INNER] += h[i];
    }
    const leaf = Array.from(sumG, (G, j) => Math.round((-options.rate * G) / (sumH[j] + options.lambda) * 1e5) / 1e5);
    for (let i = 0; i < n; i++) score[i] += leaf[node[i] - INNER];
    trees.push({ feature, threshold, leaf });
  }
  return { base, trees };
}
