// The optional language model behind an OpenAI-compatible chat-completions endpoint, against a local fake that
// speaks the contract: the matrix goes into the prompt, the answer is constrained JSON, and every failure falls
// back to the built-in router without the person asking noticing. Message text is never logged.
import { readFileSync } from "node:fs";
import path from "node:path";
import { ChatCompletionsRouter } from "../../src/adapters/llm/chat-completions";
import { parseMatrix } from "../../src/core/matrix/format";
import type { Matrix } from "../../src/core/matrix/model";
import { routeWithModel } from "../../src/core/routing/model-router";
import { routeQuestion } from "../../src/core/routing/route";
import { FakeChatCompletions } from "../fakes/chat-completions";

const matrix: Matrix = (() => {
  const parsed = parseMatrix(readFileSync(path.join(__dirname, "../fixtures/matrix/demo.yaml"), "utf8"));
  if (!parsed.ok) throw new Error("demo matrix does not parse");
  return parsed.matrix;
})();
const ids = matrix.categories.map((c) => c.id);
const SECRET_TEXT = "the quarterly numbers for Project Falcon won't print";

describe("language model routing (chat completions)", () => {
  let fake: FakeChatCompletions;
  const warnings: { fields: Record<string, unknown>; message: string }[] = [];
  const log = { warn: (fields: Record<string, unknown>, message: string) => void warnings.push({ fields, message }) };
  const router = (timeoutMs = 3000, key = "sk-test") => new ChatCompletionsRouter({ endpoint: fake.url, apiKey: key, model: "gpt-test", timeoutMs }, log);

  beforeAll(async () => {
    fake = await new FakeChatCompletions("sk-test").start();
  });
  afterAll(() => fake.stop());
  beforeEach(() => {
    warnings.length = 0;
    fake.calls.length = 0;
  });

  test("the matrix is in the prompt, the answer is constrained JSON, and a sure verdict is the answer", async () => {
    fake.answers({ category: ids[1], runnersUp: [ids[2]], confidence: 0.95 });
    const decision = await routeWithModel(router(), matrix, SECRET_TEXT);
    expect(decision).toMatchObject({ decision: "answer", source: "llm", confidence: 0.95 });
    expect(decision.category?.id).toBe(ids[1]);
    const request = fake.calls[0].body;
    expect(fake.calls[0].headers.authorization).toBe("Bearer sk-test");
    expect(request.model).toBe("gpt-test");
    const system = request.messages.find((m: { role: string }) => m.role === "system").content as string;
    for (const c of matrix.categories) expect(system).toContain(`id: ${c.id}`);
    expect(request.messages.find((m: { role: string }) => m.role === "user").content).toBe(SECRET_TEXT);
    expect(request.response_format.type).toBe("json_schema");
    expect(request.response_format.json_schema.schema.properties.category.enum).toEqual([...ids, "none"]);
  });

  test("an unsure verdict asks with the model's category and runner-ups as choices; none is not in the matrix", async () => {
    fake.answers({ category: ids[3], runnersUp: [ids[4], ids[5]], confidence: 0.4 });
    const unsure = await routeWithModel(router(), matrix, "something odd with the thing");
    expect(unsure.decision).toBe("ask");
    expect(unsure.choices.slice(0, 3)).toEqual([ids[3], ids[4], ids[5]]);
    fake.answers({ category: "none", runnersUp: [], confidence: 0.9 });
    const none = await routeWithModel(router(), matrix, "where is the lunch menu");
    expect(none).toMatchObject({ decision: "none", category: null, source: "llm" });
  });

  test.each([
    ["a timeout", () => (fake.behaviour = { kind: "hang" }), "timeout"],
    ["a 429", () => (fake.behaviour = { kind: "rate-limited" }), "HTTP 429"],
    ["a 5xx", () => (fake.behaviour = { kind: "server-error" }), "HTTP 500"],
    ["malformed JSON", () => fake.answers("{category: printers"), "content is not JSON"],
    ["an unknown id", () => fake.answers({ category: "made-up-category", runnersUp: [], confidence: 0.99 }), "unknown category id"],
  ])("%s falls back to the built-in router silently, and the text is not logged", async (_what, arrange, reason) => {
    arrange();
    const builtin = routeQuestion(matrix, SECRET_TEXT);
    const decision = await routeWithModel(router(300), matrix, SECRET_TEXT);
    expect(fake.calls).toHaveLength(1);
    expect(decision).toEqual(builtin);
    expect(decision.source).toBe("builtin");
    expect(warnings).toHaveLength(1);
    expect(warnings[0].fields.reason).toBe(reason);
    expect(JSON.stringify(warnings)).not.toContain("Falcon");
  });

  test("a wrong key is refused by the service (401) and falls back too", async () => {
    fake.answers({ category: ids[0], runnersUp: [], confidence: 1 });
    const decision = await routeWithModel(router(3000, "sk-wrong"), matrix, SECRET_TEXT);
    expect(decision.source).toBe("builtin");
    expect(warnings[0].fields.reason).toBe("HTTP 401");
  });

  test("Azure OpenAI endpoints get the key in api-key", async () => {
    const azure = await new FakeChatCompletions("azure-key", "api-key").start();
    try {
      azure.answers({ category: ids[0], runnersUp: [], confidence: 0.99 });
      // The fake serves the OpenAI path; the adapter recognises Azure by its /openai/deployments/ path or host.
      const endpoint = `${azure.http.url}/v1/chat/completions?route=/openai/deployments/gpt`;
      const decision = await routeWithModel(new ChatCompletionsRouter({ endpoint, apiKey: "azure-key", model: "gpt", timeoutMs: 3000 }, log), matrix, "x");
      expect(azure.calls[0].headers["api-key"]).toBe("azure-key");
      expect(azure.calls[0].headers.authorization).toBeUndefined();
      expect(decision.source).toBe("llm");
    } finally {
      await azure.stop();
    }
  });
});
