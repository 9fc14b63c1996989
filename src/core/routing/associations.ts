// What labelled sets written by other people taught about which question words go with which words of the category
// that handles them, across matrices nobody here wrote ("kicks me out" with "VPN", "remote access"). Learned, not
// listed: `knowledge/associations.json` holds each development set's questions (their English stems) and categories
// (the stems of their text), and the table is counted from them when first needed. For a question word w and a
// category word v: of the (question, category) pairs where the question says w and the category's text says v, the
// share where that category was the label, against the share over all pairs, smoothed; a category's score is the sum
// over its words, for the question's words, and the router's feature is that score as a softmax over the matrix's
// categories plus one the words say nothing about (score 0). Words of questions no category covered count for "not in
// the matrix". The evaluation tool counts the table without the set it scores (and the sets written with it).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { KNOWLEDGE_DIR } from "./knowledge-files";
import type { MatrixIndex } from "./matrix-index";

/** The file's shape: one entry per development set. */
export interface AssociationSets {
  note?: string;
  /** Every stem the sets use; the sets name them by position. */
  vocabulary: string[];
  sets: {
    name: string;
    /** Sets written together (one folder) or from the same matrix or messages (a translation) share a group. */
    group: string;
    /** A hash of the set's requests, to know it when the evaluation tool scores it. */
    hash: string;
    /** Per category (in the matrix's order), the stems of its text. */
    categories: number[][];
    /** Per question: the label's category position (-1: not in the matrix), then the stems of the question's main ask. */
    questions: number[][];
  }[];
}

/** Pairs seen fewer times than this say nothing. */
const MIN_PAIRS = 5;
/** Smoothing toward the overall share. */
const ALPHA = 5;
/** Question words whose lifts are kept per matrix (a few MB at 500 categories). */
const KEPT_WORDS = 512;

export class Associations {
  private readonly word = new Map<string, number>();
  /** Sorted keys (question word * vocabulary size + category word) of pairs where the category was the label, and their counts. */
  private readonly keys: Uint32Array;
  private readonly counts: Uint32Array;
  /** Per word: per set (dense), how many questions say it; per word: per set, how many categories' texts say it. */
  private readonly asked: Map<number, Float64Array> = new Map();
  private readonly described: Map<number, Float64Array> = new Map();
  private readonly base: number;
  /** Per word: how many questions say it, and how many of those the matrix did not cover; the overall share not covered. */
  private readonly said = new Map<number, number>();
  private readonly outside = new Map<number, number>();
  private readonly outsideBase: number;
  private readonly size: number;
  readonly sets: string[];

  constructor(file: AssociationSets, without: (set: AssociationSets["sets"][number]) => boolean = () => false) {
    file.vocabulary.forEach((w, i) => this.word.set(w, i));
    this.size = file.vocabulary.length;
    const used = file.sets.filter((s) => !without(s));
    this.sets = used.map((s) => s.name);
    let labelled = 0;
    let all = 0;
    let saidAll = 0;
    let outsideAll = 0;
    let size = 0;
    for (const set of used) for (const [gold, ...question] of set.questions) if (gold >= 0) size += question.length * set.categories[gold].length;
    const pairs = new Uint32Array(size);
    let at = 0;
    used.forEach((set, si) => {
      const perSet = (table: Map<number, Float64Array>, w: number) => {
        let row = table.get(w);
        if (!row) table.set(w, (row = new Float64Array(used.length)));
        row[si] += 1;
      };
      let words = 0;
      for (const category of set.categories) for (const v of category) perSet(this.described, v);
      for (const category of set.categories) words += category.length;
      for (const [gold, ...question] of set.questions) {
        for (const w of question) {
          this.said.set(w, (this.said.get(w) ?? 0) + 1);
          if (gold < 0) this.outside.set(w, (this.outside.get(w) ?? 0) + 1);
        }
        saidAll += question.length;
        if (gold < 0) {
          outsideAll += question.length;
          continue;
        }
        for (const w of question) {
          perSet(this.asked, w);
          for (const v of set.categories[gold]) pairs[at++] = w * this.size + v;
        }
        labelled += question.length * set.categories[gold].length;
        all += question.length * words;
      }
    });
    pairs.sort();
    let distinct = 0;
    for (let i = 0; i < pairs.length; i++) if (!i || pairs[i] !== pairs[i - 1]) distinct++;
    this.keys = new Uint32Array(distinct);
    this.counts = new Uint32Array(distinct);
    for (let i = 0, k = -1; i < pairs.length; i++) {
      if (!i || pairs[i] !== pairs[i - 1]) this.keys[++k] = pairs[i];
      this.counts[k] += 1;
    }
    this.base = all ? labelled / all : 0;
    this.outsideBase = saidAll ? outsideAll / saidAll : 0;
  }

