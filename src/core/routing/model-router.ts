// An optional language model as the first opinion on "who handles this?" (port; the chat-completions adapter
// implements it). Whatever it says is checked against the matrix, and the built-in router's reading is kept for
// the choices: a model that fails or is off changes nothing for the person asking.
import type { Matrix } from "../matrix/model";
import { routeQuestion } from "./route";
import type { LearnedExample, RouteDecision } from "./types";

export interface ModelVerdict {
  /** A category id of the matrix, or null for "not in the matrix". */
  category: string | null;
  runnersUp: string[];
  /** What the model says of itself, 0..1. */
  confidence: number;
}

export interface ModelRouter {
  /** Null on any failure (timeout, refusal, malformed or unknown answer): the built-in router answers then. */
  verdict(matrix: Matrix, text: string): Promise<ModelVerdict | null>;
  describe(): string;
}

/** The model's own confidence at which it answers outright even when the built-in router reads it differently. */
const MODEL_SURE = 0.9;

/** The model's verdict as a decision: answer when it is sure or the built-in router agrees, otherwise ask. */
export function decisionFromVerdict(matrix: Matrix, verdict: ModelVerdict, builtin: RouteDecision): RouteDecision {
  const byId = new Map(matrix.categories.map((c) => [c.id, c]));
  if (verdict.category === null) {
    return { ...builtin, decision: "none", category: null, confidence: verdict.confidence, choices: [], source: "llm" };
  }
  const category = byId.get(verdict.category)!;
  const agrees = builtin.decision !== "none" && builtin.category?.id === verdict.category;
  const ranked = [verdict.category, ...verdict.runnersUp, ...(builtin.category ? [builtin.category.id] : []), ...builtin.alternatives.map((a) => a.id)];
  const unique = [...new Set(ranked)].filter((id) => byId.has(id));
  const answer = verdict.confidence >= MODEL_SURE || agrees;
  return {
    decision: answer ? "answer" : "ask",
    category,
    confidence: Math.round(verdict.confidence * 1000) / 1000,
    alternatives: unique.slice(1, 4).map((id) => ({ id, score: 0 })),
    choices: answer ? [] : unique.slice(0, 3),
    source: "llm",
  };
}

/** Routes with the model when one is given, falling back silently to the built-in router. */
export async function routeWithModel(model: ModelRouter | undefined, matrix: Matrix, text: string, learned: LearnedExample[] = []): Promise<RouteDecision> {
  const builtin = routeQuestion(matrix, text, learned);
  // A phrasing this client corrected before is its own answer: no need to ask anyone else.
  if (!model || (builtin.decision === "answer" && builtin.confidence >= 0.95 && learned.length > 0)) return builtin;
  const verdict = await model.verdict(matrix, text);
  return verdict ? decisionFromVerdict(matrix, verdict, builtin) : builtin;
}
