// Everything about one matrix that doesn't depend on the question, computed once per matrix object: the matrix's
// own words in an Orama full-text index (BM25), each category's concepts, its distinctive names, what its
// description leaves out, and the topics the matrix excludes.
import { Cognates } from "./cognates";
import { matrixLanguage, withEnglish } from "./matrix-language";
import { create, insertMultiple, type Orama } from "@orama/orama";
import type { Category, ExcludedTopic, Matrix } from "../matrix/model";
import { MemoisedBm25 } from "./bm25";
import { knowledge } from "./knowledge";
import { STOPWORDS, stem, words, type Language } from "./text";
import { TypoIndex } from "./typo";

/** How much each field says about what a category is for. */
const BOOST = { name: 3, keywords: 2.5, examples: 2, description: 1, routed: 1.5 } as const;
const FIELD_WEIGHT = { name: 3, keyword: 2.5, example: 2, description: 1.5 } as const;
/** A category that covers a concept weakly covers its neighbours ("VPN" category, "remote access" question). */
const RELATED_SHARE = 0.35;

/** A sentence of a description that sends something elsewhere: "X-ray generators ... are serviced by the dealer and are excluded." */
const EXCLUSION = /\b(exclud\w*|not covered|out of scope|handled by|referred to|remains? with|provided by|serviced by|owned by|belongs? to|is not|are not|except)\b/i;
/** ...and when the elsewhere is another category of this matrix rather than outside it. */
const TO_ANOTHER_CATEGORY = /\b(categor\w*|covered under|handled under|see )\b/i;
/** Words of an exclusion sentence that say "elsewhere", not what is excluded. */
const EXCLUSION_FILLER = new Set(
  ["exclud", "cover", "scope", "handl", "refer", "remain", "provid", "servic", "own", "belong", "vendor", "support", "team", "depart", "their", "each",
   "respons", "request", "question", "other", "elsewher"].map((w) => w),
);

export interface Candidate {
  /** Index into `categories`, or -1 - i for excluded topic i. */
  position: number;
  id: string;
  name: string;
  text: { name: string; keywords: string[]; description: string; examples: string[] };
  /** Sentences of other categories' escalation or description that send work here ("... is handled as a Security Incident"). */
  routed: string[];
}

export interface MatrixIndex {
  categories: Category[];
  excluded: ExcludedTopic[];
  /** Categories first, then excluded topics. */
  candidates: Candidate[];
  db: Orama<typeof schema>;
  /** BM25 over `db`, as Orama's search scores it, each query word's part kept. */
  bm25: MemoisedBm25;
  /** Concept index -> candidates covering it, with coverage 0..1. */
  coverage: Map<number, { candidate: number; coverage: number }[]>;
  /** English stem -> candidates whose text uses it. */
  documentFrequency: Map<string, Set<number>>;
  /** Per candidate: stems of its name, keywords, named products and proper nouns (what makes it itself). */
  distinctive: Set<string>[];
  /** Every candidate's `distinctive` stems together. */
  names: Set<string>;
  /** First stem of a keyword -> the candidates with that keyword (as stems). */
  keywordPhrases: Map<string, { candidate: number; phrase: string[] }[]>;
  /** Catalogue product -> candidates whose text names it. */
  productUsers: Map<number, number[]>;
  /** Stem -> candidates whose description says it is handled elsewhere; `outside` when that elsewhere is not in the matrix. */
  exclusions: Map<string, { candidate: number; outside: boolean }[]>;
  /** Words this matrix uses that the knowledge doesn't know, for typo correction. */
  typos: TypoIndex;
  /** The matrix's own English words a French or Spanish word may be a cognate of. */
  cognates: Cognates;
  /** The language most of the matrix is written in (see matrix-language.ts). */
  language: Language;
  /** Candidates whose name or keywords say they handle incidents ("Security Incident Response", "breach"): where incidents go. */
  incidentHomes: Set<number>;
}

/** Words of a category's name or keywords that make it the matrix's place for incidents. */
const INCIDENT_HOME = /\b(incidents?|breach(es)?|compromised?)\b/i;

