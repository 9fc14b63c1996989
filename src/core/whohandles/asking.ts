// Asking in chat: the answer card, "Not this one" (pick another category, which Tandem learns), asking a side
// when the matrix names nothing, and the matrix summary.
import { actorKey, type ActionEvent } from "../conversation/events";
import type { Turn } from "../conversation/feature";
import { availabilityOf } from "../ports/directory";
import type { Outgoing } from "../conversation/reply";
import { replyPrivately, replyTo } from "../conversation/router";
import { DomainError } from "../errors";
import type { Category, Matrix } from "../matrix/model";
import { sideLabel } from "../matrix/owner-now";
import { routeWithModel } from "../routing/model-router";
import { routeQuestion } from "../routing/route";
import type { Role } from "../ports/tenancy";
import { answerFor, answerQuestion, peopleToCheck } from "./answer";
import { categoryPickerCard, NOT_IT, matrixSummaryCard, matrixSummaryText, notInMatrixCard, whoHandlesCard, whoHandlesText } from "./cards";
import { actorName, matrixOf, postKeyed, type WhoHandlesDeps } from "./context";

const keyOf = (q: string) => `whohandles:${q}`;

/** "who handles the printer?" -> "the printer"; "who owns VPN" -> "VPN". */
export function questionText(rest: string): string {
  return rest
    .replace(/^(handles|handle|owns|own|is responsible for|is handling|does|takes care of|looks after)\b\s*/i, "")
    .replace(/^(this|it)\s*[:?]\s*/i, "")
    .replace(/[\s?]+$/, "")
    .trim();
}

async function answerCard(deps: WhoHandlesDeps, turn: Turn, matrix: Matrix, category: Category, ctx: { question: string; q: string; confidence?: number; pickedBy?: string }) {
  // The directory must never block an answer; the adapter already times out and logs.
  const { away, unknown } = await availabilityOf(deps.directory, peopleToCheck(matrix, category, turn.now));
  const now = answerFor(matrix, category, turn.now, away, unknown);
  const card = whoHandlesCard(matrix, category, now, { ...ctx, key: keyOf(ctx.q) });
  return { text: whoHandlesText(card), card: { name: "who-handles" as const, data: card } };
}

export async function ask(deps: WhoHandlesDeps, turn: Turn, raw: string): Promise<Outgoing[]> {
  const text = questionText(raw).replace(/\s+/g, " ").slice(0, 1000);
  if (!text) return [replyPrivately(turn, { text: 'Ask me like this: "who handles the printer on floor 2 is jammed?"' })];
  const matrix = await matrixOf(deps, turn.client.id, turn.now);
  const learned = await deps.matrices.learned(turn.client.id);
  // A client kept off the language model (law, health) never has its chat text sent out.
  const model = turn.client.settings.routingLlm === false ? undefined : deps.model;
  const decision = await routeWithModel(model, matrix, text, learned);
  const answer = answerQuestion(matrix, text, turn.now, { decision });
  const channelId = turn.event.channel.id;
  const q = await deps.questions.record({ clientId: turn.client.id, text, guessed: answer.category, confidence: answer.confidence, askedBy: actorKey(turn.actor), channelId });
  const category = matrix.categories.find((c) => c.id === answer.category);
  if (!category) {
    const card = notInMatrixCard(matrix, { question: text, q, key: keyOf(q), closest: answer.alternatives, redirect: decision.redirect });
    return [postKeyed(turn, { text: `${card.title}: ${card.body}`, card: { name: "not-in-matrix", data: card } }, keyOf(q))];
  }
  if (answer.decision === "ask") {
    const card = categoryPickerCard(matrix, { question: text, q, key: keyOf(q), alternatives: answer.choices, unsure: true });
    const names = card.likely.map((a) => a.title).join(", ");
    return [postKeyed(turn, { text: `${card.title} "${text}" (${names}, or something else)`, card: { name: "category-picker", data: card } }, keyOf(q))];
  }
  return [postKeyed(turn, await answerCard(deps, turn, matrix, category, { question: text, q, confidence: answer.confidence }), keyOf(q))];
}

async function questionOf(deps: WhoHandlesDeps, turn: Turn, q: string | undefined) {
  const question = q ? await deps.questions.get(turn.client.id, q) : null;
  if (!question) throw new DomainError("question-unknown", "I no longer have that question on record. Ask it again and I'll answer afresh.");
  return question;
}