  /**
   * How much more often than usual questions with these words were ones the matrix did not cover (the sum of each
   * learned word's log ratio, up to 3). Never evidence the other way: IT words say a question is IT, not that this
   * matrix covers it.
   */
  outsideLift(stems: Iterable<string>): number {
    if (!this.outsideBase) return 0;
    let sum = 0;
    for (const s of new Set(stems)) {
      const w = this.word.get(s);
      const said = w === undefined ? 0 : (this.said.get(w) ?? 0);
      if (said < MIN_PAIRS) continue;
      sum += Math.log((((this.outside.get(w!) ?? 0) + ALPHA * this.outsideBase) / (said + ALPHA)) / this.outsideBase);
    }
    return Math.max(0, Math.min(3, sum));
  }

  /** The first position in `keys` at or after `key`. */
  private from(key: number): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.keys[mid] < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private readonly layouts = new WeakMap<MatrixIndex, Layout>();

  /** A matrix's category words laid out for counting: the words these sets know, per set how many categories say each. */
  private layout(index: MatrixIndex): Layout {
    let layout = this.layouts.get(index);
    if (layout) return layout;
    const texts = candidateStems(index);
    const slotOf = new Int32Array(this.size).fill(-1);
    const words: number[] = [];
    for (const text of texts) {
      for (const s of text) {
        const v = this.word.get(s);
        if (v !== undefined && this.described.has(v) && slotOf[v] < 0) slotOf[v] = words.push(v) - 1;
      }
    }
    const n = words.length;
    const sets = this.sets.length;
    const described = new Float64Array(sets * n);
    words.forEach((v, j) => this.described.get(v)!.forEach((count, set) => (described[set * n + j] = count)));
    layout = {
      slotOf,
      described,
      categories: texts.map((text) => Int32Array.from(text.map((s) => this.word.get(s) ?? -1).filter((v) => v >= 0 && slotOf[v] >= 0).map((v) => slotOf[v]))),
      lengths: texts.map((text) => text.length),
      pairs: new Float64Array(n),
      labelled: new Float64Array(n),
      lifts: new Map(),
    };
    this.layouts.set(index, layout);
    return layout;
  }

  /** One question word's lift with each word of the matrix (kept for the words asked most recently). */
  private liftsOf(w: number, layout: Layout): Float64Array {
    const kept = layout.lifts.get(w);
    if (kept) {
      layout.lifts.delete(w);
      layout.lifts.set(w, kept);
      return kept;
    }
    const { slotOf, described, pairs, labelled } = layout;
    const n = pairs.length;
    pairs.fill(0);
    const asked = this.asked.get(w)!;
    for (let set = 0; set < asked.length; set++) {
      const times = asked[set];
      if (times === 0) continue;
      const row = set * n;
      for (let j = 0; j < n; j++) pairs[j] += times * described[row + j];
    }
    labelled.fill(0);
    const first = w * this.size;
    for (let i = this.from(first); i < this.keys.length && this.keys[i] < first + this.size; i++) {
      const slot = slotOf[this.keys[i] - first];
      if (slot >= 0) labelled[slot] = this.counts[i];
    }
    const lifts = new Float64Array(n);
    const floor = ALPHA * this.base;
    for (let j = 0; j < n; j++) if (pairs[j] >= MIN_PAIRS) lifts[j] = Math.log((labelled[j] + floor) / (pairs[j] + ALPHA) / this.base);
    layout.lifts.set(w, lifts);
    if (layout.lifts.size > KEPT_WORDS) layout.lifts.delete(layout.lifts.keys().next().value!);
    return lifts;
  }