/** The text fields the question is scored against, in the schema's order. */
const LEXICAL_FIELDS = ["name", "keywords", "description", "examples", "routed"];
const schema = { position: "number", name: "string", keywords: "string", description: "string", examples: "string", routed: "string" } as const;

function contentStemsOf(text: string): string[] {
  return words(text)
    .filter((w) => !STOPWORDS.en.has(w.text))
    .map((w) => stem(w.text, "en"));
}

const tokenizer = { language: "english", normalizationCache: new Map<string, string>(), tokenize: (raw: string) => contentStemsOf(raw) };

function sentences(text: string): string[] {
  return text.split(/(?<=[.;])\s+/).filter(Boolean);
}

function splitDescription(description: string): { main: string; exclusions: string[] } {
  const main: string[] = [];
  const exclusions: string[] = [];
  for (const s of sentences(description)) (EXCLUSION.test(s) ? exclusions : main).push(s);
  return { main: main.join(" "), exclusions };
}

/** Capitalised words inside sentences and acronyms: names (Open Dental, Mango Voice, PCI, SSRS), not ordinary words. */
function properNouns(text: string): string[] {
  const out: string[] = [];
  for (const sentence of sentences(text)) {
    words(sentence).forEach((w, i) => {
      const capital = /^\p{Lu}/u.test(w.raw);
      const acronym = w.raw.length >= 2 && w.raw === w.raw.toUpperCase() && /\p{Lu}/u.test(w.raw);
      if ((capital && i > 0) || acronym) out.push(stem(w.text, "en"));
    });
  }
  return out;
}

function candidatesOf(matrix: Matrix, language: Language): Candidate[] {
  // French or Spanish text is read in English words too (the matrix's own words stay beside them).
  const read = (text: string) => withEnglish(text, language);
  const texts = (t: Candidate["text"]): Candidate["text"] => ({
    name: read(t.name),
    keywords: t.keywords.map(read),
    description: sentences(t.description).map(read).join(" "),
    examples: t.examples.map(read),
  });
  const fromCategories = matrix.categories.map((c, i) => ({
    position: i,
    id: c.id,
    name: c.name,
    text: texts({ name: c.name ?? "", keywords: c.keywords ?? [], description: c.description ?? "", examples: c.examples ?? [] }),
    routed: [] as string[],
  }));
  const fromExcluded = (matrix.excluded ?? []).map((e, i) => ({
    position: -1 - i,
    id: `excluded:${i}`,
    name: e.name,
    text: texts({ name: e.name, keywords: e.keywords, description: e.description, examples: [] }),
    routed: [] as string[],
  }));
  const all = [...fromCategories, ...fromExcluded];
  crossReferences(matrix, all);
  return all;
}

