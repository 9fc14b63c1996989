// Loads the routing evaluation sets (matrix + labelled messages) from test/fixtures/routing.
import { readFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { DateTime } from "luxon";
import { parseMatrix } from "../../src/core/matrix/format";
import type { Category, Matrix, OwnerSide } from "../../src/core/matrix/model";

export interface LabelledMessage {
  text: string;
  /** Category id, or null when the message is out of scope. */
  expected: string | null;
}

export interface RoutingSet {
  name: string;
  matrix: Matrix;
  messages: LabelledMessage[];
}

const DIR = join(__dirname, "..", "fixtures", "routing");

export function loadRoutingSet(name: "eval" | "holdout"): RoutingSet {
  const parsed = parseMatrix(readFileSync(join(DIR, `${name}-matrix.yaml`), "utf8"));
  if (!parsed.ok) throw new Error(`${name}-matrix.yaml: ${parsed.problems.map((p) => `${p.path} ${p.message}`).join("; ")}`);
  const raw = parse(readFileSync(join(DIR, `${name}-messages.yaml`), "utf8")) as { messages: LabelledMessage[] };
  const ids = new Set(parsed.matrix.categories.map((c) => c.id));
  for (const m of raw.messages) {
    if (m.expected !== null && !ids.has(m.expected)) throw new Error(`${name}: unknown expected category ${m.expected}`);
  }
  return { name, matrix: parsed.matrix, messages: raw.messages };
}

/**
 * Who has a category at an instant. A stand-in for the matrix owner-now logic so the bench can compare owners;
 * it ignores nothing the matrix says (days, hours, holidays, timezone).
 */
export function ownerAt(matrix: Matrix, category: Category | null, at: Date): OwnerSide | null {
  if (!category) return null;
  const hours = matrix.businessHours;
  const local = DateTime.fromJSDate(at, { zone: hours.timezone });
  const day = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][local.weekday - 1];
  const hhmm = local.toFormat("HH:mm");
  const open = hours.days.includes(day as never) && !hours.holidays.includes(local.toISODate() ?? "") && hhmm >= hours.start && hhmm < hours.end;
  return open ? category.owner : category.afterHours;
}

/** A large matrix for latency: the given categories cloned with varied ids, names and keyword order. */
export function synthesiseMatrix(base: Matrix, extra: Category[], size: number): Matrix {
  const pool = [...base.categories, ...extra];
  const sites = ["Toronto", "Calgary", "Halifax", "Warehouse", "Showroom", "Head office", "Lab", "Branch", "Plant", "Depot"];
  const categories: Category[] = [];
  for (let i = 0; categories.length < size; i++) {
    const source = pool[i % pool.length];
    const round = Math.floor(i / pool.length);
    if (round === 0 && i < base.categories.length) {
      categories.push(source);
      continue;
    }
    const site = sites[round % sites.length];
    categories.push({
      ...source,
      id: `${source.id}-${round}-${i}`,
      name: `${source.name} (${site})`,
      description: `${site}: ${source.description}`,
      keywords: [...source.keywords.slice(round % Math.max(1, source.keywords.length)), `${site.toLowerCase()} ${source.keywords[0] ?? ""}`],
    });
  }
  return { ...base, categories };
}

/** A category for a hand-made test matrix (owner, backup and after-hours as given; no escalation text). */
export function testCategory(id: string, name: string, description: string, keywords: string[], opts: { examples?: string[]; owner?: OwnerSide } = {}): Category {
  const owner = opts.owner ?? "internal";
  return { id, name, description, owner, backup: owner === "msp" ? "internal" : "msp", afterHours: "msp", escalation: "", keywords, examples: opts.examples ?? [] };
}

/** A hand-made test matrix around the given categories: version 1, Monday 09:00-17:00 UTC, no contacts. */
export function testMatrix(categories: Category[]): Matrix {
  return {
    version: 1,
    effective: "2026-01-01",
    signedBy: [],
    parties: { internal: { name: "In", contacts: [] }, msp: { name: "Out", contacts: [] } },
    businessHours: { timezone: "UTC", days: ["mon"], start: "09:00", end: "17:00", holidays: [] },
    categories,
  };
}
