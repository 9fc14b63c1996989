import type { Category, Matrix } from "../matrix/model";

/** A phrasing someone corrected in chat: "this text belongs to that category" (stored per client). */
export interface LearnedExample {
  phrase: string;
  categoryId: string;
}

export interface ScoredCategory {
  id: string;
  score: number; // 0..1
}

export interface RouteDecision {
  /** null when the matrix names nothing that fits: "a conversation, not an assumption". */
  category: Category | null;
  confidence: number; // 0..1
  /** Next best category ids, best first (never includes `category`). */
  alternatives: ScoredCategory[];
}

export type Router = (matrix: Matrix, text: string, learned?: LearnedExample[]) => RouteDecision;
