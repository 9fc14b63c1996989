// What the router reads a question as, by concept id: the lookups the routing unit tests share.
import { knowledge } from "../../src/core/routing/knowledge";
import { readQuestion } from "../../src/core/routing/question";

/** The knowledge's concepts a question is read as. */
export const conceptIdsOf = (text: string): string[] => [...readQuestion(text).concepts.keys()].map((c) => knowledge().concepts[c].id);

/** How much a question is read as each concept (0 when not at all). */
export const conceptWeightsOf = (text: string): ((id: string) => number) => {
  const q = readQuestion(text);
  return (id) => [...q.concepts].find(([c]) => knowledge().concepts[c].id === id)?.[1] ?? 0;
};
