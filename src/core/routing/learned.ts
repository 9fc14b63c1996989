// Phrasings a client corrected in chat ("that one was the warehouse, not printers"): they beat general knowledge.
import type { Matrix } from "../matrix/model";
import { knowledge } from "./knowledge";
import type { ReadQuestion } from "./question";
import { contentTokens, tokenize } from "./text";
import type { LearnedExample } from "./types";

/** Token overlap at which a question is "the same question" as a learned one. */
const SAME_QUESTION = 0.7;
const BOOST = 0.6;

interface LearnedPhrase {
  tokens: Set<string>;
  concepts: Map<number, number>;
}

// Learned lists come fresh from storage on every message; the phrases themselves repeat, so cache by text.
const phraseCache = new Map<string, LearnedPhrase>();
const PHRASE_CACHE_LIMIT = 5000;

function readPhrase(phrase: string): LearnedPhrase {
  const cached = phraseCache.get(phrase);
  if (cached) return cached;
  const tokens = tokenize(phrase);
  const read = { tokens: new Set(contentTokens(tokens)), concepts: knowledge().matcher.match(tokens).weights };
  if (phraseCache.size >= PHRASE_CACHE_LIMIT) phraseCache.clear();
  phraseCache.set(phrase, read);
  return read;
}

function overlap(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  return shared / (a.size + b.size - shared);
}

function conceptCosine(a: Map<number, number>, b: Map<number, number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [k, v] of a) {
    na += v * v;
    dot += v * (b.get(k) ?? 0);
  }
  for (const v of b.values()) nb += v * v;
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

export function learnedEvidence(
  question: ReadQuestion,
  learned: LearnedExample[],
  matrix: Matrix,
): { boosts: Map<number, number>; override?: number } {
  const boosts = new Map<number, number>();
  if (learned.length === 0) return { boosts };
  const positions = new Map(matrix.categories.map((c, i) => [c.id, i]));
  const asked = new Set(question.content);
  let override: number | undefined;
  let overrideSimilarity = 0;
  for (const example of learned) {
    const category = positions.get(example.categoryId);
    if (category === undefined) continue;
    const phrase = readPhrase(example.phrase);
    const same = overlap(asked, phrase.tokens);
    if (same >= SAME_QUESTION && same > overrideSimilarity) {
      override = category;
      overrideSimilarity = same;
    }
    const similarity = Math.max(same, 0.8 * conceptCosine(question.concepts, phrase.concepts));
    boosts.set(category, Math.max(boosts.get(category) ?? 0, BOOST * similarity));
  }
  return { boosts, override };
}
