// A matrix written in French or Spanish (a Quebec contract schedule is in French) is read in English words too: the
// router compares questions and matrices in English stems, and a French question is itself read through the
// glossary. Each text keeps its own words beside the English ones (product names, and a question's words the
// glossary doesn't know, still meet them). An English matrix is read as it is: a French word or two in it (a name,
// "bureau") says too little to read a text as French.
import { inEnglish, languageOf } from "./question";
import { DISTINCT_STOPWORDS, STOPWORDS, words, type Language } from "./text";

/** A matrix is in French or Spanish when that language's own function words outnumber English ones this many times. */
const DOMINANCE = 2;
/** ... and there are at least this many of them (a few French names in an English matrix are not French). */
const MIN_FUNCTION_WORDS = 10;

/** The language most of a matrix's text is written in. */
export function matrixLanguage(texts: string[]): Language {
  const folded = texts.flatMap((t) => words(t).map((w) => w.text));
  const english = folded.filter((w) => STOPWORDS.en.has(w)).length;
  let best: Language = "en";
  let most = 0;
  for (const language of ["fr", "es"] as const) {
    const own = folded.filter((w) => DISTINCT_STOPWORDS[language].has(w)).length;
    if (own >= MIN_FUNCTION_WORDS && own >= DOMINANCE * english && own > most) {
      best = language;
      most = own;
    }
  }
  return best;
}

/**
 * One text of a French or Spanish matrix (a name, keyword, example or description sentence) with its English reading
 * after it: in the language the text reads as, else the matrix's (an English keyword there stays as it is).
 */
export function withEnglish(text: string, matrixLanguage: Language): string {
  const ws = words(text);
  if (matrixLanguage === "en" || ws.length === 0) return text;
  const folded = ws.map((w) => w.text);
  const raw = ws.map((w) => w.raw);
  const own = languageOf(folded, raw).language;
  const language = own !== "en" ? own : matrixLanguage;
  const rendered = inEnglish(folded, raw, language);
  const english = rendered.words.filter((w, i) => w !== folded[rendered.from[i]]);
  if (english.length === 0) return text;
  // The sentence's own end stays last, so a description is still split into its sentences.
  const end = /[.;:!?]\s*$/.exec(text)?.[0] ?? "";
  return `${text.slice(0, text.length - end.length)} ${english.join(" ")}${end}`;
}
