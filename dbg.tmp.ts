import { knowledge } from "./src/core/routing/knowledge";
import { words, stem } from "./src/core/routing/text";
const k = knowledge();
for (const t of process.argv.slice(2)) {
  const st = words(t).map((w) => stem(w.text, "en"));
  const m = k.matchers.en.match(st);
  console.log(t, "=>", st.join(" "), "\n   ", m.found.join(" | "), [...m.weights].map(([c, w]) => k.concepts[c].id + ":" + w.toFixed(1)).join(" "));
}
