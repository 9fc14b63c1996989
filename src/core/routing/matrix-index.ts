// Everything about one matrix that doesn't depend on the question, computed once per matrix object.
import type { Category, Matrix } from "../matrix/model";
import { knowledge } from "./knowledge";
import { LexicalIndex } from "./lexical";
import { contentTokens, tokenize } from "./text";
import { TypoDictionary } from "./typo";

/** How much each field says about what a category is for. */
const FIELD_WEIGHT = { name: 3, keyword: 2.5, example: 2, description: 1.5 } as const;
/** A category that covers a concept weakly covers its neighbours ("VPN" category, "remote access" question). */
const RELATED_SHARE = 0.35;

export interface MatrixIndex {
  categories: Category[];
  /** Concept index -> categories covering it, with coverage 0..1. */
  coverage: Map<number, { category: number; coverage: number }[]>;
  lexical: LexicalIndex;
  /** Words this matrix uses that the knowledge base doesn't know, for typo correction. */
  typos: TypoDictionary;
}

function conceptProfile(category: Category): Map<number, number> {
  const { matcher } = knowledge();
  const raw = new Map<number, number>();
  const add = (text: string, fieldWeight: number): void => {
    for (const [concept, weight] of matcher.match(tokenize(text)).weights) {
      raw.set(concept, (raw.get(concept) ?? 0) + fieldWeight * Math.min(weight, 1.5));
    }
  };
  // Matrices built in code or read from storage may leave optional text out.
  add(category.name ?? "", FIELD_WEIGHT.name);
  for (const keyword of category.keywords ?? []) add(keyword, FIELD_WEIGHT.keyword);
  for (const example of category.examples ?? []) add(example, FIELD_WEIGHT.example);
  add(category.description ?? "", FIELD_WEIGHT.description);

  const spread = new Map(raw);
  for (const [concept, value] of raw) {
    for (const relatedId of matcher.concepts[concept].related ?? []) {
      const related = matcher.ids.get(relatedId);
      if (related === undefined) continue;
      spread.set(related, Math.max(spread.get(related) ?? 0, RELATED_SHARE * value));
    }
  }
  const top = Math.max(0, ...spread.values());
  const coverage = new Map<number, number>();
  // Anything within two thirds of the category's main concept counts as fully covered.
  if (top > 0) for (const [concept, value] of spread) coverage.set(concept, Math.min(1, (1.5 * value) / top));
  return coverage;
}

function lexicalDocument(category: Category): string[] {
  const words = (text: string): string[] => contentTokens(tokenize(text));
  const repeat = (tokens: string[], times: number): string[] => Array.from({ length: times }, () => tokens).flat();
  return [
    ...repeat(words(category.name ?? ""), 3),
    ...repeat((category.keywords ?? []).flatMap(words), 2),
    ...repeat((category.examples ?? []).flatMap(words), 2),
    ...words(category.description ?? ""),
  ];
}

const cache = new WeakMap<Matrix, MatrixIndex>();

export function indexMatrix(matrix: Matrix): MatrixIndex {
  const cached = cache.get(matrix);
  if (cached) return cached;
  const coverage = new Map<number, { category: number; coverage: number }[]>();
  matrix.categories.forEach((category, index) => {
    for (const [concept, value] of conceptProfile(category)) {
      const list = coverage.get(concept);
      if (list) list.push({ category: index, coverage: value });
      else coverage.set(concept, [{ category: index, coverage: value }]);
    }
  });
  const lexical = new LexicalIndex(matrix.categories.map(lexicalDocument));
  const { typos: known } = knowledge();
  const own = [...lexical.tokens()].filter((t) => !known.has(t));
  const built: MatrixIndex = { categories: matrix.categories, coverage, lexical, typos: new TypoDictionary(own) };
  cache.set(matrix, built);
  return built;
}
