// "Who handles this?": the matrix's own words, general IT knowledge and the phrasings this client corrected
// before, weighed by a model learned leave-one-set-out, then one of three decisions: answer, ask (top 3 as
// choices), or not in the matrix.
import type { Matrix } from "../matrix/model";
import type { Associations } from "./associations";
import { firstByTrees, questionFeatures, TREES_AT, type QuestionFeatures } from "./features";
import { learnedEvidence } from "./learned";
import { indexMatrix, type MatrixIndex } from "./matrix-index";
import { isOutOfScope, probabilities, SHIPPED_WEIGHTS, type RouterWeights } from "./model";
import { readQuestion } from "./question";
import type { RoutingTrees } from "./trees";
import type { LearnedExample, RouteDecision, ScoredCategory } from "./types";

const CHOICES = 3;
const ALTERNATIVES = 3;
/** A learned phrasing identical to the question is the client's own answer. */
const LEARNED_CONFIDENCE = 0.95;

const round = (x: number) => Math.round(x * 1000) / 1000;

/** The evidence for a question (also what the evaluation tool trains on). */
export function featuresFor(matrix: Matrix, text: string, learned: LearnedExample[] = [], associations?: Associations, trees?: RoutingTrees): { index: MatrixIndex; features: QuestionFeatures; same?: number | "none" } {
  const index = indexMatrix(matrix);
  const question = readQuestion(text, index);
  const { similarity, same } = learnedEvidence(question, learned, matrix);
  return { index, features: questionFeatures(question, index, similarity, associations, trees), same };
}

export function decide(matrix: Matrix, index: MatrixIndex, features: QuestionFeatures, weights: RouterWeights, same?: number | "none"): RouteDecision {
  const probs = probabilities(features, weights);
  const { ranked, none } = probs;
  const categories = ranked.filter((r) => r.candidate < matrix.categories.length);
  const scored = (list: typeof ranked): ScoredCategory[] => list.map((r) => ({ id: matrix.categories[r.candidate].id, score: round(r.p) }));

  if (same === "none") {
    return { decision: "none", category: null, confidence: LEARNED_CONFIDENCE, alternatives: scored(categories.slice(0, ALTERNATIVES)), choices: [] };
  }
  if (same !== undefined) {
    const rest = categories.filter((r) => r.candidate !== same);
    return { decision: "answer", category: matrix.categories[same], confidence: LEARNED_CONFIDENCE, alternatives: scored(rest.slice(0, ALTERNATIVES)), choices: [] };
  }
  const top = ranked[0];
  const topCategory = categories[0];
  if (isOutOfScope(features, probs, matrix.categories.length)) {
    // An excluded topic of the matrix that comes before every category says where to ask instead: first in the linear
    // model (and above its "not in the matrix"), else first in the candidate trees' ranking, which the out-of-scope
    // trees read.
    const linearFirst = top && top.candidate >= matrix.categories.length && top.p > none ? top.candidate : undefined;
    const byTrees = features.outOfScopeInputs ? firstByTrees(features.candidates, matrix.categories.length) : {};
    const treesScore = (c?: number) => (c === undefined ? -Infinity : features.candidates.get(c)![TREES_AT]);
    const treesFirst = treesScore(byTrees.excluded) > treesScore(byTrees.category) ? byTrees.excluded : undefined;
    const redirectTo = linearFirst ?? treesFirst;
    const excludedTopic = redirectTo === undefined ? undefined : index.excluded[redirectTo - matrix.categories.length];
    // As sure as whichever said so: the linear model (its "not in the matrix", or the excluded topic with it), or the trees.
    const confidence = Math.max(redirectTo !== undefined && redirectTo === top.candidate ? top.p + none : none, features.outOfScope?.p ?? 0);
    return {
      decision: "none",
      category: null,
      confidence: round(confidence),
      alternatives: scored(categories.slice(0, ALTERNATIVES)),
      choices: [],
      ...(excludedTopic ? { redirect: { topic: excludedTopic.name, ...(excludedTopic.redirect ? { to: excludedTopic.redirect } : {}) } } : {}),
    };
  }
  const answer = topCategory.p >= weights.answerAt;
  return {
    decision: answer ? "answer" : "ask",
    category: matrix.categories[topCategory.candidate],
    confidence: round(topCategory.p),
    alternatives: scored(categories.slice(1, 1 + ALTERNATIVES)),
    choices: answer ? [] : categories.slice(0, CHOICES).map((r) => matrix.categories[r.candidate].id),
  };
}

export function routeQuestion(matrix: Matrix, text: string, learned: LearnedExample[] = [], weights: RouterWeights = SHIPPED_WEIGHTS): RouteDecision {
  const { index, features, same } = featuresFor(matrix, text, learned);
  return { ...decide(matrix, index, features, weights, same), source: "builtin" };
}
