// Reads a matrix file (YAML, see the design note "matrix-format.md") into a Matrix, or lists every problem in it.
// A refused file must be fixable in one pass, so validation never stops at the first problem.
import { isMap, isScalar, LineCounter, parseDocument, visit, type Document } from "yaml";
import { DateTime, IANAZone } from "luxon";
import { WEEKDAYS } from "../calendar/business-days";
import type { Severity } from "../severity";
import type { BackupSide, BusinessHours, Category, ExcludedTopic, Matrix, NamedPerson, OwnerSide, Party, PartyInfo, Weekday } from "./model";

export interface MatrixProblem {
  /** Where in the file, e.g. `categories[3].owner`; empty for the file as a whole. */
  path: string;
  message: string;
  /** 1-based line in the file, when it can be told. */
  line?: number;
}

export type MatrixParseResult = { ok: true; matrix: Matrix } | { ok: false; problems: MatrixProblem[] };

type Path = (string | number)[];
type Obj = Record<string, unknown>;

const PARTIES: readonly Party[] = ["internal", "msp"];
const OWNER_SIDES: readonly OwnerSide[] = ["internal", "msp", "joint"];
const BACKUP_SIDES: readonly BackupSide[] = ["internal", "msp", "none"];
const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const CATEGORY_KEYS = ["id", "name", "description", "owner", "backup", "afterHours", "escalation", "keywords", "examples", "severity", "lead", "contacts"];
const PARTY_KEYS = ["name", "contacts", "people", "timezone"];
const PERSON_KEYS = ["name", "email", "aadObjectId", "slackId", "teamsId", "tenantId", "role"];
const HOURS_KEYS = ["timezone", "days", "start", "end", "holidays"];
const EXCLUDED_KEYS = ["name", "description", "keywords", "redirect"];

export function formatPath(path: Path): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