  /**
   * Per candidate of the matrix (its categories, then the topics it excludes, weighed alike): how likely the question is
   * that candidate's, from these associations alone (a softmax over them), or undefined when no word of the question was
   * learned. For a question word w and a category word v, the lift is how much more (or less) often than usual a category whose text
   * says v handled a question that says w (log ratio, smoothed; pairs seen fewer than MIN_PAIRS times count nothing).
   */
  categoryShares(stems: Iterable<string>, index: MatrixIndex): number[] | undefined {
    const words = [...new Set(stems)].map((s) => this.word.get(s)).filter((w): w is number => w !== undefined && this.asked.has(w));
    if (!words.length || !this.base) return undefined;
    const layout = this.layout(index);
    const { categories, lengths } = layout;
    const n = layout.pairs.length;
    const lifts = new Float64Array(n);
    for (const w of words) {
      const of = this.liftsOf(w, layout);
      for (let j = 0; j < n; j++) lifts[j] += of[j];
    }
    const scores = categories.map((slots, c) => {
      let sum = 0;
      for (const j of slots) sum += lifts[j];
      return lengths[c] ? sum / Math.sqrt(lengths[c]) : 0;
    });
    // Against a category the words say nothing about (score 0), so a question none of them fits gives none a share.
    const max = Math.max(0, ...scores);
    const exp = scores.map((x) => Math.exp(x - max));
    const total = exp.reduce((a, b) => a + b, Math.exp(-max));
    return exp.map((e) => e / total);
  }
}

interface Layout {
  /** Vocabulary position -> slot, or -1 when no category of the matrix says the word. */
  slotOf: Int32Array;
  /** Per set (rows), per slot: how many of that set's categories say the word. */
  described: Float64Array;
  /** Per category: the slots of its words; and how many words its text has (known or not). */
  categories: Int32Array[];
  lengths: number[];
  /** Scratch space for one question word at a time. */
  pairs: Float64Array;
  labelled: Float64Array;
  /** Question word -> its lift with each slot, for the KEPT_WORDS words asked most recently. */
  lifts: Map<number, Float64Array>;
}

const stemsOf = new WeakMap<MatrixIndex, string[][]>();

/** Each candidate's stems (name, keywords, description, examples), as the matrix index counts them: categories first, then excluded topics. */
function candidateStems(index: MatrixIndex): string[][] {
  let texts = stemsOf.get(index);
  if (!texts) {
    const lists: string[][] = index.candidates.map(() => []);
    index.documentFrequency.forEach((users, s) => users.forEach((c) => lists[c].push(s)));
    texts = lists;
    stemsOf.set(index, texts);
  }
  return texts;
}

/** Each category's stems, as the matrix index counts them (what the associations file records of a set's matrix). */
export function categoryStems(index: MatrixIndex): string[][] {
  return candidateStems(index).slice(0, index.categories.length);
}

export const ASSOCIATIONS_FILE = join(KNOWLEDGE_DIR, "associations.json");

export function readAssociationSets(file: string = ASSOCIATIONS_FILE): AssociationSets {
  return JSON.parse(readFileSync(file, "utf8")) as AssociationSets;
}

let shipped: Associations | undefined;

/** The associations counted from every set in the shipped file. */
export function shippedAssociations(): Associations {
  shipped ??= new Associations(readAssociationSets());
  return shipped;
}
