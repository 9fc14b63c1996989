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
