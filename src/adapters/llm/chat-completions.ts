// "Who handles this?" asked of a language model behind an OpenAI-compatible chat-completions endpoint (Azure
// OpenAI, OpenAI, or a local server such as Ollama or vLLM). The matrix goes into the prompt; the answer must be
// JSON naming a category id of that matrix or "none". Anything else (timeout, 429, 5xx, malformed or unknown
// answer) returns null and the built-in router answers: the person asking never notices. Message text is never
// logged, not even at debug level.
import type { Matrix } from "../../core/matrix/model";
import type { ModelRouter, ModelVerdict } from "../../core/routing/model-router";

export interface ChatCompletionsConfig {
  /** The full chat-completions URL, e.g. https://NAME.openai.azure.com/openai/deployments/DEPLOYMENT/chat/completions?api-version=2024-10-21 */
  endpoint: string;
  apiKey?: string;
  /** Model (OpenAI, Ollama, vLLM) or deployment name (Azure, where the URL names it already). */
  model: string;
  timeoutMs: number;
}

export interface FailureLog {
  warn(fields: Record<string, unknown>, message: string): void;
}

const MAX_MATRIX_CHARS = 60_000;

/** Azure OpenAI takes its key in `api-key`; OpenAI and compatible servers take a bearer token. */
function authHeaders(config: ChatCompletionsConfig): Record<string, string> {
  if (!config.apiKey) return {};
  const azure = /\.openai\.azure\.com$/i.test(new URL(config.endpoint).hostname) || /\/openai\/deployments\//i.test(config.endpoint);
  return azure ? { "api-key": config.apiKey } : { authorization: `Bearer ${config.apiKey}` };
}

export function matrixPrompt(matrix: Matrix): string {
  const lines = matrix.categories.map((c) => `- id: ${c.id}\n  name: ${c.name}\n  description: ${c.description}\n  keywords: ${c.keywords.join(", ")}\n  escalation: ${c.escalation}`);
  const excluded = (matrix.excluded ?? []).map((e) => `- ${e.name}: ${e.description} (${e.keywords.join(", ")})`);
  const text = [
    "You route chat messages from a company's IT channel to the category of its co-managed IT responsibility matrix that should handle them.",
    "Answer with JSON only: {\"category\": <one category id, or \"none\">, \"runnersUp\": [up to 2 other category ids], \"confidence\": <0..1>}.",
    "Label the main ask (what the writer wants done), not words that happen to appear. Honour exclusions written in a description.",
    "Use \"none\" for facilities, HR and payroll, personal devices and home IT, clinical or production equipment, social chatter, and anything the matrix does not name or excludes.",
    "",
    "Categories:",
    ...lines,
    ...(excluded.length ? ["", "Deliberately not in the matrix:", ...excluded] : []),
  ].join("\n");
  return text.length > MAX_MATRIX_CHARS ? text.slice(0, MAX_MATRIX_CHARS) : text;
}

function responseFormat(ids: string[]) {
  const id = { type: "string", enum: [...ids, "none"] };
  return {
    type: "json_schema",
    json_schema: {
      name: "route",
      strict: true,
      schema: {
        type: "object",
        properties: { category: id, runnersUp: { type: "array", items: { type: "string", enum: ids } }, confidence: { type: "number" } },
        required: ["category", "runnersUp", "confidence"],
        additionalProperties: false,
      },
    },
  };
}

/** The verdict, or the reason it is unusable. */
export function readVerdict(body: unknown, ids: Set<string>): ModelVerdict | string {
  const content = (body as { choices?: { message?: { content?: unknown } }[] })?.choices?.[0]?.message?.content;
  if (typeof content !== "string") return "no message content";
  let parsed: unknown;
  try {
    // Some servers wrap JSON in a code fence even when asked not to.
    parsed = JSON.parse(content.trim().replace(/^```(?:json)?\s*|\s*```$/g, ""));
  } catch {
    return "content is not JSON";
  }
  const v = parsed as { category?: unknown; runnersUp?: unknown; confidence?: unknown };
  if (typeof v?.category !== "string" || (v.category !== "none" && !ids.has(v.category))) return "unknown category id";
  const runnersUp = Array.isArray(v.runnersUp) ? v.runnersUp.filter((x): x is string => typeof x === "string" && ids.has(x) && x !== v.category) : [];
  const confidence = typeof v.confidence === "number" && Number.isFinite(v.confidence) ? Math.min(1, Math.max(0, v.confidence)) : 0.5;
  return { category: v.category === "none" ? null : v.category, runnersUp: [...new Set(runnersUp)].slice(0, 2), confidence };
}

export class ChatCompletionsRouter implements ModelRouter {
  constructor(
    private readonly config: ChatCompletionsConfig,
    private readonly log?: FailureLog,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  describe(): string {
    return `${this.config.model} at ${new URL(this.config.endpoint).host}`;
  }

  async verdict(matrix: Matrix, text: string): Promise<ModelVerdict | null> {
    const ids = matrix.categories.map((c) => c.id);
    const started = Date.now();
    const fail = (reason: string, extra: Record<string, unknown> = {}) => {
      // Never the message text: only what went wrong and how long it took.
      this.log?.warn({ reason, ms: Date.now() - started, model: this.config.model, ...extra }, "language model routing failed; the built-in router answered");
      return null;
    };
    try {
      const response = await this.fetchImpl(this.config.endpoint, {
        method: "POST",
        headers: { "content-type": "application/json", ...authHeaders(this.config) },
        body: JSON.stringify({
          model: this.config.model,
          temperature: 0,
          max_tokens: 200,
          messages: [
            { role: "system", content: matrixPrompt(matrix) },
            { role: "user", content: text.slice(0, 4000) },
          ],
          response_format: responseFormat(ids),
        }),
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        return fail(`HTTP ${response.status}`);
      }
      const verdict = readVerdict(await response.json(), new Set(ids));
      return typeof verdict === "string" ? fail(verdict) : verdict;
    } catch (err) {
      const e = err as Error;
      return fail(e.name === "TimeoutError" || e.name === "AbortError" ? "timeout" : "network error", { error: e.name });
    }
  }
}
