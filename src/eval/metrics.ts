// What the evaluation reports per set, from each request's decision.
import type { Matrix } from "../core/matrix/model";
import type { Decision } from "../core/routing/types";
import type { Request } from "./sets";

export interface Outcome {
  request: Request;
  /** Language the router read the message in. */
  language?: string;
  decision: Decision;
  /** Best category (null when the decision is none). */
  top: string | null;
  /** Best three categories, best first. */
  top3: string[];
  choices: string[];
  confidence: number;
}

export interface SetMetrics {
  messages: number;
  inScope: number;
  outOfScope: number;
  /** In-scope messages whose best category is right (whatever the decision). */
  top1: number;
  top3: number;
  /** Out-of-scope messages answered "not in the matrix". */
  outOfScopeRecognised: number;
  /** Share of all messages where Tandem asked. */
  asked: number;
  /** In-scope messages answered outright with a wrong category (share of in-scope messages). */
  confidentWrong: number;
  /** Answered outright: how often right (none messages answered with a category count as wrong). */
  answeredRight: number;
  answered: number;
  /** Right answer, or the right category among the choices, or "not in the matrix" for a none message. */
  oneClick: number;
  /** The side Tandem points to at that hour (answer: the category's; ask: the first choice's; none: nobody) is right. */
  ownerRightNow: number;
}

/** The category named is the label (whatever the decision). */
export const rightCategory = (o: Outcome): boolean => o.top === o.request.expected;

/** Right answer, or the right category among the choices, or "not in the matrix" for a none message. */
export function oneClickSuccess(o: Outcome): boolean {
  if (o.request.expected === null) return o.decision === "none";
  return (o.decision === "answer" && rightCategory(o)) || (o.decision === "ask" && o.choices.includes(o.request.expected));
}

function sideAt(matrix: Matrix, id: string | null, hour: "business" | "after"): string {
  const c = id === null ? undefined : matrix.categories.find((x) => x.id === id);
  if (!c) return "nobody";
  if (hour === "after") return c.afterHours;
  return c.owner === "joint" ? `joint:${c.lead ?? "internal"}` : c.owner;
}

export function metricsOf(matrix: Matrix, outcomes: Outcome[]): SetMetrics {
  const n = outcomes.length;
  const inScope = outcomes.filter((o) => o.request.expected !== null);
  const out = outcomes.filter((o) => o.request.expected === null);
  const share = (count: number, of: number) => (of === 0 ? 0 : count / of);
  const answered = outcomes.filter((o) => o.decision === "answer");
  const right = rightCategory;
  return {
    messages: n,
    inScope: inScope.length,
    outOfScope: out.length,
    top1: share(inScope.filter(right).length, inScope.length),
    top3: share(inScope.filter((o) => o.top3.includes(o.request.expected!)).length, inScope.length),
    outOfScopeRecognised: share(out.filter((o) => o.decision === "none").length, out.length),
    asked: share(outcomes.filter((o) => o.decision === "ask").length, n),
    confidentWrong: share(inScope.filter((o) => o.decision === "answer" && !right(o)).length, inScope.length),
    answeredRight: share(answered.filter(right).length, answered.length),
    answered: share(answered.length, n),
    oneClick: share(outcomes.filter(oneClickSuccess).length, n),
    ownerRightNow: share(
      outcomes.filter((o) => sideAt(matrix, o.decision === "none" ? null : o.top, o.request.hour) === sideAt(matrix, o.request.expected, o.request.hour)).length,
      n,
    ),
  };
}

export interface ReliabilityRow {
  range: string;
  count: number;
  right: number;
}

/** Stated confidence against the share actually right ("right" = the decision's category, or none, is the label). */
export function reliability(outcomes: Outcome[], edges = [0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001]): ReliabilityRow[] {
  const rows: ReliabilityRow[] = [];
  for (let i = 0; i < edges.length - 1; i++) {
    const inBin = outcomes.filter((o) => o.confidence >= edges[i] && o.confidence < edges[i + 1]);
    rows.push({
      range: `${edges[i].toFixed(1)}-${Math.min(1, edges[i + 1]).toFixed(1)}`,
      count: inBin.length,
      right: inBin.filter((o) => (o.decision === "none" ? o.request.expected === null : o.top === o.request.expected)).length,
    });
  }
  return rows;
}
