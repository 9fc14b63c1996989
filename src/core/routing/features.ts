// The evidence for each candidate category (and for "not in the matrix"), as numbers a learned linear model
// weighs. The matrix's own words come first: BM25 on its text, words only one category uses, its keyword phrases,
// the products it names. General knowledge (concepts) and what descriptions leave out come next.
import { lexicalScores, type MatrixIndex } from "./matrix-index";
import type { ReadQuestion } from "./question";
import { knowledge } from "./knowledge";
import { PerCandidate } from "./per-candidate";
import { STOPWORDS, stem } from "./text";
import { shippedAssociations, type Associations } from "./associations";
import { shippedTreesFor, type RoutingTrees } from "./trees";

export const CATEGORY_FEATURES = [
  "bm25-relative",
  "bm25-strength",
  "concept-share",
  "concept-it-share",
  "concept-distinct",
  "unique-name-word",
  "unique-word",
  "rare-name-word",
  "keyword-phrase",
  "product-named",
  "excluded-by-description",
  "learned",
  "top-by-words",
  "top-by-concepts",
  "top-by-both",
  "main-concept-cover",
  "incident-cover",
  "top-by-incident",
  "incident-home",
  "top-by-aspect",
  "association",
  "trees",
] as const;

/** What the trees read: every candidate feature before theirs. */
export const TREE_INPUTS = CATEGORY_FEATURES.slice(0, -1);

export const NONE_FEATURES = ["bias", "office-life-share", "office-life-weight", "no-evidence", "it-weight", "excluded-outside", "best-bm25-strength", "uncovered-share", "best-concept-cover", "outside-owner", "association-outside"] as const;

/**
 * What the out-of-scope trees read: the evidence for "not in the matrix", and that of the category and of the excluded
 * topic the candidate trees rank first (nothing that grows with the matrix: the sets they learn from are all of a size).
 */
export const OUT_OF_SCOPE_INPUTS = [...NONE_FEATURES, ...CATEGORY_FEATURES.map((f) => `best-category:${f}`), ...CATEGORY_FEATURES.map((f) => `best-excluded:${f}`)];

export interface QuestionFeatures {
  /** Candidate index (into MatrixIndex.candidates) -> feature vector, only for candidates with some evidence. */
  candidates: Map<number, number[]>;
  none: number[];
  /** What the out-of-scope trees read (OUT_OF_SCOPE_INPUTS); absent when the question is not theirs to decide. */
  outOfScopeInputs?: number[];
  /** What the out-of-scope trees say (absent when none are trained): the probability, and the one from which it is out. */
  outOfScope?: { p: number; at: number };
}

/** The trees' score of a candidate that has no evidence at all: as unlikely as any they learned. */
const NO_CANDIDATE = -10;
export const TREES_AT = CATEGORY_FEATURES.indexOf("trees");

/** The category and the excluded topic the candidate trees rank first (candidates from `categories` on are excluded topics). */
export function firstByTrees(candidates: Map<number, number[]>, categories: number): { category?: number; excluded?: number } {
  let category: number | undefined;
  let excluded: number | undefined;
  const score = (c: number) => candidates.get(c)![TREES_AT];
  for (const [c, f] of candidates) {
    if (c < categories) {
      if (category === undefined || f[TREES_AT] > score(category)) category = c;
    } else if (excluded === undefined || f[TREES_AT] > score(excluded)) excluded = c;
  }
  return { category, excluded };
}

/** The out-of-scope trees' inputs (OUT_OF_SCOPE_INPUTS) for a question; candidates from `categories` on are excluded topics. */
export function outOfScopeInputs(candidates: Map<number, number[]>, none: number[], categories: number): number[] {
  const { category, excluded } = firstByTrees(candidates, categories);
  const absent = () => CATEGORY_FEATURES.map((_, i) => (i === TREES_AT ? NO_CANDIDATE : 0));
  return [...none, ...(category === undefined ? absent() : candidates.get(category)!), ...(excluded === undefined ? absent() : candidates.get(excluded)!)];
}

const strength = (s: number) => s / (s + 2);
/** An aspect said in passing or by a vague word ("refresh", "quote") doesn't decide. */
const ASPECT_AT = 0.8;
const cap = (x: number, max: number) => Math.min(max, x);

