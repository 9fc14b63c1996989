// The linear model's training: from nothing learned (so tuning again on the same sets writes the same weights), it
// learns which evidence tells the category and when "not in the matrix" wins.
import { CATEGORY_FEATURES, NONE_FEATURES, type QuestionFeatures } from "../../../src/core/routing/features";
import { fitWeights, untrained, type Example } from "../../../src/eval/train";

/** Two candidates; the first category feature says which is the label, the others are noise. */
function examples(): Example[] {
  const out: Example[] = [];
  let x = 7;
  const next = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < 200; i++) {
    const gold = i % 5 === 0 ? ("none" as const) : i % 2;
    const vector = (c: number) => CATEGORY_FEATURES.map((_, f) => (f === 0 ? (gold === c ? 1 : 0) : next()));
    const none = NONE_FEATURES.map((_, f) => (f === 0 ? 1 : f === 1 ? (gold === "none" ? 1 : 0) : next()));
    const features: QuestionFeatures = { candidates: new Map([[0, vector(0)], [1, vector(1)]]), none };
    out.push({ features, gold, categories: 2 });
  }
  return out;
}

describe("fitWeights", () => {
  test("starts from nothing learned, and gives the same weights for the same examples", () => {
    expect(untrained().category.every((w) => w === 0)).toBe(true);
    expect(untrained().none.every((w) => w === 0)).toBe(true);
    const a = fitWeights(examples(), untrained());
    const b = fitWeights(examples(), untrained());
    expect(a).toEqual(b);
    // The telling feature outweighs every noise feature, for the categories and for "not in the matrix".
    expect(a.category[0]).toBeGreaterThan(Math.max(...a.category.slice(1).map(Math.abs)) + 1);
    expect(a.none[1]).toBeGreaterThan(Math.max(...a.none.slice(2).map(Math.abs)) + 1);
  });
});
