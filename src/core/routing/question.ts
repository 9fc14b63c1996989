// A question, read: its words (typos corrected against known words), its language, the concepts, products and
// alert subjects it mentions.
import { readAlert } from "./alerts";
import { knowledge } from "./knowledge";
import type { MatrixIndex } from "./matrix-index";
import { DISTINCT_STOPWORDS, STOPWORDS, stem, words, type Language } from "./text";

/** Longer input than this is cut: a pasted log or email thread says no more about the category past its start. */
const MAX_WORDS = 150;
const MAX_CHARS = 3000;
/** No word this long is a typo of a known one (a pasted hash or base64 blob). */
const MAX_WORD_LENGTH = 30;

export interface ReadQuestion {
  language: Language;
  /** Folded words, typos corrected. */
  words: string[];
  /** English stems of every word (matrix text is compared in English stems). */
  stems: string[];
  /** English stems of the words that carry meaning, plus the names of products the question names by abbreviation. */
  content: string[];
  /** Concept index -> weight. */
  concepts: Map<number, number>;
  /** Catalogue products named. */
  products: Set<number>;
  /** The tool, when the message is a forwarded alert. */
  alert: string | null;
  /** Total weight of everyday non-IT concepts (lunch, payroll, heating). */
  nonItWeight: number;
  itWeight: number;
}

/** Words that tell French or Spanish apart: two of them make the message's language; one is only a hint. */
const LANGUAGE_EVIDENCE = 2;

function languageOf(folded: string[], raw: string[], needed = LANGUAGE_EVIDENCE): { language: Language; evidence: number } {
  const { vocabulary } = knowledge();
  let best: { language: Language; evidence: number } = { language: "en", evidence: 0 };
  for (const language of ["fr", "es"] as const) {
    let evidence = 0;
    for (const [i, w] of folded.entries()) {
      // Acronyms (MES, CE) are names, whatever they mean in another language.
      if (raw[i].length > 1 && raw[i] === raw[i].toUpperCase()) continue;
      if (DISTINCT_STOPWORDS[language].has(w)) evidence += 1;
      else if (vocabulary[language].has(w) && !vocabulary.en.has(w) && !STOPWORDS.en.has(w)) evidence += 1;
    }
    if (evidence > best.evidence) best = { language, evidence };
  }
  return best.evidence >= needed ? best : { language: "en", evidence: best.evidence };
}

function merge(into: Map<number, number>, from: Map<number, number>, factor = 1): void {
  for (const [k, v] of from) into.set(k, Math.max(into.get(k) ?? 0, v * factor));
}

export function readQuestion(fullText: string, index?: MatrixIndex): ReadQuestion {
  const k = knowledge();
  const text = fullText.slice(0, MAX_CHARS);
  const raw = words(text).slice(0, MAX_WORDS);
  const folded = raw.map((w) => {
    const word = w.text;
    if (word.length > MAX_WORD_LENGTH || STOPWORDS.en.has(word) || k.typos.has(word) || index?.typos.has(word)) return word;
    return index?.typos.correct(word) ?? k.typos.correct(word) ?? word;
  });
  const { language, evidence } = languageOf(folded, raw.map((w) => w.raw));
  const stems = folded.map((w) => stem(w, "en"));

  const english = k.matchers.en.match(stems);
  const concepts = new Map(english.weights);
  const products = new Set(english.products);
  const hinted = language !== "en" ? language : evidence > 0 ? languageOf(folded, raw.map((w) => w.raw), 1).language : "en";
  if (hinted !== "en") {
    const own = k.matchers[hinted].match(folded.map((w) => stem(w, hinted)));
    // One telling word is a hint, two or more are the language of the message.
    merge(concepts, own.weights, Math.min(1, evidence / LANGUAGE_EVIDENCE));
  }
  for (const { alias, product } of k.capitalAliases) {
    if (alias.test(text)) {
      products.add(product);
      for (const c of k.products[product].concepts) concepts.set(c, Math.max(concepts.get(c) ?? 0, 1));
    }
  }
  const alert = readAlert(text, k);
  if (alert) for (const [c, w] of alert.concepts) concepts.set(c, (concepts.get(c) ?? 0) + w);

  const stop = STOPWORDS[language];
  const content = stems.filter((_, i) => !STOPWORDS.en.has(folded[i]) && !stop.has(folded[i]));
  for (const p of products) content.push(...k.products[p].nameStems);

  let nonItWeight = 0;
  let itWeight = 0;
  for (const [concept, weight] of concepts) {
    if (k.concepts[concept].it) itWeight += weight;
    else nonItWeight += weight;
  }
  return { language, words: folded, stems, content, concepts, products, alert: alert?.tool ?? null, nonItWeight, itWeight };
}
