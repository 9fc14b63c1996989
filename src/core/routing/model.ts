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
