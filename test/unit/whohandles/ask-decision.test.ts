// The three decisions in chat: answer (the who-handles card), ask (the category picker with the top 3, "Not IT"
// and the full list), not in the matrix; a "Not IT" pick is learned; a client kept off the language model never
// reaches it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Actor, ActionEvent, ChannelRef, MessageEvent } from "../../../src/core/conversation/events";
import type { Turn } from "../../../src/core/conversation/feature";
import { parseMatrix } from "../../../src/core/matrix/format";
import type { Matrix } from "../../../src/core/matrix/model";
import { noDirectory } from "../../../src/core/ports/directory";
import type { ModelRouter } from "../../../src/core/routing/model-router";
import type { LearnedExample } from "../../../src/core/routing/types";
import { ask, choose } from "../../../src/core/whohandles/asking";
import type { WhoHandlesDeps } from "../../../src/core/whohandles/context";

const parsed = parseMatrix(readFileSync(join(__dirname, "../../../prisma/seed/demo-matrix.yaml"), "utf8"));
const matrix = (parsed as { matrix: Matrix }).matrix;
const channel: ChannelRef = { platform: "slack", id: "C1", teamId: "T1", isDirect: false };
const actor: Actor = { platform: "slack", teamId: "T1", userId: "U1", name: "Robin" };

function world(model?: ModelRouter) {
  const learned: LearnedExample[] = [];
  const questions = new Map<string, { id: string; clientId: string; text: string; guessed: string | null; chosen: string | null }>();
  const deps = {
    matrices: {
      current: async () => ({ clientId: "c", version: matrix.version, matrix, importedAt: new Date() }),
      learned: async () => learned,
      learn: async (_c: string, e: LearnedExample) => void learned.push(e),
    },
    questions: {
      record: async (q: { clientId: string; text: string; guessed: string | null }) => {
        const id = `q${questions.size + 1}`;
        questions.set(id, { id, clientId: q.clientId, text: q.text, guessed: q.guessed, chosen: null });
        return id;
      },
      get: async (_c: string, id: string) => questions.get(id) ?? null,
      choose: async (_c: string, id: string, category: string) => void (questions.get(id)!.chosen = category),
    },
    directory: noDirectory,
    model,
  } as unknown as WhoHandlesDeps;
  return { deps, learned, questions };
}

function turn(text: string, settings: Record<string, unknown> = {}): Turn {
  const event: MessageEvent = { kind: "message", eventId: "e1", channel, actor, text, messageId: "m1", addressed: true };
  return { event, client: { id: "c", name: "C", timezone: "UTC", ticketPrefix: "T", settings }, actor, roles: [], now: new Date("2026-09-08T14:00:00Z") };
}

function click(value: Record<string, string>): Turn<ActionEvent> {
  const event: ActionEvent = { kind: "action", eventId: "e2", channel, actor, action: "whohandles-choose", value };
  return { event, client: { id: "c", name: "C", timezone: "UTC", ticketPrefix: "T", settings: {} }, actor, roles: [], now: new Date("2026-09-08T14:00:00Z") };
}

const unsureModel = (calls: string[]): ModelRouter => ({
  describe: () => "fake",
  verdict: async (_m, text) => {
    calls.push(text);
    return { category: matrix.categories[0].id, runnersUp: [matrix.categories[1].id, matrix.categories[2].id], confidence: 0.3 };
  },
});

const cardOf = (out: unknown) => (out as { reply: { card: { name: string; data: any } } }).reply.card;

describe("who handles: answer, ask or not in the matrix", () => {
  test("unsure: the category picker offers the three choices as buttons (the actions in view), and Not IT first in the list of every category", async () => {
    const calls: string[] = [];
    const { deps } = world(unsureModel(calls));
    const [out] = await ask(deps, turn("something odd happened with the thing"), "something odd happened with the thing");
    const card = cardOf(out);
    expect(card.name).toBe("category-picker");
    expect(card.data.title).toMatch(/not sure/i);
    // What the router offers as choices is what the person can press at once.
    expect(card.data.likely.map((a: { data: { category: string } }) => a.data.category)).toEqual(matrix.categories.slice(0, 3).map((c) => c.id));
    expect(card.data.any.choices[0]).toEqual({ title: "Not IT", value: "none" });
    expect(card.data.any.choices).toHaveLength(matrix.categories.length + 1);
    expect(calls).toHaveLength(1);
  });

  test("a client switched off the language model never sends it the question", async () => {
    const calls: string[] = [];
    const { deps } = world(unsureModel(calls));
    await ask(deps, turn("the printer on 2 is jammed", { routingLlm: false }), "the printer on 2 is jammed");
    expect(calls).toEqual([]);
  });

  test("Not IT is answered 'not in the matrix' and learned: the same question is then not in the matrix", async () => {
    const text = "the printer in the lobby belongs to the landlord";
    // Without the pick, the built-in router reads it as a printer question.
    const { deps: before } = world();
    expect(cardOf((await ask(before, turn(text), text))[0]).name).not.toBe("not-in-matrix");
    const { deps, learned, questions } = world(unsureModel([]));
    await ask(deps, turn(text), text);
    const [q] = questions.keys();
    const [picked] = await choose(deps, click({ q, category: "none" }));
    expect(cardOf(picked).name).toBe("not-in-matrix");
    expect(cardOf(picked).data.body).toContain("Robin");
    expect(learned).toEqual([{ phrase: text, categoryId: "none" }]);
    const { deps: without } = world();
    (without.matrices as unknown as { learned: () => Promise<LearnedExample[]> }).learned = async () => learned;
    const [again] = await ask(without, turn(text), text);
    expect(cardOf(again).name).toBe("not-in-matrix");
  });

  test("a clear question is answered with the who-handles card, which states its confidence", async () => {
    const { deps } = world();
    const [out] = await ask(deps, turn("the printer on floor 2 is out of toner and jammed"), "the printer on floor 2 is out of toner and jammed");
    const card = cardOf(out);
    expect(card.name).toBe("who-handles");
    expect(card.data.footer).toMatch(/confidence \d+%/);
  });
});
