// A local server that speaks the OpenAI chat-completions contract (also what Azure OpenAI, Ollama and vLLM serve):
// it refuses what the real service refuses (no key or a wrong one: 401; no model or messages: 400; the rate limit:
// 429 with Retry-After), and answers with the shape of a real completion. Each test says what the model "thinks".
import { HttpFake, type RecordedCall } from "./http-fake";

export type ModelBehaviour =
  | { kind: "answer"; content: string }
  | { kind: "rate-limited" }
  | { kind: "server-error" }
  | { kind: "hang" };

const error = (status: number, message: string, type: string, code: string | null, headers: Record<string, string> = {}) => ({
  status,
  headers,
  body: { error: { message, type, param: null, code } },
});

export class FakeChatCompletions {
  behaviour: ModelBehaviour = { kind: "answer", content: "{}" };
  readonly http: HttpFake;

  constructor(
    private readonly key: string,
    /** "bearer" (OpenAI, vLLM, Ollama) or "api-key" (Azure OpenAI). */
    private readonly auth: "bearer" | "api-key" = "bearer",
  ) {
    this.http = new HttpFake((call) => this.handle(call));
  }

  get url(): string {
    return `${this.http.url}/v1/chat/completions`;
  }

  get calls(): RecordedCall[] {
    return this.http.calls;
  }

  async start(): Promise<this> {
    await this.http.start();
    return this;
  }

  stop(): Promise<void> {
    return this.http.stop();
  }

  /** The model answers with this JSON (as the message content, the way a constrained completion arrives). */
  answers(value: unknown): void {
    this.behaviour = { kind: "answer", content: typeof value === "string" ? value : JSON.stringify(value) };
  }

  private handle(call: RecordedCall) {
    if (call.method !== "POST" || !call.path.startsWith("/v1/chat/completions")) return error(404, "Not found", "invalid_request_error", "not_found");
    const presented = this.auth === "bearer" ? /^Bearer (.+)$/.exec(call.headers.authorization ?? "")?.[1] : call.headers["api-key"];
    if (presented !== this.key) {
      return error(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key");
    }
    const body = call.body as { model?: unknown; messages?: unknown; response_format?: { type?: string; json_schema?: { schema?: unknown } } };
    if (typeof body?.model !== "string" || !body.model) return error(400, "you must provide a model parameter", "invalid_request_error", null);
    if (!Array.isArray(body.messages) || body.messages.length === 0) return error(400, "'messages' is a required property", "invalid_request_error", null);
    if (body.response_format?.type === "json_schema" && typeof body.response_format.json_schema?.schema !== "object") {
      return error(400, "Invalid schema for response_format", "invalid_request_error", "invalid_json_schema");
    }
    switch (this.behaviour.kind) {
      case "rate-limited":
        return error(429, "Rate limit reached for requests", "requests", "rate_limit_exceeded", { "retry-after": "20" });
      case "server-error":
        return error(500, "The server had an error while processing your request.", "server_error", null);
      case "hang":
        return { hang: true };
      case "answer":
        return {
          body: {
            id: `chatcmpl-${this.calls.length}`,
            object: "chat.completion",
            created: Math.floor(Date.now() / 1000),
            model: body.model,
            choices: [{ index: 0, message: { role: "assistant", content: this.behaviour.content, refusal: null }, finish_reason: "stop" }],
            usage: { prompt_tokens: 100, completion_tokens: 10, total_tokens: 110 },
          },
        };
    }
  }
}