/** Small edit distance, to suggest "owner" for "ownr". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

class Checker {
  readonly problems: { path: Path; message: string }[] = [];

  add(path: Path, message: string): void {
    this.problems.push({ path, message });
  }

  isPresent(value: unknown): boolean {
    return value !== undefined && value !== null;
  }

  map(value: unknown, path: Path): Obj | undefined {
    if (!this.isPresent(value)) return void this.add(path, "is required");
    if (typeof value !== "object" || Array.isArray(value) || value instanceof Date) return void this.add(path, "must be a mapping (key: value)");
    return value as Obj;
  }

  list(value: unknown, path: Path, required: boolean): unknown[] | undefined {
    if (!this.isPresent(value)) return required ? void this.add(path, "is required") : [];
    if (!Array.isArray(value)) return void this.add(path, "must be a list");
    return value;
  }

  text(value: unknown, path: Path, required = true): string | undefined {
    if (!this.isPresent(value)) return required ? void this.add(path, "is required") : undefined;
    if (typeof value !== "string") return void this.add(path, `must be text (got ${JSON.stringify(value)}); quote it`);
    if (value.trim() === "") return void this.add(path, "must not be empty");
    return value;
  }

  texts(value: unknown, path: Path, required: boolean): string[] | undefined {
    const items = this.list(value, path, required);
    if (!items) return undefined;
    const out = items.map((item, i) => this.text(item, [...path, i]));
    return out.every((s): s is string => s !== undefined) ? out : undefined;
  }

  oneOf<T extends string>(value: unknown, path: Path, allowed: readonly T[]): T | undefined {
    if (!this.isPresent(value)) return void this.add(path, `is required (one of ${allowed.join(", ")})`);
    if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
    return void this.add(path, `must be one of ${allowed.join(", ")} (got ${JSON.stringify(value)})`);
  }

  date(value: unknown, path: Path, required = true): string | undefined {
    if (!this.isPresent(value)) return required ? void this.add(path, "is required (a date YYYY-MM-DD)") : undefined;
    // A `%YAML 1.1` file turns unquoted dates into timestamps.
    const raw = value instanceof Date ? value.toISOString().slice(0, 10) : value;
    if (typeof raw === "string" && /^\d{4}-\d{2}-\d{2}$/.test(raw) && DateTime.fromISO(raw).isValid) return raw;
    return void this.add(path, `must be a real date YYYY-MM-DD (got ${JSON.stringify(value)})`);
  }

  time(value: unknown, path: Path, allowMidnightEnd: boolean): string | undefined {
    if (!this.isPresent(value)) return void this.add(path, 'is required (a time "HH:MM")');
    const match = typeof value === "string" ? /^(\d{1,2}):(\d{2})$/.exec(value) : null;
    const h = match ? Number(match[1]) : NaN;
    const m = match ? Number(match[2]) : NaN;
    if ((h <= 23 && m <= 59) || (allowMidnightEnd && h === 24 && m === 0)) return `${String(h).padStart(2, "0")}:${match![2]}`;
    return void this.add(path, `must be a 24-hour time "HH:MM" in quotes (got ${JSON.stringify(value)})`);
  }

  integer(value: unknown, path: Path, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    if (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max) return value;
    const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `${min}..${max}`;
    return void this.add(path, `must be a whole number ${range} (got ${JSON.stringify(value ?? null)})`);
  }

  noUnknownKeys(o: Obj, allowed: string[], path: Path): void {
    for (const key of Object.keys(o)) {
      if (allowed.includes(key)) continue;
      const near = allowed.find((k) => distance(k, key) <= Math.max(1, Math.floor(k.length / 4)));
      this.add([...path, key], `unknown field${near ? `; did you mean "${near}"?` : ""} (allowed: ${allowed.join(", ")})`);
    }
  }
}

function readPerson(c: Checker, value: unknown, path: Path): NamedPerson | undefined {
  const o = c.map(value, path);
  if (!o) return undefined;
  c.noUnknownKeys(o, PERSON_KEYS, path);
  const name = c.text(o.name, [...path, "name"]);
  const person: NamedPerson = { name: name ?? "" };
  for (const key of ["email", "aadObjectId", "slackId", "teamsId", "tenantId", "role"] as const) {
    const v = c.text(o[key], [...path, key], false);
    if (v !== undefined) person[key] = v;
  }
  if (person.email !== undefined && !/^[^@\s]+@[^@\s]+$/.test(person.email)) c.add([...path, "email"], `is not an email address (got "${person.email}")`);
  return person;
}

function readParty(c: Checker, value: unknown, path: Path): PartyInfo {
  const o = c.map(value, path);
  if (!o) return { name: "", contacts: [] };
  c.noUnknownKeys(o, PARTY_KEYS, path);
  const party: PartyInfo = { name: c.text(o.name, [...path, "name"]) ?? "", contacts: c.texts(o.contacts, [...path, "contacts"], true) ?? [] };
  if (c.isPresent(o.people)) {
    const people = c.list(o.people, [...path, "people"], false) ?? [];
    party.people = people.map((p, i) => readPerson(c, p, [...path, "people", i])).filter((p): p is NamedPerson => p !== undefined);
  }
  const tz = c.isPresent(o.timezone) ? c.text(o.timezone, [...path, "timezone"]) : undefined;
  if (tz !== undefined) {
    if (IANAZone.isValidZone(tz)) party.timezone = tz;
    else c.add([...path, "timezone"], `is not a known IANA time zone such as "Europe/London" (got "${tz}")`);
  }
  return party;
}

function readHours(c: Checker, value: unknown): BusinessHours {
  const path: Path = ["businessHours"];
  const hours: BusinessHours = { timezone: "UTC", days: [], start: "00:00", end: "00:00", holidays: [] };
  const o = c.map(value, path);
  if (!o) return hours;
  c.noUnknownKeys(o, HOURS_KEYS, path);
  const tz = c.text(o.timezone, [...path, "timezone"]);
  if (tz !== undefined) {
    if (IANAZone.isValidZone(tz)) hours.timezone = tz;
    else c.add([...path, "timezone"], `is not a known IANA time zone such as "America/Toronto" (got "${tz}")`);
  }
  const days = c.list(o.days, [...path, "days"], true);
  if (days && days.length === 0) c.add([...path, "days"], "must name at least one weekday");
  days?.forEach((d, i) => {
    const day = typeof d === "string" ? d.toLowerCase() : d;
    if (!WEEKDAYS.includes(day as Weekday)) return c.add([...path, "days", i], `unknown weekday ${JSON.stringify(d)} (use ${WEEKDAYS.join(", ")})`);
    if (hours.days.includes(day as Weekday)) return c.add([...path, "days", i], `"${day}" is listed twice`);
    hours.days.push(day as Weekday);
  });
  const start = c.time(o.start, [...path, "start"], false);
  const end = c.time(o.end, [...path, "end"], true);
  if (start !== undefined) hours.start = start;
  if (end !== undefined) hours.end = end;
  if (start !== undefined && end !== undefined && end <= start) c.add([...path, "end"], `must be after start (${start}); overnight hours are not supported`);
  (c.list(o.holidays, [...path, "holidays"], false) ?? []).forEach((h, i) => {
    const date = c.date(h, [...path, "holidays", i]);
    if (date !== undefined && !hours.holidays.includes(date)) hours.holidays.push(date);
  });
  return hours;
}

function readCategory(c: Checker, value: unknown, index: number): Category | undefined {
  const path: Path = ["categories", index];
  const o = c.map(value, path);
  if (!o) return undefined;
  c.noUnknownKeys(o, CATEGORY_KEYS, path);
  const at = (key: string): Path => [...path, key];
  const id = c.text(o.id, at("id"));
  if (id !== undefined && !KEBAB.test(id)) c.add(at("id"), `must be kebab-case like "printers-scanners" (got "${id}")`);
  const owner = c.oneOf(o.owner, at("owner"), OWNER_SIDES);
  const category: Category = {
    id: id ?? "",
    name: c.text(o.name, at("name")) ?? "",
    description: c.isPresent(o.description) ? (c.text(o.description, at("description")) ?? "") : "",
    owner: owner ?? "internal",
    backup: c.oneOf(o.backup, at("backup"), BACKUP_SIDES) ?? "none",
    afterHours: c.oneOf(o.afterHours, at("afterHours"), PARTIES) ?? "msp",
    escalation: c.text(o.escalation, at("escalation")) ?? "",
    keywords: c.texts(o.keywords, at("keywords"), true) ?? [],
    examples: c.texts(o.examples, at("examples"), false) ?? [],
  };
  if (c.isPresent(o.keywords) && category.keywords.length === 0 && category.examples.length === 0) {
    c.add(at("keywords"), "needs at least one keyword (or an example) so questions can reach this category");
  }
  if (c.isPresent(o.severity)) category.severity = c.integer(o.severity, at("severity"), 1, 4) as Severity | undefined; // 1..4 checked
  if (c.isPresent(o.lead)) {
    category.lead = c.oneOf(o.lead, at("lead"), PARTIES);
    if (owner !== undefined && owner !== "joint") c.add(at("lead"), `only applies when owner is joint (owner is ${owner})`);
  }
  if (c.isPresent(o.contacts)) category.contacts = c.texts(o.contacts, at("contacts"), false) ?? [];
  for (const key of ["severity", "lead", "contacts"] as const) if (category[key] === undefined) delete category[key];
  return category;
}

/** How people write a severity key: 1, P1, p1, S1, sev1, Sev 1, SEV-1, Severity 1. */
const SEVERITY_KEY = /^(?:p|s|sev|severity)?[\s_-]*([1-4])$/i;

