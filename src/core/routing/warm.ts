// Start-up work for "who handles this?": the knowledge compiled and each matrix indexed before anyone asks, so the
// first question of the day is as fast as the others.
import type { Matrix } from "../matrix/model";
import { shippedAssociations } from "./associations";
import { knowledge } from "./knowledge";
import { routeQuestion } from "./route";

/** One question in each language read, so stemmers, typo indexes and search paths are ready too. */
const PROBES = ["the printer won't print and Outlook keeps asking for my password", "l'imprimante ne marche plus", "la impresora no imprime"];

/** Compiles the knowledge and indexes each matrix given; `stopped` ends early when the service is shutting down. */
export function warmRouting(matrices: Iterable<Matrix>, stopped: () => boolean = () => false): number {
  knowledge();
  shippedAssociations();
  let warmed = 0;
  for (const matrix of matrices) {
    if (stopped()) break;
    warmMatrix(matrix);
    warmed++;
  }
  return warmed;
}

function warmMatrix(matrix: Matrix): void {
  for (const probe of PROBES) routeQuestion(matrix, probe);
}

/**
 * The same, one piece at a time (the knowledge, the learned associations, each matrix), letting requests that arrived
 * meanwhile go first between pieces: the service is already answering while it warms up.
 */
export async function warmRoutingInTurn(matrices: Iterable<Matrix>, stopped: () => boolean = () => false): Promise<number> {
  const turn = () => new Promise((r) => setImmediate(r));
  knowledge();
  await turn();
  if (stopped()) return 0;
  shippedAssociations();
  let warmed = 0;
  for (const matrix of matrices) {
    await turn();
    if (stopped()) break;
    warmMatrix(matrix);
    warmed++;
  }
  return warmed;
}
