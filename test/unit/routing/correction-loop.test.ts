// npm run eval:corrections: the correction loop simulated on a set, as people would use it in chat.
import { simulate } from "../../../src/eval/correction-loop";
import type { EvalSet } from "../../../src/eval/sets";
import { testCategory, testMatrix } from "../../support/routing-fixtures";

const matrix = testMatrix([
  testCategory("printing", "Printers", "Office printers and copiers.", ["printer", "toner"], { examples: [] }),
  testCategory("warehouse", "Warehouse devices", "Handheld scanners and label stations.", ["zebra", "barcode"], { examples: [] }),
]);

const set = (texts: [string, string | null][]): EvalSet => ({
  name: "dispatch",
  dir: "",
  matrix,
  requests: texts.map(([text, expected], i) => ({ line: i + 1, text, expected, hour: "business" })),
  ambiguous: new Set(),
});

describe("the correction loop, simulated", () => {
  test("a question routed wrongly is corrected once; the same question later is answered from the correction", () => {
    const s = set([
      ["the printer in dispatch prints blank pages", "warehouse"],
      ["where is the lunch menu", null],
      ["the printer in dispatch prints blank pages", "warehouse"],
      ["the big copier upstairs is jammed", "printing"],
    ]);
    const score = simulate(s, 0);
    // The first is corrected (it went to the printers); the second half is scored: both right.
    expect(score.corrections).toBe(1);
    expect(score.top1).toBe(1);
    expect(score.oneClick).toBe(1);
  });
});