function startsAt(stems: string[], at: number, phrase: string[]): boolean {
  if (at + phrase.length > stems.length) return false;
  for (let j = 0; j < phrase.length; j++) if (stems[at + j] !== phrase[j]) return false;
  return true;
}

/**
 * The words BM25 scores. Apart from questionFeatures: these arrays come in several kinds (an empty one is another), and
 * code that meets a new kind is thrown away and optimised again, which is cheap for this and costly for that.
 */
function queryTextOf(question: ReadQuestion, own: string[]): string {
  const k = knowledge();
  return [...own, ...question.mainEnglish, ...question.translated, ...[...question.mainProducts].map((p) => k.products[p].name)].join(" ");
}

/**
 * A French or Spanish question put to a matrix written in its own language: the main ask's own words, which meet the
 * matrix's own words (kept beside their English reading) as written. Read in English alone, two of the matrix's words
 * the glossary says one way ("impresora" and "plóter" are both a printer) would no longer tell their categories apart.
 */
function ownWordsOf(question: ReadQuestion, index: MatrixIndex): string[] {
  const own: string[] = [];
  if (question.language === "en" || question.language !== index.language) return own;
  for (let i = 0; i < question.main; i++) if (!STOPWORDS[question.language].has(question.words[i])) own.push(question.words[i]);
  return own;
}