function readSla(c: Checker, value: unknown): Matrix["slaMinutes"] {
  const o = c.map(value, ["slaMinutes"]);
  if (!o) return undefined;
  const sla: NonNullable<Matrix["slaMinutes"]> = {};
  const writtenAs = new Map<string, string>();
  for (const [key, minutes] of Object.entries(o)) {
    const severity = SEVERITY_KEY.exec(key.trim())?.[1] as "1" | "2" | "3" | "4" | undefined;
    if (!severity) {
      c.add(["slaMinutes", key], "severity must be 1, 2, 3 or 4 (also written P1..P4, S1, sev1 or \"Sev 1\")");
      continue;
    }
    const earlier = writtenAs.get(severity);
    if (earlier !== undefined) {
      c.add(["slaMinutes", key], `severity ${severity} is already given as "${earlier}"`);
      continue;
    }
    writtenAs.set(severity, key);
    const n = c.integer(minutes, ["slaMinutes", key], 1);
    if (n !== undefined) sla[severity] = n;
  }
  return sla;
}

function readExcluded(c: Checker, value: unknown): ExcludedTopic[] {
  const items = c.list(value, ["excluded"], false) ?? [];
  const topics: ExcludedTopic[] = [];
  items.forEach((raw, i) => {
    const path: Path = ["excluded", i];
    const o = c.map(raw, path);
    if (!o) return;
    c.noUnknownKeys(o, EXCLUDED_KEYS, path);
    const topic: ExcludedTopic = {
      name: c.text(o.name, [...path, "name"]) ?? "",
      description: c.text(o.description, [...path, "description"], false) ?? "",
      keywords: c.texts(o.keywords, [...path, "keywords"], false) ?? [],
    };
    const redirect = c.text(o.redirect, [...path, "redirect"], false);
    if (redirect !== undefined) topic.redirect = redirect;
    if (topic.keywords.length === 0 && topic.description === "") {
      c.add([...path, "keywords"], "needs keywords or a description so Tandem can recognise what is excluded");
    }
    topics.push(topic);
  });
  return topics;
}

