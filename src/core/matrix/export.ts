// Writes a Matrix back as a matrix file that parseMatrix reads to the same Matrix, laid out like a hand-written one.
import { Document, isSeq, Scalar, type Node } from "yaml";
import type { Category, Matrix, PartyInfo } from "./model";

function partyNode(party: PartyInfo): Record<string, unknown> {
  return { name: party.name, contacts: party.contacts, ...(party.timezone ? { timezone: party.timezone } : {}), ...(party.people ? { people: party.people } : {}) };
}

function categoryNode(c: Category): Record<string, unknown> {
  const node: Record<string, unknown> = { id: c.id, name: c.name };
  if (c.description !== "") node.description = c.description;
  node.owner = c.owner;
  if (c.lead !== undefined) node.lead = c.lead;
  Object.assign(node, { backup: c.backup, afterHours: c.afterHours, escalation: c.escalation, keywords: c.keywords });
  if (c.examples.length > 0) node.examples = c.examples;
  if (c.severity !== undefined) node.severity = c.severity;
  if (c.contacts !== undefined) node.contacts = c.contacts;
  return node;
}

function flow(doc: Document, path: (string | number)[]): void {
  const node = doc.getIn(path, true) as Node | undefined;
  if (isSeq(node)) node.flow = true;
}

function quoted(doc: Document, path: (string | number)[]): void {
  const node = doc.getIn(path, true);
  if (node instanceof Scalar) node.type = Scalar.QUOTE_DOUBLE;
}

function spaced(doc: Document, path: (string | number)[]): void {
  if (path.length === 1) {
    // A top-level key's blank line belongs to its pair's key node.
    const pair = (doc.contents as { items?: { key: { spaceBefore?: boolean; value?: unknown } }[] } | null)?.items?.find((p) => (p.key as Scalar).value === path[0]);
    if (pair) pair.key.spaceBefore = true;
    return;
  }
  const node = doc.getIn(path, true) as { spaceBefore?: boolean } | undefined;
  if (node) node.spaceBefore = true;
}

export function matrixToYaml(matrix: Matrix): string {
  const hours = matrix.businessHours;
  const body: Record<string, unknown> = {
    version: matrix.version,
    effective: matrix.effective,
    signedBy: matrix.signedBy,
    parties: { internal: partyNode(matrix.parties.internal), msp: partyNode(matrix.parties.msp) },
    businessHours: { timezone: hours.timezone, days: hours.days, start: hours.start, end: hours.end, ...(hours.holidays.length ? { holidays: hours.holidays } : {}) },
  };
  if (matrix.lastReview !== undefined) body.lastReview = matrix.lastReview;
  // Numeric keys read better than quoted ones ("1": 30).
  if (matrix.slaMinutes !== undefined) body.slaMinutes = new Map(Object.entries(matrix.slaMinutes).map(([k, v]) => [Number(k), v]));
  body.categories = matrix.categories.map(categoryNode);
  if (matrix.excluded?.length) {
    body.excluded = matrix.excluded.map((e) => ({ name: e.name, ...(e.description ? { description: e.description } : {}), ...(e.keywords.length ? { keywords: e.keywords } : {}), ...(e.redirect ? { redirect: e.redirect } : {}) }));
  }

  const doc = new Document(body);
  doc.commentBefore = ` Responsibility matrix: ${matrix.parties.internal.name} and ${matrix.parties.msp.name}, version ${matrix.version}.`;
  for (const path of [["signedBy"], ["businessHours", "days"], ["businessHours", "holidays"], ["parties", "internal", "contacts"], ["parties", "msp", "contacts"]]) flow(doc, path);
  // Unquoted 08:30 is a number in YAML 1.1 readers; quote times so every reader agrees.
  quoted(doc, ["businessHours", "start"]);
  quoted(doc, ["businessHours", "end"]);
  for (const key of ["parties", "businessHours", "categories"]) spaced(doc, [key]);
  matrix.categories.forEach((_, i) => {
    if (i > 0) spaced(doc, ["categories", i]);
    flow(doc, ["categories", i, "keywords"]);
    flow(doc, ["categories", i, "contacts"]);
  });
  const slaNode = doc.getIn(["slaMinutes"], true) as { flow?: boolean } | undefined;
  if (slaNode) slaNode.flow = true;
  return doc.toString({ lineWidth: 120 });
}
