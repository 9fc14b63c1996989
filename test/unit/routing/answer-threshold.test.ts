// The answer threshold learned from the training sets: answering outright must stay right often enough at every
// threshold above the one chosen, so a band of right answers lower down cannot open the gate below a band of wrong ones.
import type { QuestionFeatures } from "../../../src/core/routing/features";
import { chooseAnswerThreshold, type Example } from "../../../src/eval/train";

const weights = { category: [1], none: [1], answerAt: 0.9 };

/** A question whose only candidate (0) gets probability p against "not in the matrix". */
function example(p: number, right: boolean): Example {
  const features: QuestionFeatures = { candidates: new Map([[0, [Math.log(p / (1 - p))]]]), none: [0] };
  return { features, gold: right ? 0 : "none", categories: 1 };
}

const many = (n: number, p: number, right: boolean) => Array.from({ length: n }, () => example(p, right));

describe("chooseAnswerThreshold", () => {
  test("a band of wrong answers is not answered because many right answers lie below it", () => {
    const examples = [...many(40, 0.99, true), ...many(10, 0.955, false), ...many(200, 0.9, true)];
    // Counted from 0.3 up, 240 of 250 answered questions are right (96 %); but from 0.95 up only 40 of 50 are.
    const t = chooseAnswerThreshold(examples, weights);
    expect(t).toBeGreaterThan(0.955);
    expect(t).toBeLessThanOrEqual(0.99);
  });

  test("when answering is right often enough at every threshold, the lowest one is chosen", () => {
    const examples = [...many(40, 0.99, true), ...many(2, 0.95, false), ...many(200, 0.9, true), ...many(100, 0.5, true)];
    expect(chooseAnswerThreshold(examples, weights)).toBe(0.3);
  });

  test("a few answers at the very top say nothing about the threshold", () => {
    // One wrong answer among the first few does not close the gate for the many right ones below.
    const examples = [...many(1, 0.995, false), ...many(5, 0.99, true), ...many(100, 0.8, true)];
    expect(chooseAnswerThreshold(examples, weights)).toBeLessThanOrEqual(0.8);
  });
});