/** How a sentence names a category: its name (2+ words), its name before "(" or split at "&", or an acronym keyword ("SOC"). */
function namesOf(c: Category): string[] {
  const name = (c.name ?? "").trim();
  const names = new Set<string>([name, name.replace(/\s*\(.*\)\s*$/, ""), ...name.split(/\s*(?:&|,|\band\b)\s*/)]);
  for (const k of c.keywords ?? []) if (/^[A-Z]{2,5}$/.test(k)) names.add(k);
  return [...names].map((n) => n.trim()).filter((n) => n.length >= 3 && (n.split(/\s+/).length >= 2 || /^[A-Z]{2,5}$/.test(n)));
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * A sentence in one category's escalation or description that hands work to another category by name ("A user who
 * has entered credentials on a phishing page is handled as a Security Incident") describes work of that other one.
 * One regular expression of every name keeps this linear in the size of the matrix.
 */
function crossReferences(matrix: Matrix, candidates: Candidate[]): void {
  const owners = new Map<string, Set<number>>();
  matrix.categories.forEach((c, j) => {
    for (const n of namesOf(c)) {
      const key = /^[A-Z]{2,5}$/.test(n) ? n : n.toLowerCase();
      if (!owners.has(key)) owners.set(key, new Set());
      owners.get(key)!.add(j);
    }
  });
  if (owners.size === 0) return;
  const keys = [...owners.keys()].sort((a, b) => b.length - a.length);
  const acronyms = keys.filter((k) => /^[A-Z]{2,5}$/.test(k));
  const phrases = keys.filter((k) => !/^[A-Z]{2,5}$/.test(k));
  const patterns = [
    ...(phrases.length ? [new RegExp(`\\b(?:${phrases.map(escapeRe).join("|")})\\b`, "gi")] : []),
    ...(acronyms.length ? [new RegExp(`\\b(?:${acronyms.map(escapeRe).join("|")})\\b`, "g")] : []),
  ];
  matrix.categories.forEach((from, i) => {
    for (const sentence of sentences(`${from.escalation ?? ""} ${from.description ?? ""}`)) {
      const targets = new Set<number>();
      let rest = sentence;
      for (const re of patterns) {
        for (const m of sentence.matchAll(re)) {
          const key = /^[A-Z]{2,5}$/.test(m[0]) && owners.has(m[0]) ? m[0] : m[0].toLowerCase();
          for (const j of owners.get(key) ?? []) if (j !== i) targets.add(j);
        }
        rest = rest.replace(re, " ");
      }
      for (const j of targets) candidates[j].routed.push(rest);
    }
  });
}

function conceptProfile(c: Candidate, mainDescription: string): Map<number, number> {
  const k = knowledge();
  const raw = new Map<number, number>();
  const add = (text: string, fieldWeight: number): void => {
    const ws = words(text).map((w) => w.text);
    for (const [concept, weight] of k.matchers.en.match(ws.map((w) => stem(w, "en")), ws).weights) {
      raw.set(concept, (raw.get(concept) ?? 0) + fieldWeight * Math.min(weight, 1.5));
    }
  };
  add(c.text.name, FIELD_WEIGHT.name);
  for (const keyword of c.text.keywords) add(keyword, FIELD_WEIGHT.keyword);
  for (const example of c.text.examples) add(example, FIELD_WEIGHT.example);
  add(mainDescription, FIELD_WEIGHT.description);

  const spread = new Map(raw);
  for (const [concept, value] of raw) {
    for (const related of k.concepts[concept].related) spread.set(related, Math.max(spread.get(related) ?? 0, RELATED_SHARE * value));
  }
  const top = Math.max(0, ...spread.values());
  const coverage = new Map<number, number>();
  // Anything within two thirds of the category's main concept counts as fully covered.
  if (top > 0) for (const [concept, value] of spread) coverage.set(concept, Math.min(1, (1.5 * value) / top));
  return coverage;
}

function productsNamed(text: string): Set<number> {
  const k = knowledge();
  const ws = words(text).map((w) => w.text);
  const found = new Set(k.matchers.en.match(ws.map((w) => stem(w, "en")), ws).products);
  for (const { alias, product } of k.capitalAliases) if (alias.test(text)) found.add(product);
  return found;
}

const cache = new WeakMap<Matrix, MatrixIndex>();
/**
 * The same matrix read again (from the database after an import, on another turn) is another object with the same
 * content: an index built when it was imported or warmed is found by content too. Keys are sorted, as a JSON
 * column may store them in another order. Bounded: a few recent matrices per client.
 */
const byContent = new Map<string, MatrixIndex>();
const BY_CONTENT_LIMIT = 200;

function contentKey(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

export function indexMatrix(matrix: Matrix): MatrixIndex {
  const cached = cache.get(matrix);
  if (cached) return cached;
  const key = contentKey({ categories: matrix.categories, excluded: matrix.excluded ?? [] });
  const same = byContent.get(key);
  if (same) {
    cache.set(matrix, same);
    return same;
  }
  const built = buildIndex(matrix);
  cache.set(matrix, built);
  if (byContent.size >= BY_CONTENT_LIMIT) byContent.delete(byContent.keys().next().value!);
  byContent.set(key, built);
  return built;
}

let builds = 0;

/** How many matrix indexes this process has built (start-up builds one per matrix in force; questions reuse them). */
export function indexesBuilt(): number {
  return builds;
}

function buildIndex(matrix: Matrix): MatrixIndex {
  builds++;
  const k = knowledge();
  const language = matrixLanguage([...matrix.categories, ...(matrix.excluded ?? [])].flatMap((c) => [c.name ?? "", c.description ?? ""]));
  const candidates = candidatesOf(matrix, language);
  const coverage: MatrixIndex["coverage"] = new Map();
  const documentFrequency: MatrixIndex["documentFrequency"] = new Map();
  const distinctive: Set<string>[] = [];
  const keywordPhrases: MatrixIndex["keywordPhrases"] = new Map();
  const productUsers: MatrixIndex["productUsers"] = new Map();
  const exclusions: MatrixIndex["exclusions"] = new Map();
  const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  const ownWords = new Set<string>();
  const incidentHomes = new Set<number>();
  const docs: { position: number; name: string; keywords: string; description: string; examples: string; routed: string }[] = [];

  candidates.forEach((c, index) => {
    // An excluded topic's description is all about what it excludes ("plotters, serviced by the vendor"): none of it is
    // sent elsewhere from it.
    const { main, exclusions: excluded } = index < matrix.categories.length ? splitDescription(c.text.description) : { main: c.text.description, exclusions: [] };
    const allText = [c.text.name, ...c.text.keywords, main, ...c.text.examples].join(" . ");
    docs.push({ position: index, name: c.text.name, keywords: c.text.keywords.join(" ; "), description: main, examples: c.text.examples.join(" ; "), routed: c.routed.join(" ; ") });
    for (const [concept, value] of conceptProfile(c, `${main} ${c.routed.join(" ")}`)) {
      const list = coverage.get(concept) ?? [];
      list.push({ candidate: index, coverage: value });
      coverage.set(concept, list);
    }
    const stemsHere = new Set(contentStemsOf(allText));
    for (const s of stemsHere) {
      if (!documentFrequency.has(s)) documentFrequency.set(s, new Set());
      documentFrequency.get(s)!.add(index);
    }
    const named = productsNamed(allText);
    for (const p of named) push(productUsers, p, index);
    distinctive.push(
      new Set([
        ...contentStemsOf(c.text.name),
        ...c.text.keywords.flatMap(contentStemsOf),
        ...[...named].flatMap((p) => k.products[p].nameStems),
        ...properNouns(`${c.text.name}. ${main}`),
      ]),
    );
    for (const phrase of c.text.keywords.map(contentStemsOf)) if (phrase.length > 0) push(keywordPhrases, phrase[0], { candidate: index, phrase });
    if (index < matrix.categories.length && [c.text.name, ...c.text.keywords].some((t) => INCIDENT_HOME.test(t))) incidentHomes.add(index);
    const outside = excluded.some((s) => !TO_ANOTHER_CATEGORY.test(s));
    for (const s of new Set(excluded.flatMap(contentStemsOf))) if (!stemsHere.has(s) && !EXCLUSION_FILLER.has(s)) push(exclusions, s, { candidate: index, outside });
    for (const w of words(`${allText} ${excluded.join(" ")}`)) if (!k.typos.has(w.text)) ownWords.add(w.text);
  });

  const db = create({ schema, components: { tokenizer } });
  insertMultiple(db, docs);
  const built: MatrixIndex = {
    categories: matrix.categories,
    excluded: matrix.excluded ?? [],
    candidates,
    db,
    bm25: new MemoisedBm25(db, LEXICAL_FIELDS, BOOST),
    coverage,
    documentFrequency,
    distinctive,
    names: new Set(distinctive.flatMap((d) => [...d])),
    keywordPhrases,
    productUsers,
    exclusions,
    typos: new TypoIndex(ownWords, k.realWords),
    cognates: new Cognates(ownWords),
    incidentHomes,
    language,
  };
  return built;
}

/** BM25 of the question against each candidate's own words (Orama), candidate index -> score. */
export function lexicalScores(index: MatrixIndex, queryText: string): Map<number, number> {
  if (!queryText.trim()) return new Map();
  return index.bm25.scores(tokenizer.tokenize(queryText));
}
