// npm run knowledge:words: lists the real English, French and Spanish words that typo correction would otherwise
// "fix" into a knowledge word ("unable" is not a slip of "nable", "facture" is not a slip of "fracture"), into
// knowledge/real-words.<lang>.txt. Run it after editing the knowledge folder. The dictionaries are development
// dependencies; only the short lists ship.
// A dictionary word can only be taken for a typo of a known word one edit away (or two letters swapped), so the
// dictionaries (1.2 M words) are first narrowed with deletion variants (symmetric delete), and only the few words
// left are put to the typo index itself.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { KNOWLEDGE_DIR, readKnowledge } from "../core/routing/knowledge-files";
import { knowledge } from "../core/routing/knowledge";
import { fold, words } from "../core/routing/text";

function deletions(word: string): string[] {
  const out = [word];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

const k = knowledge();
// The French and Spanish glossaries' words are typo targets too once a question's language is known.
const glossaryWords = (language: "fr" | "es") =>
  Object.values(readKnowledge().glossary[language] ?? {}).flatMap((phrases) => phrases.flatMap((p) => words(p).map((w) => w.text)));
const known = [...k.vocabulary.en, ...k.vocabulary.fr, ...k.vocabulary.es, ...glossaryWords("fr"), ...glossaryWords("es")].filter(
  (w) => w.length >= 4 && !/\d/.test(w),
);
const near = new Set(known.flatMap(deletions));
const longest = Math.max(...known.map((w) => w.length)) + 2;

const DICTIONARIES = { en: "an-array-of-english-words", fr: "an-array-of-french-words", es: "an-array-of-spanish-words" } as const;
for (const [language, pkg] of Object.entries(DICTIONARIES)) {
  const all = require(pkg) as string[];
  const protectedWords = new Set<string>();
  for (const raw of all) {
    const word = fold(raw).replace(/['’`-]/g, "");
    if (word.length < 4 || word.length > longest || protectedWords.has(word) || k.typos.has(word)) continue;
    if (!deletions(word).some((d) => near.has(d))) continue;
    // The shipped list in force protects what it already names: ask the typo index without it.
    if (k.typos.correctIgnoringRealWords(word) !== undefined) protectedWords.add(word);
    else if ((language === "fr" || language === "es") && !k.glossaryTypos[language].has(word) && k.glossaryTypos[language].correctIgnoringRealWords(word) !== undefined) {
      protectedWords.add(word);
    }
  }
  const file = join(KNOWLEDGE_DIR, `real-words.${language}.txt`);
  writeFileSync(file, `${[...protectedWords].sort().join("\n")}\n`);
  console.log(`${all.length} ${language} words checked; wrote ${protectedWords.size} that are not typos to ${file}`);
}
