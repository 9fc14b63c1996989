// Chat text into comparable words and stems. Word boundaries come from Unicode word segmentation (ICU, built into
// Node), stems and stop words from Orama's stemmer and stop-word packages (English, French, Spanish). Knowledge,
// matrix text and questions all pass through the same steps, so a stem is compared with a stem of the same language.
import { stemmer as englishStemmer } from "@orama/stemmers/english";
import { stemmer as frenchStemmer } from "@orama/stemmers/french";
import { stemmer as spanishStemmer } from "@orama/stemmers/spanish";
import { stopwords as englishStopwords } from "@orama/stopwords/english";
import { stopwords as frenchStopwords } from "@orama/stopwords/french";
import { stopwords as spanishStopwords } from "@orama/stopwords/spanish";

export type Language = "en" | "fr" | "es";
export const LANGUAGES: Language[] = ["en", "fr", "es"];

export interface Word {
  /** Lowercase, without accents or apostrophes: "impresión" -> "impresion", "can't" -> "cant". */
  text: string;
  /** As written, for abbreviations that only count in capitals ("UT", "OD"). */
  raw: string;
}

const segmenter = new Intl.Segmenter("und", { granularity: "word" });

export function fold(text: string): string {
  return text.toLowerCase().normalize("NFD").replace(/\p{M}+/gu, "");
}

