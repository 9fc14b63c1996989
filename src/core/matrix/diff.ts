// What changed between two matrix versions, in terms both signers care about (who owns what, when, how it escalates).
// Categories are matched by id: a changed name is a rename, a changed id is a removal plus an addition.
import { formatMinutes } from "../duration";
import type { BusinessHours, Category, Matrix, Party } from "./model";

export type CategoryField = "owner" | "lead" | "backup" | "afterHours" | "escalation" | "description" | "severity";
export type CategoryListField = "keywords" | "examples" | "contacts";

export type MatrixChange =
  | { kind: "version"; from: number; to: number }
  | { kind: "effective"; from: string; to: string }
  | { kind: "category-added"; id: string; name: string; owner: Category["owner"] }
  | { kind: "category-removed"; id: string; name: string }
  | { kind: "category-renamed"; id: string; from: string; to: string }
  | { kind: "category-field"; id: string; name: string; field: CategoryField; from: string | number | null; to: string | number | null }
  | { kind: "category-list"; id: string; name: string; field: CategoryListField; added: string[]; removed: string[] }
  | { kind: "timezone"; from: string; to: string }
  | { kind: "business-hours"; from: string; to: string }
  | { kind: "holidays"; added: string[]; removed: string[] }
  | { kind: "party-renamed"; party: Party; from: string; to: string }
  | { kind: "party-contacts"; party: Party; added: string[]; removed: string[] }
  | { kind: "sla"; severity: string; from: number | null; to: number | null }
  | { kind: "excluded"; added: string[]; removed: string[] };

const FIELDS: CategoryField[] = ["owner", "lead", "backup", "afterHours", "escalation", "description", "severity"];
const LIST_FIELDS: CategoryListField[] = ["keywords", "examples", "contacts"];

function setDiff(a: readonly string[], b: readonly string[]): { added: string[]; removed: string[] } {
  return { added: b.filter((x) => !a.includes(x)), removed: a.filter((x) => !b.includes(x)) };
}

function hoursText(h: BusinessHours): string {
  return `${h.days.join(", ")} ${h.start}-${h.end}`;
}

function categoryChanges(a: Category, b: Category): MatrixChange[] {
  const changes: MatrixChange[] = [];
  if (a.name !== b.name) changes.push({ kind: "category-renamed", id: b.id, from: a.name, to: b.name });
  for (const field of FIELDS) {
    const from = a[field] ?? null;
    const to = b[field] ?? null;
    if (from !== to) changes.push({ kind: "category-field", id: b.id, name: b.name, field, from, to });
  }
  for (const field of LIST_FIELDS) {
    const { added, removed } = setDiff(a[field] ?? [], b[field] ?? []);
    if (added.length || removed.length) changes.push({ kind: "category-list", id: b.id, name: b.name, field, added, removed });
  }
  return changes;
}

export function diffMatrices(a: Matrix, b: Matrix): MatrixChange[] {
  const changes: MatrixChange[] = [];
  if (a.version !== b.version) changes.push({ kind: "version", from: a.version, to: b.version });
  if (a.effective !== b.effective) changes.push({ kind: "effective", from: a.effective, to: b.effective });
  for (const party of ["internal", "msp"] as const) {
    const [pa, pb] = [a.parties[party], b.parties[party]];
    if (pa.name !== pb.name) changes.push({ kind: "party-renamed", party, from: pa.name, to: pb.name });
    const contacts = setDiff(pa.contacts, pb.contacts);
    if (contacts.added.length || contacts.removed.length) changes.push({ kind: "party-contacts", party, ...contacts });
  }
  const [ha, hb] = [a.businessHours, b.businessHours];
  if (ha.timezone !== hb.timezone) changes.push({ kind: "timezone", from: ha.timezone, to: hb.timezone });
  if (hoursText(ha) !== hoursText(hb)) changes.push({ kind: "business-hours", from: hoursText(ha), to: hoursText(hb) });
  const holidays = setDiff(ha.holidays, hb.holidays);
  if (holidays.added.length || holidays.removed.length) changes.push({ kind: "holidays", ...holidays });
  for (const severity of ["1", "2", "3", "4"] as const) {
    const from = a.slaMinutes?.[severity] ?? null;
    const to = b.slaMinutes?.[severity] ?? null;
    if (from !== to) changes.push({ kind: "sla", severity, from, to });
  }

  const excluded = setDiff((a.excluded ?? []).map((e) => e.name), (b.excluded ?? []).map((e) => e.name));
  if (excluded.added.length || excluded.removed.length) changes.push({ kind: "excluded", ...excluded });

  const before = new Map(a.categories.map((c) => [c.id, c]));
  const after = new Map(b.categories.map((c) => [c.id, c]));
  for (const c of a.categories) if (!after.has(c.id)) changes.push({ kind: "category-removed", id: c.id, name: c.name });
  for (const c of b.categories) {
    const old = before.get(c.id);
    if (!old) changes.push({ kind: "category-added", id: c.id, name: c.name, owner: c.owner });
    else changes.push(...categoryChanges(old, c));
  }
  return changes;
}

function listText(added: string[], removed: string[]): string {
  return [added.length ? `added ${added.map((x) => `"${x}"`).join(", ")}` : "", removed.length ? `removed ${removed.map((x) => `"${x}"`).join(", ")}` : ""]
    .filter(Boolean)
    .join("; ");
}

const FIELD_LABEL: Record<CategoryField, string> = {
  owner: "owner",
  lead: "joint lead",
  backup: "backup",
  afterHours: "after hours",
  escalation: "escalation",
  description: "description",
  severity: "default severity",
};

function value(v: string | number | null): string {
  return v === null ? "(none)" : typeof v === "string" && v.includes(" ") ? `"${v}"` : String(v);
}

export function describeChange(c: MatrixChange): string {
  switch (c.kind) {
    case "version": return `Version ${c.from} -> ${c.to}`;
    case "effective": return `Effective date ${c.from} -> ${c.to}`;
    case "category-added": return `Added category ${c.name} (${c.id}), owner ${c.owner}`;
    case "category-removed": return `Removed category ${c.name} (${c.id})`;
    case "category-renamed": return `Renamed category ${c.id}: "${c.from}" -> "${c.to}"`;
    case "category-field": return `${c.name} (${c.id}): ${FIELD_LABEL[c.field]} ${value(c.from)} -> ${value(c.to)}`;
    case "category-list": return `${c.name} (${c.id}): ${c.field} ${listText(c.added, c.removed)}`;
    case "timezone": return `Time zone ${c.from} -> ${c.to}`;
    case "business-hours": return `Business hours ${c.from} -> ${c.to}`;
    case "holidays": return `Holidays ${listText(c.added, c.removed)}`;
    case "party-renamed": return `${c.party === "internal" ? "Internal" : "MSP"} party renamed "${c.from}" -> "${c.to}"`;
    case "party-contacts": return `${c.party === "internal" ? "Internal" : "MSP"} contacts ${listText(c.added, c.removed)}`;
    case "excluded": return `Not in the matrix (excluded): ${listText(c.added, c.removed)}`;
    case "sla": return `Sev-${c.severity} SLA ${c.from === null ? "(none)" : formatMinutes(c.from)} -> ${c.to === null ? "(none)" : formatMinutes(c.to)}`;
  }
}

export function describeChanges(changes: MatrixChange[]): string[] {
  return changes.map(describeChange);
}
