import type { OwnerSide } from "../matrix/model";
import type { CadenceTicket, MatrixSummary, Period } from "./cadence-data";
import { inPeriod } from "./cadence-data";
import { reHandCount, resolvedSide } from "./ticket-flow";

export interface CategoryFlow {
  categoryId: string;
  categoryName: string;
  matrixOwner: OwnerSide | null; // null: a category id the matrix no longer has
  resolved: number;
  resolvedByInternal: number;
  resolvedByMsp: number;
  /** Side changes inside the period across the category's tickets. */
  reHands: number;
  reHandedTickets: number;
}

/** Per-category flow of tickets touched in the period (uncategorised tickets are left out). */
export function categoryFlows(tickets: readonly CadenceTicket[], matrix: MatrixSummary, period: Period): CategoryFlow[] {
  const flows = new Map<string, CategoryFlow>();
  for (const t of tickets) {
    if (!t.categoryId) continue;
    const cat = matrix.categories.find((c) => c.id === t.categoryId);
    const f = flows.get(t.categoryId) ?? {
      categoryId: t.categoryId, categoryName: cat?.name ?? t.categoryId, matrixOwner: cat?.owner ?? null,
      resolved: 0, resolvedByInternal: 0, resolvedByMsp: 0, reHands: 0, reHandedTickets: 0,
    };
    if (inPeriod(t.resolvedAt, period)) {
      f.resolved++;
      if (resolvedSide(t) === "internal") f.resolvedByInternal++;
      else f.resolvedByMsp++;
    }
    const n = reHandCount(t, period);
    f.reHands += n;
    if (n > 0) f.reHandedTickets++;
    flows.set(t.categoryId, f);
  }
  return [...flows.values()];
}

export type ContradictionReason = "resolved-by-other-side" | "re-handed";

export interface CategoryContradiction extends CategoryFlow {
  reasons: ContradictionReason[];
  summary: string;
}

export interface ContradictionOptions {
  /** A category is flagged when its tickets changed sides more than this many times in the period. */
  reHandThreshold?: number;
  /** Fewer resolved tickets than this say nothing about who really does the work. */
  minResolved?: number;
}

const SIDE_NAME = { internal: "internal IT", msp: "the MSP" } as const;

/**
 * Categories whose real ticket flow contradicts the matrix: most tickets resolved by the side that is not the
 * owner, or tickets bounced between sides too often. Joint categories can only be flagged for bouncing.
 */
export function contradictingCategories(
  tickets: readonly CadenceTicket[], matrix: MatrixSummary, period: Period, opts: ContradictionOptions = {},
): CategoryContradiction[] {
  const reHandThreshold = opts.reHandThreshold ?? 3;
  const minResolved = opts.minResolved ?? 3;
  const out: CategoryContradiction[] = [];
  for (const f of categoryFlows(tickets, matrix, period)) {
    const reasons: ContradictionReason[] = [];
    const parts: string[] = [];
    if ((f.matrixOwner === "internal" || f.matrixOwner === "msp") && f.resolved >= minResolved) {
      const other = f.matrixOwner === "internal" ? "msp" : "internal";
      const byOther = other === "msp" ? f.resolvedByMsp : f.resolvedByInternal;
      if (byOther * 2 > f.resolved) {
        reasons.push("resolved-by-other-side");
        parts.push(`owned by ${SIDE_NAME[f.matrixOwner]} but ${SIDE_NAME[other]} resolved ${byOther} of ${f.resolved}`);
      }
    }
    if (f.reHands > reHandThreshold) {
      reasons.push("re-handed");
      parts.push(`re-handed ${f.reHands} times across ${f.reHandedTickets} tickets`);
    }
    if (reasons.length) out.push({ ...f, reasons, summary: `${f.categoryName}: ${parts.join("; ")}` });
  }
  return out.sort((a, b) => b.reasons.length - a.reasons.length || b.reHands - a.reHands || a.categoryId.localeCompare(b.categoryId));
}
