// A question, read: its tokens (typos corrected against known words) and the concepts it mentions.
import { knowledge } from "./knowledge";
import type { MatrixIndex } from "./matrix-index";
import { contentTokens, isStopword, tokenize } from "./text";

/** Longer input than this is cut: a pasted log or email thread says no more about the category past its start. */
const MAX_TOKENS = 120;

export interface ReadQuestion {
  /** Every word, stopwords included (phrases need them). */
  tokens: string[];
  /** Meaningful words only. */
  content: string[];
  /** Concept index -> weight. */
  concepts: Map<number, number>;
  /** Total weight of everyday non-IT concepts (lunch, payroll, heating). */
  nonItWeight: number;
  /** Total weight of IT concepts. */
  itWeight: number;
}

export function readQuestion(text: string, index: MatrixIndex | undefined): ReadQuestion {
  const { matcher, typos } = knowledge();
  const tokens = tokenize(text).slice(0, MAX_TOKENS).map((token) => {
    if (isStopword(token) || typos.has(token) || index?.lexical.has(token)) return token;
    return typos.correct(token) ?? index?.typos.correct(token) ?? token;
  });
  const concepts = matcher.match(tokens).weights;
  let nonItWeight = 0;
  let itWeight = 0;
  for (const [concept, weight] of concepts) {
    if (matcher.concepts[concept].it === false) nonItWeight += weight;
    else itWeight += weight;
  }
  return { tokens, content: contentTokens(tokens), concepts, nonItWeight, itWeight };
}
