// Learns the router's weights from labelled sets: multinomial logistic regression over the candidates with
// evidence plus "not in the matrix" (the same softmax the router uses), then the lowest answer threshold at which
// answering outright stays right often enough on the training sets.
import { CATEGORY_FEATURES, NONE_FEATURES, type QuestionFeatures } from "../core/routing/features";
import { isOutOfScope, probabilities, type RouterWeights } from "../core/routing/model";

export interface Example {
  features: QuestionFeatures;
  /** Candidate index of the label, or "none". */
  gold: number | "none";
  /** How many of the candidates are the matrix's categories (the rest are its excluded topics). */
  categories: number;
}

const L2 = 0.002;
/** From zero weights: enough to converge (from the shipped weights, 600 steps gave the same figures). */
const STEPS = 2000;
const RATE = 0.05;

/**
 * Where every fold's training starts: nothing learned. Not the shipped weights: then running the tuning again on the
 * same files writes the same weights, and no fold starts from what its held-out set taught the last run.
 */
export function untrained(): RouterWeights {
  return { category: CATEGORY_FEATURES.map(() => 0), none: NONE_FEATURES.map(() => 0), answerAt: 0.9 };
}

/** Adam on the mean cross-entropy (+ a little L2); examples whose label has no evidence at all teach nothing. */
export function fitWeights(examples: Example[], start: RouterWeights): RouterWeights {
  const usable = examples.filter((e) => e.gold === "none" || e.features.candidates.has(e.gold));
  const nc = start.category.length;
  const theta = [...start.category, ...start.none];
  const m = theta.map(() => 0);
  const v = theta.map(() => 0);
  for (let step = 1; step <= STEPS; step++) {
    const grad = theta.map((t) => 2 * L2 * t);
    const w: RouterWeights = { category: theta.slice(0, nc), none: theta.slice(nc), answerAt: start.answerAt };
    for (const e of usable) {
      const { ranked, none } = probabilities(e.features, w);
      // d(-log p_gold)/d score_j = p_j - [j is gold]
      for (const { candidate, p } of ranked) {
        const f = e.features.candidates.get(candidate)!;
        const g = (p - (e.gold === candidate ? 1 : 0)) / usable.length;
        for (let i = 0; i < nc; i++) grad[i] += g * f[i];
      }
      const gn = (none - (e.gold === "none" ? 1 : 0)) / usable.length;
      for (let i = 0; i < e.features.none.length; i++) grad[nc + i] += gn * e.features.none[i];
    }
    for (let i = 0; i < theta.length; i++) {
      m[i] = 0.9 * m[i] + 0.1 * grad[i];
      v[i] = 0.999 * v[i] + 0.001 * grad[i] * grad[i];
      const mh = m[i] / (1 - 0.9 ** step);
      const vh = v[i] / (1 - 0.999 ** step);
      theta[i] -= (RATE * mh) / (Math.sqrt(vh) + 1e-8);
    }
  }
  return { category: theta.slice(0, nc), none: theta.slice(nc), answerAt: start.answerAt };
}

/** Answering outright must be right at least this often on the training sets (a margin over the 90 % goal). */
export const ANSWER_PRECISION = 0.93;
/** Fewer answers than this above a threshold say nothing about its precision. */
const MIN_ANSWERED = 30;

/**
 * The lowest probability from which answering keeps ANSWER_PRECISION on these examples at every higher threshold too
 * (ask below it).
 */
export function chooseAnswerThreshold(examples: Example[], weights: RouterWeights): number {
  const points = examples
    .map((e) => {
      const probs = probabilities(e.features, weights);
      if (isOutOfScope(e.features, probs, e.categories)) return null;
      const top = probs.ranked.find((r) => r.candidate < e.categories)!;
      return { p: top.p, right: e.gold === top.candidate };
    })
    .filter((x): x is { p: number; right: boolean } => x !== null);
  // From the top down: the lowest threshold above which answering never fell under ANSWER_PRECISION (a few points at
  // the very top don't count), so one lucky band of right answers lower down does not open the gate below a bad one.
  let chosen = 0.99;
  for (let t = 0.99; t >= 0.3 - 1e-9; t -= 0.01) {
    const answered = points.filter((x) => x.p >= t);
    if (answered.length < MIN_ANSWERED) continue;
    if (answered.filter((x) => x.right).length / answered.length < ANSWER_PRECISION) break;
    chosen = t;
  }
  return Math.round(chosen * 100) / 100;
}
