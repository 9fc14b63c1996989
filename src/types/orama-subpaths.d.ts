// The Orama stemmer and stop-word packages publish one subpath per language through package "exports", which the
// project's node10 module resolution does not read; these are their published signatures.
declare module "@orama/stemmers/english" {
  export function stemmer(word: string): string;
}
declare module "@orama/stemmers/french" {
  export function stemmer(word: string): string;
}
declare module "@orama/stemmers/spanish" {
  export function stemmer(word: string): string;
}
declare module "@orama/stopwords/english" {
  export const stopwords: string[];
}
declare module "@orama/stopwords/french" {
  export const stopwords: string[];
}
declare module "@orama/stopwords/spanish" {
  export const stopwords: string[];
}
declare module "@orama/orama/internals" {
  export function boundedLevenshtein(term: string, w: string, tolerance: number): { isBounded: boolean; distance: number };
}
declare module "@orama/orama/trees" {
  /** Orama's radix tree (what its full-text index looks words up in); `find` returns the words found, each with its document ids. */
  export namespace radix {
    class RadixTree {
      insert(word: string, docId: number): void;
      find(params: { term: string; exact?: boolean; tolerance?: number }): Record<string, number[]>;
    }
  }
}
