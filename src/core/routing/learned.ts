// Phrasings a client corrected in chat ("that one was the warehouse, not printers"): they beat general knowledge.
import type { Matrix } from "../matrix/model";
import { readQuestion, type ReadQuestion } from "./question";
import type { LearnedExample } from "./types";

/** Word overlap at which a question is "the same question" as a learned one. */
const SAME_QUESTION = 0.7;

interface LearnedPhrase {
  stems: Set<string>;
  concepts: Map<number, number>;
}

// Learned lists come fresh from storage on every message; the phrases themselves repeat, so cache by text.
const phraseCache = new Map<string, LearnedPhrase>();
const PHRASE_CACHE_LIMIT = 5000;

function readPhrase(phrase: string): LearnedPhrase {
  const cached = phraseCache.get(phrase);
  if (cached) return cached;
  const q = readQuestion(phrase);
  const read = { stems: new Set(q.content), concepts: q.concepts };
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

/** Learned as "not IT": a person pressed "Not IT" for this phrasing. */
const NOT_IT = "none";

/**
 * Similarity (0..1) of the question to what was learned for each category, and the category of an identical one
 * ("none" when the identical one was learned as not IT).
 */
export function learnedEvidence(question: ReadQuestion, learned: LearnedExample[], matrix: Matrix): { similarity: Map<number, number>; same?: number | "none" } {
  const similarity = new Map<number, number>();
  if (learned.length === 0) return { similarity };
  const positions = new Map(matrix.categories.map((c, i) => [c.id, i]));
  const asked = new Set(question.content);
  let same: number | "none" | undefined;
  let best = 0;
  for (const example of learned) {
    if (example.categoryId === NOT_IT) {
      const words = overlap(asked, readPhrase(example.phrase).stems);
      if (words >= SAME_QUESTION && words > best) {
        same = "none";
        best = words;
      }
      continue;
    }
    const category = positions.get(example.categoryId);
    if (category === undefined) continue;
    const phrase = readPhrase(example.phrase);
    const words = overlap(asked, phrase.stems);
    if (words >= SAME_QUESTION && words > best) {
      same = category;
      best = words;
    }
    const s = Math.max(words, 0.8 * conceptCosine(question.concepts, phrase.concepts));
    similarity.set(category, Math.max(similarity.get(category) ?? 0, s));
  }
  return { similarity, same };
}
