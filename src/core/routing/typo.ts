// Typo tolerance: finds a known word within one edit (insert, delete, substitute, swap) of an unknown one.
// Uses a deletion index (SymSpell idea) so a lookup costs a handful of map reads, not a scan of the dictionary.

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** Swapped neighbours ("emial"): the one slip safe to fix in short words, where a substitution makes another word. */
function isSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const diffs: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diffs.push(i);
  return diffs.length === 2 && diffs[1] === diffs[0] + 1 && a[diffs[0]] === b[diffs[1]] && a[diffs[1]] === b[diffs[0]];
}

function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  if (la === lb) {
    const diffs: number[] = [];
    for (let i = 0; i < la; i++) if (a[i] !== b[i]) diffs.push(i);
    if (diffs.length === 1) return true;
    return diffs.length === 2 && diffs[1] === diffs[0] + 1 && a[diffs[0]] === b[diffs[1]] && a[diffs[1]] === b[diffs[0]];
  }
  const [short, long] = la < lb ? [a, b] : [b, a];
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  return short.slice(i) === long.slice(i + 1);
}

/** Short words are too easily confused ("visit" is one letter from "visio"): below this only swaps are fixed. */
const MIN_LENGTH = 6;
const MIN_SWAP_LENGTH = 4;

export class TypoDictionary {
  private readonly words = new Set<string>();
  private readonly byDeletion = new Map<string, string[]>();

  constructor(words: Iterable<string>) {
    for (const word of words) this.add(word);
  }

  has(word: string): boolean {
    return this.words.has(word);
  }

  private add(word: string): void {
    if (this.words.has(word) || /[0-9]/.test(word)) return;
    this.words.add(word);
    if (word.length < MIN_SWAP_LENGTH) return;
    for (const key of [word, ...deletions(word)]) {
      const list = this.byDeletion.get(key);
      if (list) list.push(word);
      else this.byDeletion.set(key, [word]);
    }
  }

  /** The known word one edit away, if exactly one candidate length class wins; undefined when none. */
  correct(word: string): string | undefined {
    if (word.length < MIN_SWAP_LENGTH || this.words.has(word) || /[0-9]/.test(word)) return undefined;
    const short = word.length < MIN_LENGTH;
    let best: string | undefined;
    for (const key of [word, ...deletions(word)]) {
      for (const candidate of this.byDeletion.get(key) ?? []) {
        if (short ? !isSwap(word, candidate) : candidate.length < MIN_LENGTH - 1 || !withinOneEdit(word, candidate)) continue;
        // Prefer the longer candidate: "outlok" is "outlook", not "outlo-" anything shorter.
        if (best === undefined || candidate.length > best.length || (candidate.length === best.length && candidate < best)) best = candidate;
      }
    }
    return best;
  }
}
