// Data contracts of the who-handles cards (cards/<platform>/<name>.json) and the builders that fill them.
import { z } from "zod";
import { buttonSchema, pickerSchema } from "../cards/action";
import { MAX_PRIMARY, actions, actionsSchema, factSchema, lineSchema, noActions } from "../cards/contract";
import { TICKET_ACTIONS } from "../tickets/buttons";
import { WHOHANDLES_ACTIONS as A } from "./buttons";
import type { Category, Matrix, OwnerSide, Party } from "../matrix/model";
import type { OwnerNow } from "../matrix/owner-now";
import { reviewStatus } from "../matrix/review";
import { formatClock, formatDay } from "../time/when";

export const whoHandlesCardSchema = z.object({
  title: z.string(),
  question: z.string(),
  /** The one-line answer: who owns it right now. */
  answer: z.string(),
  /** "" when everyone named is in. */
  awayNote: z.string(),
  facts: z.array(factSchema),
  reason: z.string(),
  footer: z.string(),
  actions: actionsSchema,
});
export type WhoHandlesCard = z.infer<typeof whoHandlesCardSchema>;

export const notInMatrixCardSchema = z.object({
  title: z.string(),
  question: z.string(),
  body: z.string(),
  closest: z.string(),
  /** "" until someone asked a side. */
  asked: z.string(),
  actions: actionsSchema,
});
export type NotInMatrixCard = z.infer<typeof notInMatrixCardSchema>;

export const categoryPickerCardSchema = z.object({
  title: z.string(),
  question: z.string(),
  /** The likeliest categories, one button each. */
  likely: z.array(buttonSchema),
  /** Every category of the matrix. */
  any: pickerSchema,
});
export type CategoryPickerCard = z.infer<typeof categoryPickerCardSchema>;

export const matrixSummaryCardSchema = z.object({
  title: z.string(),
  facts: z.array(factSchema),
  /** "" unless the quarterly review is overdue. */
  overdue: z.string(),
  groups: z.array(z.object({ title: z.string(), lines: z.array(z.object({ name: z.string(), detail: z.string() })), more: z.string() })),
  footer: z.string(),
});
export type MatrixSummaryCard = z.infer<typeof matrixSummaryCardSchema>;

export const matrixImportCardSchema = z.object({
  title: z.string(),
  subtitle: z.string(),
  changes: z.array(lineSchema),
  more: z.string(),
  status: z.string(),
  actions: actionsSchema,
});
export type MatrixImportCard = z.infer<typeof matrixImportCardSchema>;

/** Slack limits a button value to 2000 characters: long questions are cut in button data. */
const forButton = (text: string) => (text.length > 500 ? `${text.slice(0, 497)}...` : text);

export function partyLabel(matrix: Matrix, side: Party): string {
  return `${side === "internal" ? "Internal IT" : "The MSP"} (${matrix.parties[side].name})`;
}

function ownerLabel(matrix: Matrix, side: OwnerSide, lead: Party): string {
  if (side === "joint") return `Joint: ${lead === "internal" ? "internal IT" : "the MSP"} leads (${matrix.parties[lead].name})`;
  return partyLabel(matrix, side);
}