export function questionFeatures(
  question: ReadQuestion,
  index: MatrixIndex,
  learned: Map<number, number> = new Map(),
  associations: Associations = shippedAssociations(),
  trees: RoutingTrees = shippedTreesFor(TREE_INPUTS, OUT_OF_SCOPE_INPUTS),
): QuestionFeatures {
  const k = knowledge();
  // The main ask's words (an aside such as "also the printer is out of toner" would pull toward its own category).
  const own = ownWordsOf(question, index);
  const ownStems: string[] = [];
  for (const w of own) ownStems.push(stem(w, "en"));
  const queryText = queryTextOf(question, own);
  const bm25 = lexicalScores(index, queryText);
  const best = Math.max(0, ...bm25.values());

  const total = question.itWeight + question.nonItWeight;
  // Office life the matrix itself names (a "Payroll clients" group, the HR portal) is not office life for this client.
  let officeLife = 0;
  // Whose thing it is: a family member's device is not the organisation's IT, however IT the rest of the words sound.
  let outsideOwner = 0;
  let ownThings = 0;
  for (const [c, weight] of question.concepts) {
    if (k.concepts[c].it) continue;
    const named = Math.max(0, ...(index.coverage.get(c) ?? []).map((x) => x.coverage));
    officeLife += weight * (1 - named);
    if (k.concepts[c].outside) {
      outsideOwner += weight * (1 - named);
      ownThings += weight;
    }
  }
  const concept = new PerCandidate(index.candidates.length);
  const conceptIt = new PerCandidate(index.candidates.length);
  const distinct = new PerCandidate(index.candidates.length);
  let uncovered = 0;
  for (const [c, weight] of question.concepts) {
    const isIt = k.concepts[c].it;
    const covering = index.coverage.get(c) ?? [];
    // A concept many categories cover tells them apart less than one only a few cover.
    const strong = covering.filter((x) => x.coverage >= 0.5).length;
    if (isIt && !covering.some((x) => x.coverage >= 0.5)) uncovered += weight;
    for (const { candidate, coverage } of covering) {
      concept.set(candidate, (concept.get(candidate) ?? 0) + (weight / total) * coverage);
      if (isIt && question.itWeight > 0) conceptIt.set(candidate, (conceptIt.get(candidate) ?? 0) + (weight / question.itWeight) * coverage);
      distinct.set(candidate, (distinct.get(candidate) ?? 0) + ((weight / total) * coverage) / Math.max(1, strong));
    }
  }

  const uniqueName = new Map<number, number>();
  const unique = new Map<number, number>();
  const rareName = new Map<number, number>();
  const content = new Set([...question.content, ...ownStems]);
  for (const s of content) {
    const users = index.documentFrequency.get(s);
    if (!users) continue;
    if (users.size === 1) {
      const [c] = users;
      const target = index.distinctive[c].has(s) ? uniqueName : unique;
      target.set(c, (target.get(c) ?? 0) + 1);
    } else if (users.size === 2) {
      for (const c of users) if (index.distinctive[c].has(s)) rareName.set(c, (rareName.get(c) ?? 0) + 1);
    }
  }

  const keywordHits = new Map<number, number>();
  // Pushed onto a literal, not filter().map(): an empty result of map() is another kind of array, and meeting both
  // here threw questionFeatures' optimised code away on many questions (and compiling it again is costly).
  const contentStems: string[] = [];
  for (const w of question.mainEnglish) if (!STOPWORDS.en.has(w)) contentStems.push(stem(w, "en"));
  // A keyword phrase met in the question's English reading or in its own words (a matrix in its language).
  for (const said of [contentStems, ownStems]) {
    for (let i = 0; i < said.length; i++) {
      for (const { candidate, phrase } of index.keywordPhrases.get(said[i]) ?? []) {
        if (startsAt(said, i, phrase)) keywordHits.set(candidate, (keywordHits.get(candidate) ?? 0) + 1);
      }
    }
  }
  const productHits = new Map<number, number>();
  for (const p of question.mainProducts) for (const c of index.productUsers.get(p) ?? []) productHits.set(c, 1);
  const excludedHits = new Map<number, number>();
  let excludedOutside = 0;
  const outsideHits = new Map<number, number>();
  for (const s of content) {
    for (const { candidate, outside } of index.exclusions.get(s) ?? []) {
      excludedHits.set(candidate, (excludedHits.get(candidate) ?? 0) + 1);
      if (outside) outsideHits.set(candidate, (outsideHits.get(candidate) ?? 0) + 1);
    }
  }
  for (const n of outsideHits.values()) excludedOutside = Math.max(excludedOutside, n);

  // Two readings that agree on the same category (the matrix's words and general knowledge) are worth more than either.
  const argmax = (m: Map<number, number> | PerCandidate) => {
    let best: number | undefined;
    m.forEach((v, c) => {
      if (v > 0 && (best === undefined || v > m.get(best)!)) best = c;
    });
    return best;
  };
  const topWords = argmax(bm25);
  const topConcepts = argmax(conceptIt);
  const bestCover = Math.max(0, ...conceptIt.values());
  // The question's heaviest IT concept (a strong phrase like "files are encrypted" outweighs a passing "laptop").
  let main: number | undefined;
  for (const [c, w] of question.concepts) if (k.concepts[c].it && (main === undefined || w > question.concepts.get(main)!)) main = c;
  const mainCover = new PerCandidate(index.candidates.length);
  if (main !== undefined) {
    const share = question.concepts.get(main)! / Math.max(question.itWeight, 1e-9);
    for (const { candidate, coverage } of index.coverage.get(main) ?? []) mainCover.set(candidate, coverage * share);
  }
  // An incident named in the question (an account taken over, files encrypted, a laptop stolen) outranks the device or
  // application it happened to: how well each candidate covers it.
  const incidentCover = new PerCandidate(index.candidates.length);
  for (const [c, w] of question.concepts) {
    if (!k.concepts[c].incident) continue;
    for (const { candidate, coverage } of index.coverage.get(c) ?? []) {
      incidentCover.set(candidate, Math.max(incidentCover.get(candidate) ?? 0, coverage * Math.min(1, w)));
    }
  }
  // The category that covers the incident best is the one that handles it, however weakly its text says so.
  const topIncident = argmax(incidentCover);
  // How surely the question names an incident at all: it goes to the category the matrix names for incidents.
  let incidentWeight = 0;
  for (const [c, w] of question.concepts) if (k.concepts[c].incident) incidentWeight = Math.max(incidentWeight, w);
  // What is being done (bought, licensed, set up for a starter or leaver, restored, patched) rather than what it is done to:
  // the category that covers that work best ("a quote for 30 more laptops" is purchasing, not laptops). The strongest
  // aspect named leads ("renewal quote ... seats" is licensing before purchasing).
  const aspectCover = new PerCandidate(index.candidates.length);
  const strongestAspect = Math.max(0, ...[...question.concepts].filter(([c]) => k.concepts[c].aspect).map(([, w]) => w));
  for (const [c, w] of question.concepts) {
    if (!k.concepts[c].aspect) continue;
    const share = w >= ASPECT_AT ? w / strongestAspect : 0;
    for (const { candidate, coverage } of index.coverage.get(c) ?? []) {
      aspectCover.set(candidate, Math.max(aspectCover.get(candidate) ?? 0, coverage * share));
    }
  }
  const topAspect = argmax(aspectCover);
  // What other people's labelled questions say about words like these (learned across matrices; see associations.ts).
  // Not when the thing is someone's own (a family member's laptop): no category handles it, whatever it is.
  const associated = outsideOwner > 0 ? undefined : associations.categoryShares(question.content, index);
  const candidates = new Map<number, number[]>();
  const touched = new Set([...(incidentWeight > 0 ? index.incidentHomes : []), ...bm25.keys(), ...concept.keys(), ...incidentCover.keys(), ...uniqueName.keys(), ...unique.keys(), ...keywordHits.keys(), ...productHits.keys(), ...learned.keys()]);
  for (const c of touched) {
    const s = bm25.get(c) ?? 0;
    candidates.set(c, [
      best > 0 ? s / best : 0,
      strength(s),
      concept.get(c) ?? 0,
      conceptIt.get(c) ?? 0,
      distinct.get(c) ?? 0,
      cap(uniqueName.get(c) ?? 0, 2),
      cap(unique.get(c) ?? 0, 2),
      cap(rareName.get(c) ?? 0, 2),
      cap(keywordHits.get(c) ?? 0, 3),
      productHits.get(c) ?? 0,
      cap(excludedHits.get(c) ?? 0, 2),
      learned.get(c) ?? 0,
      c === topWords ? 1 : 0,
      c === topConcepts ? 1 : 0,
      c === topWords && c === topConcepts ? 1 : 0,
      mainCover.get(c) ?? 0,
      incidentCover.get(c) ?? 0,
      c === topIncident ? 1 : 0,
      index.incidentHomes.has(c) ? Math.min(1, incidentWeight) : 0,
      c === topAspect ? 1 : 0,
      associated?.[c] ?? 0,
    ]);
  }
  // What trees learned from other people's sets about evidence like this together; not when the thing is someone's own
  // (their evidence was learned on questions about the organisation's things): then they say what they say of any
  // candidate.
  const vectors = [...candidates.values()];
  const treeScores = outsideOwner > 0 ? vectors.map(() => 0) : trees.candidate.scoreMany(vectors);
  vectors.forEach((f, i) => f.push(treeScores[i]));
  const none = [
    1,
    total > 0 ? officeLife / total : 0,
    cap(officeLife, 3) / 3,
    question.itWeight === 0 && best === 0 ? 1 : 0,
    cap(question.itWeight, 3) / 3,
    cap(excludedOutside, 2),
    strength(best),
    total > 0 ? uncovered / total : 0,
    bestCover,
    // Rare but decisive: on a scale the learned weight can reach under regularisation.
    3 * cap(outsideOwner, 1),
    // Someone's own thing that the matrix names (personal phones in a BYOD category) is its own: the words learned as
    // "not in the matrix" count only for the share of it the matrix does not name, as whose thing it is does above.
    associations.outsideLift(question.content) * (ownThings > 0 ? outsideOwner / ownThings : 1),
  ];
  // Not when the thing is someone's own either: the linear model decides then (the trees read the candidate trees, which
  // said nothing). The evaluation tool trains the out-of-scope trees on these same inputs.
  const inputs = outsideOwner > 0 ? undefined : outOfScopeInputs(candidates, none, index.categories.length);
  const outOfScope = inputs && trees.outOfScope.count ? { p: trees.outOfScope.probability(inputs), at: trees.outOfScope.at ?? 0.5 } : undefined;
  return { candidates, none, ...(inputs ? { outOfScopeInputs: inputs } : {}), ...(outOfScope ? { outOfScope } : {}) };
}
