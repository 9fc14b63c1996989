// Cognates: a French or Spanish word neither the glossary nor the stop words know, spelled almost like an English word
// the matrix or the knowledge uses, is read as that word ("quarantaine" quarantine, "infecté" infected, "configuración"
// configuration, "portail" portal). Only a long shared beginning counts, so that short words and loose likenesses
// ("attend" and "attendent" aside) stay as they are.
import { edits } from "./edits";

/** Words shorter than this are neither read as cognates nor taken as one. */
const MIN_LENGTH = 6;
/** The two words begin alike for at least this many letters ... */
const MIN_SHARED = 4;
/** ... and differ by at most this share of the longer one's letters (edits: a letter added, dropped or changed). */
const MAX_EDITS = 0.25;

export class Cognates {
  private readonly byStart = new Map<string, string[]>();
  private readonly cache = new Map<string, string | null>();

  constructor(english: Iterable<string>) {
    for (const w of english) {
      if (w.length < MIN_LENGTH - 1 || !/^\p{L}+$/u.test(w)) continue;
      const start = w.slice(0, MIN_SHARED);
      const list = this.byStart.get(start) ?? [];
      if (!list.includes(w)) list.push(w);
      this.byStart.set(start, list);
    }
  }

  /** The English word `word` (folded) is a cognate of, or undefined. */
  of(word: string): string | undefined {
    if (word.length < MIN_LENGTH) return undefined;
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached ?? undefined;
    let best: string | undefined;
    let fewest = Infinity;
    for (const e of this.byStart.get(word.slice(0, MIN_SHARED)) ?? []) {
      const n = edits(word, e);
      if (n > Math.max(1, Math.floor(MAX_EDITS * Math.max(word.length, e.length))) || n >= fewest) continue;
      best = e;
      fewest = n;
    }
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(word, best ?? null);
    return best;
  }
}