export async function pick(deps: WhoHandlesDeps, turn: Turn<ActionEvent>): Promise<Outgoing[]> {
  const question = await questionOf(deps, turn, turn.event.value.q);
  const matrix = await matrixOf(deps, turn.client.id, turn.now);
  const decision = routeQuestion(matrix, question.text, await deps.matrices.learned(turn.client.id));
  const shown = question.chosen ?? question.guessed;
  const ranked = [decision.category?.id, ...decision.alternatives.map((a) => a.id)].filter((id): id is string => !!id && id !== shown);
  const card = categoryPickerCard(matrix, { question: question.text, q: question.id, key: keyOf(question.id), alternatives: ranked });
  return [{ op: "update", key: keyOf(question.id), reply: { text: `${card.title} "${question.text}"`, card: { name: "category-picker", data: card } } }];
}

export async function choose(deps: WhoHandlesDeps, turn: Turn<ActionEvent>): Promise<Outgoing[]> {
  const picked = turn.event.value;
  const question = await questionOf(deps, turn, picked.q);
  const matrix = await matrixOf(deps, turn.client.id, turn.now);
  if (picked.category === NOT_IT) {
    // Learned like any pick: the same question is answered "not in the matrix" next time.
    await deps.questions.choose(turn.client.id, question.id, NOT_IT);
    await deps.matrices.learn(turn.client.id, { phrase: question.text, categoryId: NOT_IT }, actorKey(turn.actor));
    const card = notInMatrixCard(matrix, { question: question.text, q: question.id, key: keyOf(question.id), closest: [], pickedBy: actorName(turn) });
    return [{ op: "update", key: keyOf(question.id), reply: { text: `${card.title}: ${card.body}`, card: { name: "not-in-matrix", data: card } } }];
  }
  const category = matrix.categories.find((c) => c.id === picked.category);
  if (!category) throw new DomainError("category-unknown", "Pick one of the categories in the list: that one is not in the current matrix.");
  await deps.questions.choose(turn.client.id, question.id, category.id);
  await deps.matrices.learn(turn.client.id, { phrase: question.text, categoryId: category.id }, actorKey(turn.actor));
  const reply = await answerCard(deps, turn, matrix, category, { question: question.text, q: question.id, pickedBy: actorName(turn) });
  return [{ op: "update", key: keyOf(question.id), reply }];
}

const ASK_ROLES: Record<"internal" | "msp", Role[]> = { internal: ["internal-it"], msp: ["msp-lead", "msp-tech"] };

export async function askSide(deps: WhoHandlesDeps, turn: Turn<ActionEvent>): Promise<Outgoing[]> {
  const side = turn.event.value.side === "msp" ? "msp" : "internal";
  const question = await questionOf(deps, turn, turn.event.value.q);
  const matrix = await matrixOf(deps, turn.client.id, turn.now);
  const seen = new Set<string>();
  const mentions = [];
  for (const role of ASK_ROLES[side]) {
    for (const person of await deps.tenancy.peopleWithRole(turn.client.id, role)) {
      if (person.platform !== turn.event.channel.platform || seen.has(actorKey(person))) continue;
      seen.add(actorKey(person));
      mentions.push(person);
    }
  }
  const who = `${sideLabel(side)} (${matrix.parties[side].name})`;
  let text = `${actorName(turn)} asks: "${question.text}". The matrix does not name this, so it's a conversation, not an assumption: ${who}, can you take it or say who should?`;
  if (mentions.length === 0) text += ` (No one has the ${ASK_ROLES[side].join(" or ")} role yet: an admin can add people with \`tandem people add\`.)`;
  const card = notInMatrixCard(matrix, {
    question: question.text,
    q: question.id,
    key: keyOf(question.id),
    closest: [],
    asked: `${actorName(turn)} asked ${sideLabel(side)} in this thread.`,
  });
  return [
    replyTo(turn, { text, mentions }),
    { op: "update", key: keyOf(question.id), reply: { text: `${card.title}: ${card.asked}`, card: { name: "not-in-matrix", data: card } } },
  ];
}

export async function showMatrix(deps: WhoHandlesDeps, turn: Turn): Promise<Outgoing[]> {
  const matrix = await matrixOf(deps, turn.client.id, turn.now);
  const card = matrixSummaryCard(matrix, turn.now);
  return [replyTo(turn, { text: matrixSummaryText(card), card: { name: "matrix-summary", data: card } })];
}
