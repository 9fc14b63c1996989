// "Who handles this?": general IT knowledge (concepts) combined with the matrix's own words (BM25) and the
// phrasings this client has corrected before (learned examples).
import type { Matrix } from "../matrix/model";
import { indexMatrix, type MatrixIndex } from "./matrix-index";
import { readQuestion, type ReadQuestion } from "./question";
import { learnedEvidence } from "./learned";
import type { LearnedExample, RouteDecision, Router, ScoredCategory } from "./types";

const CONCEPT_SHARE = 0.7;
const LEXICAL_SHARE = 0.3;
/** Below this the matrix names nothing that fits: "a conversation, not an assumption". */
export const OUT_OF_SCOPE_BELOW = 0.25;
const ALTERNATIVES = 3;
/** "Business cards printed", "benefits card declined": mostly office life with one IT-sounding word. */
const MOSTLY_NOT_IT_FACTOR = 0.6;

function conceptScores(question: ReadQuestion, index: MatrixIndex): Map<number, number> {
  const scores = new Map<number, number>();
  const total = question.itWeight + question.nonItWeight;
  if (total === 0) return scores;
  for (const [concept, weight] of question.concepts) {
    const share = weight / total;
    for (const { category, coverage } of index.coverage.get(concept) ?? []) {
      scores.set(category, (scores.get(category) ?? 0) + share * coverage);
    }
  }
  return scores;
}

export const routeQuestion: Router = (matrix: Matrix, text: string, learned: LearnedExample[] = []): RouteDecision => {
  const index = indexMatrix(matrix);
  const question = readQuestion(text, index);
  const concept = conceptScores(question, index);
  const lexical = index.lexical.score(question.content);

  const combined = new Map<number, number>();
  for (const [category, s] of concept) combined.set(category, CONCEPT_SHARE * s);
  for (const [category, s] of lexical) combined.set(category, (combined.get(category) ?? 0) + LEXICAL_SHARE * s);

  if (question.nonItWeight > question.itWeight) {
    for (const [category, s] of combined) combined.set(category, s * MOSTLY_NOT_IT_FACTOR);
  }

  const learnedHit = learnedEvidence(question, learned, matrix);
  for (const [category, boost] of learnedHit.boosts) combined.set(category, (combined.get(category) ?? 0) + boost);

  const ranked = [...combined.entries()]
    .map(([category, score]) => ({ category, score: Math.min(1, score) }))
    .sort((a, b) => b.score - a.score || a.category - b.category);

  if (learnedHit.override !== undefined) {
    const id = learnedHit.override;
    const rest = ranked.filter((r) => r.category !== id);
    return {
      category: matrix.categories[id],
      confidence: 0.95,
      alternatives: toAlternatives(rest, index),
    };
  }

  const best = ranked[0];
  if (!best || best.score < OUT_OF_SCOPE_BELOW) {
    return { category: null, confidence: best ? 1 - best.score / OUT_OF_SCOPE_BELOW / 2 : 1, alternatives: toAlternatives(ranked, index) };
  }
  return {
    category: matrix.categories[best.category],
    confidence: confidenceOf(best.score, ranked[1]?.score ?? 0),
    alternatives: toAlternatives(ranked.slice(1), index),
  };
};

/** A clear winner far above the threshold is near-certain; a narrow lead over the runner-up is not. */
function confidenceOf(score: number, runnerUp: number): number {
  const strength = Math.min(1, (score - OUT_OF_SCOPE_BELOW) / (0.75 - OUT_OF_SCOPE_BELOW));
  const margin = Math.min(1, (score - runnerUp) / 0.2);
  return Math.round((0.5 + 0.3 * strength + 0.2 * margin) * 1000) / 1000;
}

function toAlternatives(ranked: { category: number; score: number }[], index: MatrixIndex): ScoredCategory[] {
  return ranked
    .filter((r) => r.score >= OUT_OF_SCOPE_BELOW / 2)
    .slice(0, ALTERNATIVES)
    .map((r) => ({ id: index.categories[r.category].id, score: Math.round(r.score * 1000) / 1000 }));
}