function readMatrix(c: Checker, root: unknown): Matrix {
  if (root === undefined || root === null) c.add([], "the file is empty; expected a matrix (version, effective, parties, ...)");
  const o = (root === undefined || root === null ? undefined : c.map(root, [])) ?? {};
  const signedBy = c.texts(o.signedBy, ["signedBy"], true) ?? [];
  const partiesMap = c.map(o.parties, ["parties"]);
  if (partiesMap) c.noUnknownKeys(partiesMap, [...PARTIES], ["parties"]);
  const matrix: Matrix = {
    version: c.isPresent(o.version) ? (c.integer(o.version, ["version"], 1) ?? 0) : (c.add(["version"], "is required (a positive whole number)"), 0),
    effective: c.date(o.effective, ["effective"]) ?? "",
    signedBy,
    parties: { internal: readParty(c, partiesMap?.internal, ["parties", "internal"]), msp: readParty(c, partiesMap?.msp, ["parties", "msp"]) },
    businessHours: readHours(c, o.businessHours),
    categories: [],
  };
  const categories = c.list(o.categories, ["categories"], true);
  if (categories && categories.length === 0) c.add(["categories"], "must list at least one category");
  const seen = new Map<string, number>();
  categories?.forEach((raw, i) => {
    const category = readCategory(c, raw, i);
    if (!category) return;
    const first = seen.get(category.id);
    if (category.id && first !== undefined) c.add(["categories", i, "id"], `duplicate id "${category.id}" (also categories[${first}])`);
    else seen.set(category.id, i);
    matrix.categories.push(category);
  });
  if (c.isPresent(o.slaMinutes)) matrix.slaMinutes = readSla(c, o.slaMinutes);
  if (c.isPresent(o.lastReview)) matrix.lastReview = c.date(o.lastReview, ["lastReview"]);
  if (c.isPresent(o.excluded)) matrix.excluded = readExcluded(c, o.excluded);
  if (matrix.slaMinutes === undefined) delete matrix.slaMinutes;
  if (matrix.lastReview === undefined) delete matrix.lastReview;
  return matrix;
}

/** The line of the node at `path`, or of its nearest ancestor that exists (a missing key points at its parent). */
function lineOf(doc: Document, lines: LineCounter, path: Path): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) return lines.linePos(range[0]).line;
  }
  return undefined;
}

/**
 * Keys repeated within one mapping, each with where it is. The yaml library's own check compares every key with every
 * key before it (a file of 50 000 keys took 80 s of the service's one thread); this is one pass with a set.
 */
function duplicateKeys(doc: Document, lines: LineCounter): { message: string; line: number; col: number }[] {
  const found: { message: string; line: number; col: number }[] = [];
  visit(doc, {
    Map(_, map) {
      if (!isMap(map)) return;
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        // As the library compares them: scalars by value, anything else only with itself.
        if (!isScalar(pair.key)) continue;
        if (!seen.has(pair.key.value)) {
          seen.add(pair.key.value);
          continue;
        }
        const at = lines.linePos(pair.key.range?.[0] ?? 0);
        found.push({ message: "Map keys must be unique", line: at.line, col: at.col });
      }
    },
  });
  return found;
}

export function parseMatrix(yamlText: string): MatrixParseResult {
  const lines = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: lines, uniqueKeys: false });
  const syntax = [
    ...doc.errors.map((e) => ({ message: e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, ""), line: e.linePos?.[0].line, col: e.linePos?.[0].col })),
    ...duplicateKeys(doc, lines),
  ].sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity) || (a.col ?? 0) - (b.col ?? 0));
  // Past a syntax error the tree is partial, and field problems found in it would mislead.
  if (syntax.length > 0) {
    return { ok: false, problems: syntax.map((e) => ({ path: "", message: `YAML syntax: ${e.message} (column ${e.col ?? "?"})`, line: e.line })) };
  }
  const checker = new Checker();
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    // The library refuses an alias bomb (aliases that expand to an enormous tree) by throwing.
    return { ok: false, problems: [{ path: "", message: `YAML aliases: ${(err as Error).message} (use fewer *aliases)` }] };
  }
  const matrix = readMatrix(checker, data);
  if (checker.problems.length === 0) return { ok: true, matrix };
  return {
    ok: false,
    // In file order, so the list can be worked through top to bottom (sort is stable for problems on one line).
    problems: checker.problems
      .map((p) => {
        const line = lineOf(doc, lines, p.path);
        return line === undefined ? { path: formatPath(p.path), message: p.message } : { path: formatPath(p.path), message: p.message, line };
      })
      .sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity)),
  };
}

export function formatProblems(problems: MatrixProblem[]): string {
  return problems
    .map((p) => {
      const where = [p.line !== undefined ? `line ${p.line}` : "", p.path].filter(Boolean).join(", ");
      return `  - ${where ? `${where}: ` : ""}${p.message}`;
    })
    .join("\n");
}
