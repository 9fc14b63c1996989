import { indexMatrix, indexesBuilt } from "../../../src/core/routing/matrix-index";
import { warmRouting, warmRoutingInTurn } from "../../../src/core/routing/warm";
import { routeQuestion } from "../../../src/core/routing/route";
import { demoMatrix } from "../matrix/demo-matrix";

describe("warmRouting", () => {
  test("an index built when a matrix is warmed (at import) serves the same matrix read back from storage", () => {
    const imported = demoMatrix();
    expect(warmRouting([imported])).toBe(1);
    const before = indexesBuilt();
    // A JSON column gives the document back as a new object, its keys possibly in another order.
    const reversed = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(reversed) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)])) : v;
    const stored = reversed(JSON.parse(JSON.stringify(imported))) as typeof imported;
    expect(indexMatrix(stored)).toBe(indexMatrix(imported));
    expect(routeQuestion(stored, "the printer is jammed").category?.id).toBe(routeQuestion(imported, "the printer is jammed").category?.id);
    expect(indexesBuilt()).toBe(before);
  });

  test("warming in turn lets a timer due meanwhile run between its pieces, and stops when told", async () => {
    const order: string[] = [];
    setTimeout(() => order.push("request"), 0);
    const warming = warmRoutingInTurn([demoMatrix(), demoMatrix()]).then((n) => order.push(`warmed ${n}`));
    await warming;
    expect(order).toEqual(["request", "warmed 2"]);
    expect(await warmRoutingInTurn([demoMatrix()], () => true)).toBe(0);
  });

  test("a matrix whose categories changed gets its own index", () => {
    const a = demoMatrix();
    const b = demoMatrix();
    b.categories[0] = { ...b.categories[0], keywords: [...(b.categories[0].keywords ?? []), "label maker"] };
    expect(indexMatrix(a)).not.toBe(indexMatrix(b));
  });
});
