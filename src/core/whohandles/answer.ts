// "Who handles this?" for one question at one moment: the routing decision, the owner right now (with
// out-of-office contacts), the backup and the escalation path. Shared by the chat and `tandem ask`.
import { isBusinessTime } from "../matrix/hours";
import type { Category, Matrix, NamedPerson, OwnerSide, Party } from "../matrix/model";
import { ownerNow, type OwnerNow } from "../matrix/owner-now";
import { routeQuestion } from "../routing/route";
import type { Decision, LearnedExample, RouteDecision } from "../routing/types";

export interface AskAnswer {
  text: string;
  category: string | null;
  categoryName: string | null;
  /** Who has it at that moment. */
  owner: OwnerSide | null;
  backup: Party | null;
  escalation: string | null;
  confidence: number;
  alternatives: string[];
  /** answer: the category is named; ask: Tandem is unsure and offers `choices`; none: not in the matrix. */
  decision: Decision;
  /** Category ids offered as buttons when asking, best first (empty otherwise). */
  choices: string[];
  afterHours: boolean;
  reason: string;
  /** The side that leads now (for a joint category, the lead). */
  leadSide: Party | null;
  party: string | null;
  contacts: string[];
  /** Named contacts of the leading side who are out of office. */
  away: string[];
  /** The side that should act now: the backup when every named owner contact is away. */
  effectiveSide: Party | null;
  at: string;
  matrixVersion: number;
}

export interface AnswerOptions {
  learned?: LearnedExample[];
  /** Names of people out of office right now. */
  away?: ReadonlySet<string>;
  /** Names whose availability cannot be known. */
  unknown?: ReadonlySet<string>;
  /** Answer for this category instead of routing (a person picked it). */
  categoryId?: string;
  /** A decision already made (by the language model, or the built-in router earlier in the turn). */
  decision?: RouteDecision;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** The category's answer at `at`, with the owner-now detail the chat card needs. */
export function answerFor(matrix: Matrix, category: Category, at: Date, away?: ReadonlySet<string>, unknown?: ReadonlySet<string>): OwnerNow {
  return ownerNow(matrix, category, at, away || unknown ? { isAway: (name) => !!away?.has(name), isUnknown: (name) => !!unknown?.has(name) } : undefined);
}

/** Named people (with directory ids) among the contacts who would hold the category at `at`: the ones worth a lookup. */
export function peopleToCheck(matrix: Matrix, category: Category, at: Date): NamedPerson[] {
  const names = new Set(answerFor(matrix, category, at).contacts.map((c) => c.name));
  const people = [...(matrix.parties.internal.people ?? []), ...(matrix.parties.msp.people ?? [])];
  const seen = new Set<string>();
  return people.filter((p) => names.has(p.name) && (p.email || p.aadObjectId) && !seen.has(p.name) && seen.add(p.name));
}

export function answerQuestion(matrix: Matrix, text: string, at: Date, options: AnswerOptions = {}): AskAnswer {
  const picked = options.categoryId ? matrix.categories.find((c) => c.id === options.categoryId) : undefined;
  const decision: RouteDecision = picked
    ? { decision: "answer", category: picked, confidence: 1, alternatives: [], choices: [] }
    : (options.decision ?? routeQuestion(matrix, text, options.learned ?? []));
  const base = {
    text,
    confidence: round(decision.confidence),
    alternatives: decision.alternatives.map((a) => a.id),
    decision: decision.decision,
    choices: decision.choices,
    at: at.toISOString(),
    matrixVersion: matrix.version,
  };
  const category = decision.decision === "none" ? null : decision.category;
  if (!category) {
    return {
      ...base,
      category: null,
      categoryName: null,
      owner: null,
      backup: null,
      escalation: null,
      afterHours: !isBusinessTime(matrix.businessHours, at),
      leadSide: null,
      party: null,
      contacts: [],
      away: [],
      effectiveSide: null,
      reason: decision.redirect
        ? `The matrix leaves this out (${decision.redirect.topic})${decision.redirect.to ? `: ask ${decision.redirect.to}` : ""}.`
        : "The matrix names nothing that fits: a conversation, not an assumption.",
    };
  }
  const now = answerFor(matrix, category, at, options.away, options.unknown);
  return {
    text,
    category: category.id,
    categoryName: category.name,
    owner: now.side,
    backup: now.backup?.side ?? null,
    escalation: category.escalation,
    confidence: base.confidence,
    alternatives: base.alternatives,
    decision: base.decision,
    choices: base.choices,
    afterHours: !now.businessHours,
    reason: now.reason,
    leadSide: now.leadSide,
    party: now.partyName,
    contacts: now.contacts.map((c) => c.name),
    away: now.contacts.filter((c) => c.away).map((c) => c.name),
    effectiveSide: now.effectiveSide,
    at: base.at,
    matrixVersion: base.matrixVersion,
  };
}
