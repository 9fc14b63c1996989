// Each who-handles card renders on both platforms from its sample data: Teams cards parse and validate as
// Adaptive Cards 1.5, Slack blocks stay inside Slack's limits, buttons carry the verbs and keys the handlers read.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CardRenderer } from "../../../src/adapters/cards/render";
import { parseMatrix } from "../../../src/core/matrix/format";
import type { Matrix } from "../../../src/core/matrix/model";
import { answerFor } from "../../../src/core/whohandles/answer";
import { awayNote, categoryPickerCard, matrixImportCard, matrixSummaryCard, whoHandlesCard } from "../../../src/core/whohandles/cards";
import { adaptiveCardProblems, cardSample as sample, executeActions, slackBlockProblems } from "../../support/cards";

const CARDS = ["who-handles", "not-in-matrix", "category-picker", "matrix-summary", "matrix-import"];
const renderer = new CardRenderer();
const parsed = parseMatrix(readFileSync(join(__dirname, "../../../prisma/seed/demo-matrix.yaml"), "utf8"));
const matrix = (parsed as { matrix: Matrix }).matrix;
const BUSINESS = new Date("2026-09-08T14:00:00Z");

describe.each(CARDS)("card %s", (name) => {
  test("Teams: a valid Adaptive Card 1.5 whose Action.Execute buttons carry a verb and the card key", () => {
    const card = renderer.render<Record<string, any>>("teams", { name, data: sample(name) });
    expect(card.version).toBe("1.5");
    expect(adaptiveCardProblems(card)).toEqual([]);
    for (const a of executeActions(card)) {
      expect(a.verb).toMatch(/^(ticket-open|whohandles-(pick|choose|ask)|matrix-(show|import-apply|import-cancel))$/);
      expect(typeof a.data.key).toBe("string");
    }
  });

  test("Slack: blocks within limits, unique action ids, JSON button values with the card key", () => {
    const { blocks } = renderer.render<{ blocks: any[] }>("slack", { name, data: sample(name) });
    expect(slackBlockProblems(blocks)).toEqual([]);
    for (const b of blocks.filter((b) => b.type === "actions")) {
      for (const e of b.elements) expect(JSON.parse(e.value).key).toMatch(/^(whohandles|matrix-import):/);
    }
  });
});

test("the who-handles card's buttons: Open a ticket (text, category, key), Not this one, Show the matrix", () => {
  const { blocks } = renderer.render<{ blocks: any[] }>("slack", { name: "who-handles", data: sample("who-handles") });
  const actions = blocks.find((b) => b.type === "actions").elements;
  expect(actions.map((a: any) => a.action_id)).toEqual(["ticket-open", "whohandles-pick", "matrix-show"]);
  expect(JSON.parse(actions[0].value)).toEqual({ text: "the printer on floor 2 is jammed", category: "printers-scanners", key: "whohandles:cmf0sample00question0001" });
  const teams = renderer.render<Record<string, any>>("teams", { name: "who-handles", data: sample("who-handles") });
  expect(teams.actions.map((a: any) => [a.title, a.verb])).toEqual([["Open a ticket", "ticket-open"], ["Not this one", "whohandles-pick"], ["Show the matrix", "matrix-show"]]);
});

test("Slack's category select options carry the question and the category in under 150 characters", () => {
  const { blocks } = renderer.render<{ blocks: any[] }>("slack", { name: "category-picker", data: sample("category-picker") });
  const select = blocks.find((b) => b.accessory?.type === "static_select").accessory;
  expect(select.action_id).toBe("whohandles-choose");
  for (const o of select.options) {
    expect(o.value.length).toBeLessThanOrEqual(150);
    expect(JSON.parse(o.value)).toEqual({ q: "cmf0sample00question0001", category: expect.any(String) });
  }
});

test("a settled import card has no buttons", () => {
  const data = { ...sample("matrix-import"), status: "Applied", pending: false };
  expect(renderer.render<Record<string, any>>("teams", { name: "matrix-import", data }).actions).toEqual([]);
  const { blocks } = renderer.render<{ blocks: any[] }>("slack", { name: "matrix-import", data });
  expect(blocks.some((b) => b.type === "actions")).toBe(false);
});

