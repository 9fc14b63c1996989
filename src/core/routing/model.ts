// The learned part of routing: a linear score per candidate and for "not in the matrix", turned into probabilities
// (softmax over the candidates with evidence). Weights and the answer threshold are chosen on the evaluation sets,
// leave-one-set-out (see `npm run eval:routing -- --tune`), and shipped in weights.json.
import shipped from "./weights.json";
import { CATEGORY_FEATURES, NONE_FEATURES, type QuestionFeatures } from "./features";

export interface RouterWeights {
  category: number[];
  none: number[];
  /** Answer outright when the best category's probability is at least this; below it, ask. */
  answerAt: number;
}

export const SHIPPED_WEIGHTS: RouterWeights = { category: shipped.category, none: shipped.none, answerAt: shipped.answerAt };

if (SHIPPED_WEIGHTS.category.length !== CATEGORY_FEATURES.length || SHIPPED_WEIGHTS.none.length !== NONE_FEATURES.length) {
  throw new Error("routing weights.json does not match the feature list: re-run npm run eval:routing -- --tune");
}

function dot(a: number[], b: number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

export interface Probabilities {
  /** Candidate index -> probability, best first. */
  ranked: { candidate: number; p: number }[];
  none: number;
}

export function probabilities(features: QuestionFeatures, weights: RouterWeights): Probabilities {
  const candidates: number[] = [];
  const scores: number[] = [];
  features.candidates.forEach((f, candidate) => {
    candidates.push(candidate);
    scores.push(dot(weights.category, f));
  });
  const noneScore = dot(weights.none, features.none);
  let max = noneScore;
  for (const s of scores) max = Math.max(max, s);
  let total = Math.exp(noneScore - max);
  for (const s of scores) total += Math.exp(s - max);
  const ranked = candidates.map((candidate, i) => ({ candidate, p: Math.exp(scores[i] - max) / total })).sort((a, b) => b.p - a.p || a.candidate - b.candidate);
  return { ranked, none: Math.exp(noneScore - max) / total };
}

/**
 * Where the linear model says a category, or "not in the matrix", at least this surely, it decides whether the question
 * is in the matrix; the out-of-scope trees decide the rest. On the development sets anything from 0.75 to 0.9 decides
 * as well as the trees alone; it keeps the clear cases of matrices unlike theirs (the trees learned on matrices of
 * twenty-odd categories, and a much smaller one's clear cases are not theirs to overturn).
 */
const LINEAR_SURE = 0.8;

/**
 * Whether a question is not in the matrix. No category with any evidence: it is not. Without out-of-scope trees, the
 * linear "not in the matrix" (or an excluded topic) before every category; with them, see LINEAR_SURE.
 */
export function isOutOfScope(features: QuestionFeatures, probabilities: Probabilities, categories: number): boolean {
  const top = probabilities.ranked[0];
  const topCategory = probabilities.ranked.find((r) => r.candidate < categories);
  if (!topCategory) return true;
  if (!features.outOfScope) return probabilities.none >= top.p || top.candidate >= categories;
  if (topCategory.p >= LINEAR_SURE) return false;
  if (probabilities.none >= LINEAR_SURE) return true;
  return features.outOfScope.p >= features.outOfScope.at;
}
