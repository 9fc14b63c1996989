// Typo tolerance: an unknown word is replaced by the known word within one edit ("outlok" -> "outlook", "pritner" ->
// "printer"). Short words are only fixed for swapped letters: one changed letter in a short word is usually another
// word ("visit" / "visio"). Candidates come from mnemonist's Pass-Join index (every known word within the distance is
// found; a third of the memory of its SymSpell). Orama's radix tree, used here before, misses some: with "computador"
// and "congela" beside it, "computdora" no longer reached "computadora", and about one slip in seven (one in four in
// French and Spanish) went uncorrected.
import PassjoinIndex from "mnemonist/passjoin-index";
import { edits } from "./edits";

const MIN_LENGTH = 4;
const CACHE_LIMIT = 20_000;

/** One changed, missing or extra letter, from this many letters on; shorter words are only fixed for swapped letters. */
const SLIP_FROM = 6;

/** "pritner" -> "printer": every word with two neighbouring letters swapped. */
function swaps(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < word.length; i++) {
    if (word[i] !== word[i + 1]) out.push(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
  }
  return out;
}

export class TypoIndex {
  private readonly known: Set<string>;
  /**
   * The known words of 5 letters or more: only they can correct a slip one letter off (slips of 6 letters and up).
   * Pass-Join returns only the words within one edit of the slip.
   */
  private readonly near = new PassjoinIndex<string>(edits, 1);
  private readonly cache = new Map<string, string | null>();

  /** `real`: words of the language that look like a slip of a known word but are words in their own right. */
  constructor(vocabulary: Iterable<string>, private readonly real: ReadonlySet<string> = new Set()) {
    this.known = new Set([...vocabulary].filter((w) => w.length >= MIN_LENGTH && !/\d/.test(w)));
    for (const w of this.known) if (w.length > MIN_LENGTH) this.near.add(w);
  }

  has(word: string): boolean {
    return this.known.has(word);
  }

  /** The known word this one is a slip of, or undefined. */
  correct(word: string): string | undefined {
    if (this.real.has(word)) return undefined;
    return this.correctIgnoringRealWords(word);
  }

  /** As `correct`, without the list of real words (what npm run knowledge:words checks a dictionary with). */
  correctIgnoringRealWords(word: string): string | undefined {
    if (word.length < MIN_LENGTH || this.known.has(word) || /\d/.test(word)) return undefined;
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached ?? undefined;
    const found = this.lookup(word);
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(word, found ?? null);
    return found;
  }

  private lookup(word: string): string | undefined {
    const swapped = swaps(word).filter((w) => this.known.has(w));
    if (swapped.length > 0) return swapped.sort()[0];
    if (word.length < SLIP_FROM) return undefined;
    let best: { word: string; cost: number } | undefined;
    for (const candidate of this.near.search(word)) {
      // Same first letter first: people rarely slip on the first letter.
      const cost = candidate[0] !== word[0] ? 1.5 : 1;
      if (!best || cost < best.cost || (cost === best.cost && (candidate.length > best.word.length || (candidate.length === best.word.length && candidate < best.word)))) {
        best = { word: candidate, cost };
      }
    }
    return best?.word;
  }
}
