import { search } from "@orama/orama";
import { indexMatrix, lexicalScores } from "../../../src/core/routing/matrix-index";
import { loadRoutingSet, synthesiseMatrix } from "../../support/routing-fixtures";

/** What lexicalScores returned before it kept each word's part: Orama's own search over the same index. */
function oramaScores(index: ReturnType<typeof indexMatrix>, queryText: string): [number, number][] {
  if (!queryText.trim()) return [];
  const result = search(index.db, {
    term: queryText,
    properties: ["name", "keywords", "description", "examples", "routed"],
    boost: { name: 3, keywords: 2.5, examples: 2, description: 1, routed: 1.5 },
    limit: index.candidates.length,
    threshold: 1,
  }) as { hits: { score: number; document: { position: number } }[] };
  return result.hits.map((hit) => [hit.document.position, hit.score]);
}

describe("lexicalScores (BM25 with each query word's part kept)", () => {
  const evaluation = loadRoutingSet("eval");
  const holdout = loadRoutingSet("holdout");
  // Renamed copies make many documents share words, so sums and ties are exercised.
  const matrix = synthesiseMatrix(evaluation.matrix, holdout.matrix.categories, 120);
  const index = indexMatrix(matrix);
  const queries = [
    ...evaluation.messages.map((m) => m.text),
    ...holdout.messages.map((m) => m.text),
    // Short stems are prefixes of many words; repeated and unknown words; nothing at all.
    "p", "pr", "e 1 a", "printer printer printer", "zzzz qqqq", "", "   ",
  ];

  test("gives Orama's scores, to the last bit, in Orama's order, asked once or again", () => {
    for (const round of [1, 2]) {
      for (const query of queries) {
        const ours = [...lexicalScores(index, query)];
        const orama = oramaScores(index, query);
        // toEqual compares numbers with Object.is: the same bits, not merely close.
        expect({ round, query, scores: ours }).toEqual({ round, query, scores: orama });
      }
    }
  });

  test("the queries reach many documents, so the comparison means something", () => {
    const reached = queries.map((q) => lexicalScores(index, q).size);
    expect(Math.max(...reached)).toBeGreaterThan(60);
    expect(reached.filter((n) => n > 1).length).toBeGreaterThan(queries.length / 2);
  });
});
