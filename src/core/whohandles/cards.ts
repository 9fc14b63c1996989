// Data contracts of the who-handles cards (cards/<platform>/<name>.json) and the builders that fill them.
import type { Category, Matrix, OwnerSide, Party } from "../matrix/model";
import type { OwnerNow } from "../matrix/owner-now";
import { reviewStatus } from "../matrix/review";

export interface WhoHandlesCard {
  title: string;
  question: string;
  owner: string;
  contacts: string;
  /** "" when everyone named is in. */
  awayNote: string;
  backup: string;
  afterHours: string;
  escalation: string;
  reason: string;
  footer: string;
  ticket: { text: string; category: string; key: string };
  pick: { key: string; q: string };
  show: { key: string };
}

export interface NotInMatrixCard {
  title: string;
  question: string;
  body: string;
  closest: string;
  /** "" until someone asked a side. */
  asked: string;
  askInternal: { key: string; q: string; side: "internal" };
  askMsp: { key: string; q: string; side: "msp" };
  pick: { key: string; q: string };
}

export interface CategoryPickerCard {
  title: string;
  question: string;
  alternatives: { name: string; data: { key: string; q: string; category: string } }[];
  categories: { title: string; value: string; slackValue: string }[];
  choose: { key: string; q: string };
}

export interface MatrixSummaryCard {
  title: string;
  signedBy: string;
  effective: string;
  review: string;
  /** "" unless the quarterly review is overdue. */
  overdue: string;
  groups: { title: string; lines: { name: string; detail: string }[]; text: string }[];
  footer: string;
}

export interface MatrixImportCard {
  title: string;
  subtitle: string;
  changes: { text: string }[];
  more: string;
  status: string;
  pending: boolean;
  apply: { key: string; id: string };
  cancel: { key: string; id: string };
}

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
  const contacts = now.contacts.map((c) => (c.away ? `${c.name} (out of office)` : c.name)).join(", ");
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
  return {
    title: category.name,
    question: ctx.question,
    owner: backsUp ? `${partyLabel(matrix, now.effectiveSide)}, backing up` : ownerLabel(matrix, now.side, now.leadSide),
    contacts: contacts || "No one named in the matrix",
    awayNote: awayNote(matrix, now),
    backup: now.backup ? partyLabel(matrix, now.backup.side) : "None",
    afterHours: partyLabel(matrix, category.afterHours),
    escalation: category.escalation,
    reason: now.reason,
    footer: `${footer.join(" · ")}. Wrong category? Press "Not this one".`,
    ticket: { text: forButton(ctx.question), category: category.id, key: ctx.key },
    pick: { key: ctx.key, q: ctx.q },
    show: { key: ctx.key },
  };
}

export function whoHandlesText(card: WhoHandlesCard): string {
  return [`${card.title}: ${card.owner}`, card.awayNote, `Backup: ${card.backup}. After hours: ${card.afterHours}.`, `Escalation: ${card.escalation}`]
    .filter(Boolean)
    .join("\n");
}

export function notInMatrixCard(
  matrix: Matrix,
  ctx: { question: string; q: string; key: string; closest: string[]; asked?: string; redirect?: { topic: string; to?: string }; pickedBy?: string },
): NotInMatrixCard {
  const names = ctx.closest.map((id) => matrix.categories.find((c) => c.id === id)?.name).filter((n): n is string => !!n);
  const body = ctx.redirect
    ? `The matrix leaves this out (${ctx.redirect.topic})${ctx.redirect.to ? `: ask ${ctx.redirect.to}` : ": it is not for internal IT or the MSP"}.`
    : ctx.pickedBy
      ? `${ctx.pickedBy} says this is not an IT matter for the matrix. If it should be, add it at the next review.`
      : "It's a conversation, not an assumption: ask the people who decide, and add it to the matrix at the next review.";
  return {
    title: ctx.redirect ? "Not in the matrix" : "The matrix does not name this",
    question: ctx.question,
    body,
    closest: names.length ? `Closest categories: ${names.join(", ")}. If one of them is right, press "Pick a category".` : "",
    asked: ctx.asked ?? "",
    askInternal: { key: ctx.key, q: ctx.q, side: "internal" },
    askMsp: { key: ctx.key, q: ctx.q, side: "msp" },
    pick: { key: ctx.key, q: ctx.q },
  };
}

/** The choice that says "not an IT matter": picked, the question is answered "not in the matrix" and learned as such. */
export const NOT_IT = "none";

export function categoryPickerCard(
  matrix: Matrix,
  ctx: { question: string; q: string; key: string; alternatives: string[]; unsure?: boolean },
): CategoryPickerCard {
  const byId = new Map(matrix.categories.map((c) => [c.id, c]));
  const likely = ctx.alternatives
    .filter((id) => byId.has(id))
    .slice(0, 3)
    .map((id) => ({ name: byId.get(id)!.name, data: { key: ctx.key, q: ctx.q, category: id } }));
  return {
    // Asked on its own initiative, Tandem says it is unsure rather than guessing.
    title: ctx.unsure ? "I'm not sure who handles this: which one is it?" : "Which category is it?",
    question: ctx.question,
    alternatives: ctx.unsure ? [...likely, { name: "Not IT", data: { key: ctx.key, q: ctx.q, category: NOT_IT } }] : likely,
    categories: [...matrix.categories]
      .sort((a, b) => a.name.localeCompare(b.name))
      .slice(0, 100)
      .map((c) => ({ title: c.name, value: c.id, slackValue: JSON.stringify({ q: ctx.q, category: c.id }) })),
    choose: { key: ctx.key, q: ctx.q },
  };
}

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
      let text = lines.map((l) => `• ${l.name}: ${l.detail}`).join("\n");
      if (text.length > 2800) text = `${text.slice(0, 2790)}\n…`;
      return { title: `${SIDE_TITLES[side]} (${party}): ${cats.length}`, lines, text };
    })
    .filter((g) => g.lines.length > 0);
  const when = review.daysLeft === 0 ? "today" : review.daysLeft > 0 ? `in ${review.daysLeft} days` : `${-review.daysLeft} days ago`;
  return {
    title: `Responsibility matrix, version ${matrix.version}`,
    signedBy: matrix.signedBy.join("; "),
    effective: matrix.effective,
    review: `${review.dueDate} (${when})`,
    overdue: review.overdue ? `The quarterly review was due on ${review.dueDate}: both sides should review and re-sign the matrix.` : "",
    groups,
    footer: `Business hours: ${matrix.businessHours.days.join(", ")} ${matrix.businessHours.start}-${matrix.businessHours.end} (${matrix.businessHours.timezone}). Anything not named is a conversation, not an assumption.`,
  };
}

export function matrixSummaryText(card: MatrixSummaryCard): string {
  return [card.title, `Signed by ${card.signedBy}, effective ${card.effective}. Next review ${card.review}.`, card.overdue, ...card.groups.map((g) => `${g.title}\n${g.text}`)]
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
  return {
    title: `Import matrix version ${m.version}?`,
    subtitle: `${ctx.previousVersion === null ? "First matrix for this client" : `Replaces version ${ctx.previousVersion}`}; effective ${m.effective}, signed by ${m.signedBy.join("; ")}. ${m.categories.length} categories.`,
    changes: shown.map((text) => ({ text })),
    more: ctx.changes.length > shown.length ? `…and ${ctx.changes.length - shown.length} more changes.` : "",
    status: ctx.status ?? "",
    pending: ctx.status === undefined,
    apply: { key: ctx.key, id: ctx.id },
    cancel: { key: ctx.key, id: ctx.id },
  };
}
