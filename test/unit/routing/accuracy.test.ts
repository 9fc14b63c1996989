// Floors on routing quality, so a change that breaks it fails here. The figures that judge the router are the
// leave-one-set-out ones (`npm run eval:routing -- --tune ../shared/routing-eval`, in the README); these floors use
// the shipped weights, a little under what they measured, on the shared sets written outside the project (with the
// learned associations counted and the trees trained without them) and on the team's own two sets.
import path from "node:path";
import { SHIPPED_WEIGHTS } from "../../../src/core/routing/model";
import { indexMatrix } from "../../../src/core/routing/matrix-index";
import { decide, featuresFor } from "../../../src/core/routing/route";
import { metricsOf, type Outcome } from "../../../src/eval/metrics";
import { learnedToScore } from "../../../src/eval/routing";
import { findSets } from "../../../src/eval/sets";
import { measureQuality } from "../../bench/routing";
import { loadRoutingSet } from "../../support/routing-fixtures";

/** The repository's copy of the shared sets (shared/routing-eval), so the floors hold from any clone. */
const SHARED = path.resolve(__dirname, "../../fixtures/routing/shared-2026-11");

describe("routing quality on the labelled sets", () => {
  const shared = findSets([SHARED]);

  test("the shared evaluation sets are there", () => {
    expect(shared.map((s) => s.name).sort()).toEqual(["accounting", "dental", "manufacturing"]);
  });

  test.each(["accounting", "dental", "manufacturing"])("%s: top-3, one-click success and answers that are right", (name) => {
    const set = shared.find((s) => s.name === name)!;
    const index = indexMatrix(set.matrix);
    // The learned associations counted and the trees trained without this set and the sets written with it (never its
    // own answers).
    const { associations, trees } = learnedToScore(set);
    expect(associations?.sets).not.toContain(name);
    expect(trees).toBeDefined();
    const outcomes: Outcome[] = set.requests.map((request) => {
      const d = decide(set.matrix, index, featuresFor(set.matrix, request.text, [], associations, trees).features, SHIPPED_WEIGHTS);
      return {
        request,
        decision: d.decision,
        top: d.decision === "none" ? null : (d.category?.id ?? null),
        top3: [d.category?.id, ...d.alternatives.map((a) => a.id)].filter((x): x is string => !!x).slice(0, 3),
        choices: d.choices,
        confidence: d.confidence,
      };
    });
    const m = metricsOf(set.matrix, outcomes);
    expect(m.top1).toBeGreaterThanOrEqual(0.6);
    expect(m.top3).toBeGreaterThanOrEqual(0.85);
    expect(m.oneClick).toBeGreaterThanOrEqual(0.78);
    expect(m.answeredRight).toBeGreaterThanOrEqual(0.85);
    expect(m.confidentWrong).toBeLessThanOrEqual(0.05);
  });

  test("the team's own sets (written with the first router, never used to learn weights)", () => {
    for (const name of ["eval", "holdout"] as const) {
      const q = measureQuality(loadRoutingSet(name));
      expect(q.top1).toBeGreaterThanOrEqual(0.75);
      expect(q.oosDetected).toBeGreaterThanOrEqual(0.5);
    }
  });
});