/** French elision ("l'imprimante", "j'ai", "qu'il") and English possessives ("boss's") come off the word. */
const ELISION = /^(?:l|d|j|qu|n|s|c|m|t)['’](?=\p{L})/iu;
const POSSESSIVE = /['’]s$/u;

/**
 * Latin letters and digits in runs split by single spaces, the shape of most knowledge phrases and many questions: ICU
 * would make each run one word, so the runs are taken as they are (segmenting costs ~10 µs a call otherwise).
 */
const PLAIN = /^(?:(?=\p{L})\p{Script=Latin}|[0-9])+(?: (?:(?=\p{L})\p{Script=Latin}|[0-9])+)*$/u;

export function words(text: string): Word[] {
  if (PLAIN.test(text)) return text.split(" ").map((raw) => ({ text: fold(raw), raw }));
  return segmentWords(text);
}

/** Words by Unicode word segmentation, whatever the text. */
export function segmentWords(text: string): Word[] {
  const out: Word[] = [];
  for (const segment of segmenter.segment(text)) {
    if (!segment.isWordLike) continue;
    const raw = segment.segment.replace(ELISION, "").replace(POSSESSIVE, "");
    const folded = fold(raw).replace(/['’`]/g, "");
    if (folded) out.push({ text: folded, raw });
  }
  return out;
}

const STEMMERS: Record<Language, (word: string) => string> = { en: englishStemmer, fr: frenchStemmer, es: spanishStemmer };

const foldedSet = (list: string[]): Set<string> => new Set(list.map((w) => fold(w).replace(/['’`]/g, "")));
/** Chat fillers and politeness that Orama's lists don't carry: they say nothing about the category. */
const CHAT_FILLERS = ["pls", "plz", "please", "thanks", "thank", "thx", "hi", "hello", "hey", "hiya", "lol", "ok", "okay", "yes",
  "yeah", "im", "ive", "ill", "dont", "doesnt", "didnt", "cant", "wont", "isnt", "arent", "wasnt", "u", "ur", "guys", "someone",
  "anyone", "also", "still", "again", "today", "morning", "afternoon", "just", "really", "get", "got", "need", "want", "know", "like"];
/**
 * French function words Orama's short French list leaves out (it has 165 words, the Spanish one 577): pronouns, adverbs
 * and forms of pouvoir, faire, falloir. Left in, a French word the glossary doesn't know stays as it is and meets the
 * English words of the matrix ("celle" stems like "cell").
 */
const FRENCH_FUNCTION_WORDS = ["celle", "celles", "celui", "ceux", "cela", "ça", "ceci", "rien", "tout", "tous", "toute", "toutes",
  "plus", "moins", "peut", "peux", "pouvez", "pouvons", "peuvent", "pourrait", "pourriez", "fait", "faire", "font", "faut", "être",
  "avoir", "chaque", "quelqu", "quelque", "quelques", "aussi", "depuis", "encore", "toujours", "jamais", "déjà", "très", "trop",
  "comme", "quand", "alors", "donc", "puis", "ici", "là", "elles", "quoi", "dont", "où", "sous", "chez", "entre", "vers",
  "plusieurs", "autre", "autres", "bien", "peu", "beaucoup", "oui", "comment", "pourquoi", "combien", "dois", "doit", "devez",
  "voici", "voilà", "cet", "celà", "lequel", "laquelle", "tellement", "vraiment", "juste", "partout", "quelqu'un"];
/** Chat fillers, greetings and sign-offs of French and Spanish chat (Quebec and Latin American forms included). */
const FRENCH_CHAT_FILLERS = ["svp", "stp", "merci", "bonjour", "allo", "salut", "coudonc", "ben", "bah", "pis", "faque", "tsé",
  "cordialement", "salutations", "certains", "certaines", "quiconque"];
const SPANISH_CHAT_FILLERS = ["porfa", "gracias", "hola", "oigan", "oye", "oiga", "nomás", "nomas", "disculpe", "disculpa", "perdón",
  "saludos", "atentamente", "ojalá", "órale", "osea", "neta", "dale", "vos"];
export const STOPWORDS: Record<Language, Set<string>> = {
  en: foldedSet([...englishStopwords, ...CHAT_FILLERS]),
  fr: foldedSet([...frenchStopwords, ...FRENCH_FUNCTION_WORDS, ...FRENCH_CHAT_FILLERS]),
  es: foldedSet([...spanishStopwords, ...SPANISH_CHAT_FILLERS]),
};

/** Stop words of one language that are not English words too: how French and Spanish give themselves away. */
export const DISTINCT_STOPWORDS: Record<Exclude<Language, "en">, Set<string>> = {
  fr: new Set([...foldedSet(frenchStopwords)].filter((w) => !STOPWORDS.en.has(w) && w.length > 1)),
  es: new Set([...STOPWORDS.es].filter((w) => !STOPWORDS.en.has(w) && w.length > 1)),
};

/**
 * British spellings (UK, Ireland, Canada, Australia write them in matrices and chat) with the American ones the
 * stemmer brings together with the knowledge's words: "licence" is "license", "organisation" "organization",
 * "centre" "center". Only where the two stems differ; "cheque" stays (it is not the verb "check").
 */
const BRITISH_SPELLINGS = `licence license, organisation organization, organise organize, authorise authorize, authorisation authorization,
  centre center, colour color, programme program, synchronise synchronize, synchronisation synchronization, catalogue catalog,
  analyse analyze, behaviour behavior, customise customize, customisation customization, initialise initialize,
  recognise recognize, grey gray, favourite favorite, optimise optimize, minimise minimize, maximise maximize,
  prioritise prioritize, defence defense, offence offense, fibre fiber, theatre theater, metre meter, litre liter,
  dialogue dialog, analogue analog, apologise apologize, categorise categorize, finalise finalize, standardise standardize,
  utilise utilize, visualise visualize, virtualise virtualize, virtualisation virtualization, digitise digitize,
  sanitise sanitize, summarise summarize, centralise centralize, specialise specialize, realise realize, memorise memorize,
  labour labor, honour honor, neighbour neighbor, favour favor, mould mold, storey story, tyre tire, aluminium aluminum,
  practise practice, judgement judgment, tonne ton, sceptical skeptical, paralyse paralyze, mobilise mobilize,
  monetise monetize, itemise itemize, localise localize, normalise normalize, serialise serialize, tokenise tokenize,
  stabilise stabilize, harmonise harmonize, capitalise capitalize, amortise amortize, vandalise vandalize`;
let britishStems: Map<string, string> | undefined;
function american(stemmed: string): string {
  if (!britishStems) {
    britishStems = new Map();
    for (const pair of BRITISH_SPELLINGS.split(",")) {
      const [british, us] = pair.trim().split(" ").map((w) => fold(englishStemmer(w)));
      if (british !== us) britishStems.set(british, us);
    }
  }
  return britishStems.get(stemmed) ?? stemmed;
}

const stemCache = new Map<string, string>();
const STEM_CACHE_LIMIT = 50_000;

/** The stem of a folded word in a language; numbers and codes stay as they are. */
export function stem(word: string, language: Language): string {
  // Short words are mostly acronyms and codes: "ups" is a UPS, not "up".
  if (word.length <= 3 || /\d/.test(word)) return word;
  const key = `${language}:${word}`;
  let stemmed = stemCache.get(key);
  if (stemmed === undefined) {
    stemmed = fold(STEMMERS[language](word));
    if (language === "en") stemmed = american(stemmed);
    // Words arrive without accents: "bloquée" as "bloquee" stems to "bloque", "bloqué" to "bloqu". A second pass
    // brings a French word's forms together.
    if (language === "fr" && stemmed.length > 3) stemmed = fold(STEMMERS[language](stemmed));
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
    stemCache.set(key, stemmed);
  }
  return stemmed;
}

export function isStopword(word: string, language: Language = "en"): boolean {
  return STOPWORDS[language].has(word);
}

/** Stems of a text in one language, stop words kept (phrases need them: "no dial tone", "on prem"). */
export function stems(text: string, language: Language = "en"): string[] {
  return words(text).map((w) => stem(w.text, language));
}

/** Stems of the words that carry meaning (stop words of that language removed). */
export function contentStems(text: string, language: Language = "en"): string[] {
  return words(text)
    .filter((w) => !STOPWORDS[language].has(w.text))
    .map((w) => stem(w.text, language));
}
