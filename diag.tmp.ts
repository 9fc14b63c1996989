import { findSets } from "./src/eval/sets";
import { featuresFor, decide } from "./src/core/routing/route";
import { indexMatrix } from "./src/core/routing/matrix-index";
import { SHIPPED_WEIGHTS } from "./src/core/routing/model";
const sets = findSets(["/work/shared/routing-eval"]);
const pairs = new Map<string, number>();
for (const s of sets) {
  for (const r of s.requests) {
    const { features } = featuresFor(s.matrix, r.text);
    const d = decide(s.matrix, indexMatrix(s.matrix), features, SHIPPED_WEIGHTS);
    const got = d.decision === "none" ? "none" : d.category!.id;
    const exp = r.expected ?? "none";
    if (got !== exp) { const k = `${s.name}: ${exp} -> ${got}`; pairs.set(k, (pairs.get(k) ?? 0) + 1); }
  }
}
console.log([...pairs].sort((a, b) => b[1] - a[1]).slice(0, 60).map(([k, v]) => `${v} ${k}`).join("\n"));
