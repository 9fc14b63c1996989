// The language-model router as configured by the environment (ROUTING_LLM_*), for `eval:routing --provider llm`.
import { ChatCompletionsRouter } from "../adapters/llm/chat-completions";
import { loadConfig } from "../config";
import type { Matrix } from "../core/matrix/model";
import { routeWithModel } from "../core/routing/model-router";
import type { RouteDecision } from "../core/routing/types";

export function llmRouterFromEnv(env: NodeJS.ProcessEnv = process.env): { route(matrix: Matrix, text: string): Promise<RouteDecision>; describe(): string } {
  const config = loadConfig(env);
  if (!config.ROUTING_LLM_ENDPOINT || !config.ROUTING_LLM_MODEL) {
    throw new Error("--provider llm needs ROUTING_LLM_ENDPOINT and ROUTING_LLM_MODEL (and ROUTING_LLM_API_KEY unless the server needs none); see .env.example");
  }
  let failures = 0;
  const model = new ChatCompletionsRouter(
    { endpoint: config.ROUTING_LLM_ENDPOINT, apiKey: config.ROUTING_LLM_API_KEY, model: config.ROUTING_LLM_MODEL, timeoutMs: config.ROUTING_LLM_TIMEOUT_MS },
    { warn: () => void failures++ },
  );
  return { route: (matrix, text) => routeWithModel(model, matrix, text), describe: () => `${model.describe()}; ${failures} fell back so far` };
}
