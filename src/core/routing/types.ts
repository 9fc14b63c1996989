import type { Category, Matrix } from "../matrix/model";

/** A phrasing someone corrected in chat: "this text belongs to that category" (stored per client). */
export interface LearnedExample {
  phrase: string;
  categoryId: string;
}

export interface ScoredCategory {
  id: string;
  score: number; // 0..1, the probability Tandem gives it
}

/**
 * answer: Tandem names the category. ask: it is unsure and offers `choices` (plus "something else" and "not IT").
 * none: the matrix names nothing that fits (a conversation, not an assumption).
 */
export type Decision = "answer" | "ask" | "none";

export interface RouteDecision {
  decision: Decision;
  /** The best category (also when asking: the first choice); null when the decision is none. */
  category: Category | null;
  /** How likely the decision is right: the category's probability, or that of "not in the matrix". */
  confidence: number; // 0..1
  /** Next best category ids, best first (never includes `category`). */
  alternatives: ScoredCategory[];
  /** The category ids to offer as buttons when asking, best first, at most 3 (empty otherwise). */
  choices: string[];
  /** When the matrix excludes the topic and says who handles it instead. */
  redirect?: { topic: string; to?: string };
  /** Which router decided: the built-in one, or the language model. */
  source?: "builtin" | "llm";
}

export type Router = (matrix: Matrix, text: string, learned?: LearnedExample[]) => RouteDecision;
