import type { Category, Matrix } from "../matrix/model";
import type { LearnedExample, RouteDecision, Router } from "./types";

// First cut: plain token overlap against category text. Replaced by the concept + BM25 router.
function tokens(text: string): string[] {
  return text.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, " ").split(" ").filter((t) => t.length > 2);
}

function categoryTokens(category: Category, learned: LearnedExample[]): Set<string> {
  const parts = [category.name, category.description, ...category.keywords, ...category.examples];
  for (const example of learned) if (example.categoryId === category.id) parts.push(example.phrase);
  return new Set(tokens(parts.join(" ")));
}

export const routeQuestion: Router = (matrix: Matrix, text: string, learned: LearnedExample[] = []): RouteDecision => {
  const words = tokens(text);
  const scored = matrix.categories
    .map((category) => {
      const vocabulary = categoryTokens(category, learned);
      const hits = words.filter((w) => vocabulary.has(w)).length;
      return { category, score: words.length === 0 ? 0 : hits / words.length };
    })
    .sort((a, b) => b.score - a.score);
  const best = scored[0];
  if (!best || best.score === 0) {
    return { category: null, confidence: 0, alternatives: [] };
  }
  return {
    category: best.category,
    confidence: best.score,
    alternatives: scored.slice(1, 4).filter((s) => s.score > 0).map((s) => ({ id: s.category.id, score: s.score })),
  };
};