test("user text in a card is data: no Slack pings, no Teams links, no template expressions", () => {
  const data = { ...sample("who-handles"), question: "<!channel> see [this](http://evil.example) ${title}" };
  const slack = JSON.stringify(renderer.render("slack", { name: "who-handles", data }));
  expect(slack).not.toContain("<!channel>");
  const teams = JSON.stringify(renderer.render("teams", { name: "who-handles", data }));
  expect(teams).not.toContain("](http");
  // The user's "${title}" stays text: it is not expanded into the category name.
  expect(teams).toContain("$\u200B{title}");
});

describe("card data", () => {
  const printers = matrix.categories.find((c) => c.id === "printers-scanners")!;
  const apps = matrix.categories.find((c) => c.id === "business-applications")!;
  const ctx = { question: "q", q: "id1", key: "whohandles:id1" };

  test("one contact away: the other can take it, the owner stays", () => {
    const now = answerFor(matrix, printers, BUSINESS, new Set(["Alex Example"]));
    const card = whoHandlesCard(matrix, printers, now, ctx);
    expect(card.awayNote).toBe("Alex Example is out of office; Priya Natarajan can take it.");
    expect(card.owner).toBe("Internal IT (Maple Ridge Internal IT)");
    expect(card.contacts).toBe("Alex Example (out of office), Priya Natarajan");
  });

  test("everyone away and no backup: says so and points at the escalation path", () => {
    const now = answerFor(matrix, apps, BUSINESS, new Set(["Alex Example", "Priya Natarajan"]));
    expect(awayNote(matrix, now)).toBe("Alex Example and Priya Natarajan are out of office, and there is no backup: try the escalation path.");
    expect(whoHandlesCard(matrix, apps, now, ctx).backup).toBe("None");
  });

  test("nobody away: no note; a pick shows who picked instead of the confidence", () => {
    const now = answerFor(matrix, printers, BUSINESS);
    const card = whoHandlesCard(matrix, printers, now, { ...ctx, confidence: 0.5, pickedBy: "Alice" });
    expect(card.awayNote).toBe("");
    expect(card.footer).toContain("category picked by Alice");
    expect(card.footer).not.toContain("confidence");
  });

  test("long questions are cut in button data (Slack's 2000-character value limit)", () => {
    const card = whoHandlesCard(matrix, printers, answerFor(matrix, printers, BUSINESS), { ...ctx, question: "x".repeat(3000) });
    expect(card.ticket.text.length).toBe(500);
    expect(card.question.length).toBe(3000);
  });

  test("the picker offers at most three known alternatives and every category", () => {
    const card = categoryPickerCard(matrix, { ...ctx, alternatives: ["nope", "meeting-rooms", "phones-voip", "websites-dns", "mobile-devices"] });
    expect(card.alternatives.map((a) => a.data.category)).toEqual(["meeting-rooms", "phones-voip", "websites-dns"]);
    expect(card.categories).toHaveLength(matrix.categories.length);
  });

  test("the summary warns once the quarterly review is overdue", () => {
    expect(matrixSummaryCard(matrix, new Date("2026-11-30T15:00:00Z"))).toMatchObject({ review: "2026-12-01 (in 1 days)", overdue: "" });
    expect(matrixSummaryCard(matrix, new Date("2026-12-01T15:00:00Z")).review).toBe("2026-12-01 (today)");
    expect(matrixSummaryCard(matrix, new Date("2026-12-02T15:00:00Z")).overdue).toContain("was due on 2026-12-01");
    expect(matrixSummaryCard({ ...matrix, lastReview: "2026-11-20" }, new Date("2026-12-02T15:00:00Z"))).toMatchObject({ review: "2027-02-20 (in 80 days)", overdue: "" });
  });

  test("the import card shows at most 25 changes and counts the rest", () => {
    const changes = Array.from({ length: 30 }, (_, i) => `change ${i}`);
    const card = matrixImportCard({ matrix, previousVersion: 3, changes, id: "i", key: "matrix-import:i" });
    expect(card.changes).toHaveLength(25);
    expect(card.more).toBe("…and 5 more changes.");
    expect(card.pending).toBe(true);
  });
});
