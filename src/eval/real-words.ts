// npm run knowledge:words: lists the real English words that typo correction would otherwise "fix" into a
// knowledge word ("unable" is not a slip of "nable"), into knowledge/real-words.txt. Run it after editing the
// knowledge folder (a minute or two). The dictionary is a development dependency; only the short list ships.
// French and Spanish dictionaries are not checked yet: at 1 M words the check takes too long on a small machine.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { KNOWLEDGE_DIR } from "../core/routing/knowledge-files";
import { knowledge } from "../core/routing/knowledge";
import { fold } from "../core/routing/text";

const k = knowledge();
const longest = Math.max(...[...k.vocabulary.en].map((w) => w.length)) + 2;
const protectedWords = new Set<string>();
const all = require("an-array-of-english-words") as string[];
for (const raw of all) {
  const word = fold(raw).replace(/['’`-]/g, "");
  if (word.length < 4 || word.length > longest || protectedWords.has(word) || k.typos.has(word)) continue;
  if (k.typos.correct(word) !== undefined) protectedWords.add(word);
}
const file = join(KNOWLEDGE_DIR, "real-words.txt");
writeFileSync(file, `${[...protectedWords].sort().join("\n")}\n`);
console.log(`${all.length} English words checked; wrote ${protectedWords.size} that are not typos to ${file}`);
