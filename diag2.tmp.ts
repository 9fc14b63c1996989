import { findSets } from "./src/eval/sets";
import { featuresFor, decide } from "./src/core/routing/route";
import { indexMatrix } from "./src/core/routing/matrix-index";
import { readQuestion } from "./src/core/routing/question";
import { knowledge } from "./src/core/routing/knowledge";
import { SHIPPED_WEIGHTS } from "./src/core/routing/model";
const name = process.argv[2];
const s = findSets(["/work/shared/routing-eval/" + name])[0];
const k = knowledge();
let n = 0;
for (const r of s.requests) {
  const idx = indexMatrix(s.matrix);
  const { features } = featuresFor(s.matrix, r.text);
  const d = decide(s.matrix, idx, features, SHIPPED_WEIGHTS);
  const got = d.decision === "none" ? "none" : d.category!.id;
  if (got === (r.expected ?? "none")) continue;
  if (n++ >= Number(process.argv[3] ?? 40)) break;
  const q = readQuestion(r.text, idx);
  const cs = [...q.concepts].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([c, w]) => `${k.concepts[c].id}:${w.toFixed(1)}`).join(" ");
  console.log(`${r.line} [${r.expected ?? "none"} -> ${got} ${d.decision} ${d.confidence}] ${r.text.slice(0, 140)}\n     concepts: ${cs} | prods: ${[...q.products].map((p) => k.products[p].name).join(",")}`);
}
