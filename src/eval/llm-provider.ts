// Placeholder until the language-model router lands.
import type { Matrix } from "../core/matrix/model";
import { routeQuestion } from "../core/routing/route";
import type { RouteDecision } from "../core/routing/types";
export function llmRouterFromEnv(): { route(matrix: Matrix, text: string): Promise<RouteDecision>; describe(): string } {
  return { route: async (m, t) => routeQuestion(m, t), describe: () => "not configured" };
}