function namesText(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

export function awayNote(matrix: Matrix, now: OwnerNow): string {
  const away = now.contacts.filter((c) => c.away).map((c) => c.name);
  if (away.length === 0) return "";
  const who = `${namesText(away)} ${away.length === 1 ? "is" : "are"} out of office`;
  if (!now.ownerAway) return `${who}; ${namesText(now.contacts.filter((c) => !c.away).map((c) => c.name))} can take it.`;
  if (now.effectiveSide === now.leadSide) return `${who}, and there is no backup: try the escalation path.`;
  return `${who}: ${now.effectiveSide === "internal" ? "internal IT" : "the MSP"} backs up (${matrix.parties[now.effectiveSide].name}).`;
}

/** Below this a named category is a guess, and the card says so. */
const SURE = 0.9;

export interface AnswerContext {
  question: string;
  q: string;
  key: string;
  confidence?: number;
  pickedBy?: string;
}

export function whoHandlesCard(matrix: Matrix, category: Category, now: OwnerNow, ctx: AnswerContext): WhoHandlesCard {
  const backsUp = now.ownerAway && now.effectiveSide !== now.leadSide;
  const contacts = now.contacts.map((c) => (c.away ? `${c.name} (out of office)` : c.unknown ? `${c.name} (availability unknown)` : c.name)).join(", ");
  const footer = [
    `Matrix version ${matrix.version}`,
    ctx.pickedBy
      ? `category picked by ${ctx.pickedBy}`
      : ctx.confidence !== undefined
        ? ctx.confidence < SURE
          ? `Tandem is not sure (confidence ${Math.round(ctx.confidence * 100)}%): check the category`
          : `confidence ${Math.round(ctx.confidence * 100)}%`
        : "",
  ].filter(Boolean);
  const owner = backsUp ? `${partyLabel(matrix, now.effectiveSide)}, backing up` : ownerLabel(matrix, now.side, now.leadSide);
  return {
    title: category.name,
    question: ctx.question,
    answer: owner,
    awayNote: awayNote(matrix, now),
    facts: [
      { title: "Contacts", value: contacts || "No one named in the matrix" },
      { title: "Backup", value: now.backup ? partyLabel(matrix, now.backup.side) : "None" },
      { title: "After hours", value: partyLabel(matrix, category.afterHours) },
      { title: "Escalation", value: category.escalation },
    ],
    reason: now.reason,
    footer: `${footer.join(" · ")}. Wrong category? Use "Not this one".`,
    actions: actions(
      TICKET_ACTIONS.open.button("Open a ticket", { text: forButton(ctx.question), category: category.id, card: ctx.key }, { style: "positive" }),
      A.pick.button("Not this one", { q: ctx.q, card: ctx.key }),
      A.showMatrix.button("Show the matrix", { card: ctx.key }),
    ),
  };
}

export function whoHandlesText(card: WhoHandlesCard): string {
  const fact = (t: string) => card.facts.find((f) => f.title === t)?.value ?? "";
  return [`${card.title}: ${card.answer}`, card.awayNote, `Backup: ${fact("Backup")}. After hours: ${fact("After hours")}.`, `Escalation: ${fact("Escalation")}`]
    .filter(Boolean)
    .join("\n");
}

export function notInMatrixCard(
  matrix: Matrix,
  ctx: { question: string; q: string; key: string; closest: string[]; asked?: string; redirect?: { topic: string; to?: string }; pickedBy?: string },
): NotInMatrixCard {
  const names = ctx.closest.map((id) => matrix.categories.find((c) => c.id === id)?.name).filter((n): n is string => !!n);
  const data = { q: ctx.q, card: ctx.key };
  const body = ctx.redirect
    ? `The matrix leaves this out (${ctx.redirect.topic})${ctx.redirect.to ? `: ask ${ctx.redirect.to}` : ": it is not for internal IT or the MSP"}.`
    : ctx.pickedBy
      ? `${ctx.pickedBy} says this is not an IT matter for the matrix. If it should be, add it at the next review.`
      : "It's a conversation, not an assumption: ask the people who decide, and add it to the matrix at the next review.";
  return {
    title: ctx.redirect ? "Not in the matrix" : "The matrix does not name this",
    question: ctx.question,
    body,
    closest: names.length ? `Closest categories: ${names.join(", ")}. If one of them is right, use "Pick a category".` : "",
    asked: ctx.asked ?? "",
    actions: ctx.asked
      ? actions(A.pick.button("Pick a category", data))
      : actions(
          A.ask.button("Ask internal IT", { ...data, side: "internal" }),
          A.ask.button("Ask the MSP", { ...data, side: "msp" }),
          A.pick.button("Pick a category", data),
        ),
  };
}

/** The choice that says "not an IT matter": picked, the question is answered "not in the matrix" and learned as such. */
export const NOT_IT = "none";

export function categoryPickerCard(
  matrix: Matrix,
  ctx: { question: string; q: string; key: string; alternatives: string[]; unsure?: boolean },
): CategoryPickerCard {
  const byId = new Map(matrix.categories.map((c) => [c.id, c]));
  const data = { q: ctx.q, card: ctx.key };
  // The likeliest three, one click each: the choices the router offers (the three actions in view). The list of every
  // category ("Another category…") is behind "…", led by "Not IT" when Tandem asked on its own initiative.
  const likely = ctx.alternatives
    .filter((id) => byId.has(id))
    .slice(0, MAX_PRIMARY)
    .map((id) => A.choose.button(byId.get(id)!.name, { ...data, category: id }));
  const every = [...matrix.categories].sort((a, b) => a.name.localeCompare(b.name)).map((c) => ({ title: c.name, value: c.id }));
  // Slack's menus take 100 options.
  const choices = [...(ctx.unsure ? [{ title: "Not IT", value: NOT_IT }] : []), ...every].slice(0, 100);
  return {
    // Asked on its own initiative, Tandem says it is unsure rather than guessing.
    title: ctx.unsure ? "I'm not sure who handles this: which one is it?" : "Which category is it?",
    question: ctx.question,
    likely,
    any: A.choose.picker("Use this category", "Pick a category", "category", data, choices),
  };
}

/** Lines per owner group: a 100-category matrix still fits a message; the rest is counted. */
const GROUP_LINES = 20;
const SIDE_TITLES: Record<OwnerSide, string> = { internal: "Internal IT owns", msp: "The MSP owns", joint: "Joint" };
const SHORT: Record<Party | "none", string> = { internal: "internal IT", msp: "MSP", none: "none" };

export function matrixSummaryCard(matrix: Matrix, at: Date): MatrixSummaryCard {
  const review = reviewStatus(matrix, at);
  const groups = (["internal", "msp", "joint"] as const)
    .map((side) => {
      const cats = matrix.categories.filter((c) => c.owner === side);
      const lines = cats.map((c) => ({
        name: c.name,
        detail: `${side === "joint" ? `${SHORT[c.lead ?? "internal"]} leads · ` : ""}backup ${SHORT[c.backup]} · after hours ${SHORT[c.afterHours]}`,
      }));
      const party = side === "joint" ? "both sides" : matrix.parties[side].name;
      const shown = lines.slice(0, GROUP_LINES);
      return { title: `${SIDE_TITLES[side]} (${party}): ${cats.length}`, lines: shown, more: lines.length > shown.length ? `…and ${lines.length - shown.length} more` : "" };
    })
    .filter((g) => g.lines.length > 0);
  const zone = matrix.businessHours.timezone;
  const when = review.daysLeft === 0 ? "today" : review.daysLeft > 0 ? `in ${review.daysLeft} days` : `${-review.daysLeft} days ago`;
  const h = matrix.businessHours;
  return {
    title: `Responsibility matrix, version ${matrix.version}`,
    facts: [
      { title: "Signed by", value: matrix.signedBy.join("; ") },
      { title: "Effective", value: formatDay(matrix.effective, zone) },
      { title: "Next review", value: `${formatDay(review.dueDate, zone)} (${when})` },
      { title: "Business hours", value: `${dayRange(h.days)} ${h.start}-${h.end} ${formatClock(at, { zone }).split(" ")[1]}` },
    ],
    overdue: review.overdue ? `The quarterly review was due on ${formatDay(review.dueDate, zone)}: both sides should review and re-sign the matrix.` : "",
    groups,
    footer: "Anything not named here is a conversation, not an assumption.",
  };
}

const DAY_NAMES: Record<string, string> = { mon: "Mon", tue: "Tue", wed: "Wed", thu: "Thu", fri: "Fri", sat: "Sat", sun: "Sun" };

/** "Mon-Fri", or "Mon, Wed, Fri". */
function dayRange(days: string[]): string {
  const all = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
  const idx = days.map((d) => all.indexOf(d)).sort((a, b) => a - b);
  const consecutive = idx.length > 2 && idx.every((v, i) => i === 0 || v === idx[i - 1]! + 1);
  return consecutive ? `${DAY_NAMES[all[idx[0]!]!]}-${DAY_NAMES[all[idx[idx.length - 1]!]!]}` : days.map((d) => DAY_NAMES[d] ?? d).join(", ");
}

export function matrixSummaryText(card: MatrixSummaryCard): string {
  return [card.title, ...card.facts.map((f) => `${f.title}: ${f.value}`), card.overdue, ...card.groups.map((g) => `${g.title}\n${g.lines.map((l) => `• ${l.name}: ${l.detail}`).join("\n")}`)]
    .filter(Boolean)
    .join("\n");
}

const MAX_CHANGES = 25;

export function matrixImportCard(ctx: {
  matrix: Matrix;
  previousVersion: number | null;
  changes: string[];
  id: string;
  key: string;
  status?: string;
}): MatrixImportCard {
  const m = ctx.matrix;
  const shown = ctx.changes.slice(0, MAX_CHANGES);
  const data = { id: ctx.id, card: ctx.key };
  return {
    title: `Import matrix version ${m.version}?`,
    subtitle: `${ctx.previousVersion === null ? "First matrix for this client" : `Replaces version ${ctx.previousVersion}`}; effective ${formatDay(m.effective, m.businessHours.timezone)}, signed by ${m.signedBy.join("; ")}. ${m.categories.length} categories.`,
    changes: shown.map((text) => ({ text })),
    more: ctx.changes.length > shown.length ? `…and ${ctx.changes.length - shown.length} more changes.` : "",
    status: ctx.status ?? "",
    actions: ctx.status === undefined ? actions(A.applyImport.button("Apply", data, { style: "positive" }), A.cancelImport.button("Cancel", data)) : noActions(),
  };
}
