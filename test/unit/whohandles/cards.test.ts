// Each who-handles card renders on both platforms from its sample data: Teams cards parse and validate as
// Adaptive Cards 1.5, Slack blocks stay inside Slack's limits, buttons carry the verbs and keys the handlers read.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CardRenderer } from "../../../src/adapters/cards/render";
import { parseMatrix } from "../../../src/core/matrix/format";
import type { Matrix } from "../../../src/core/matrix/model";
import { answerFor } from "../../../src/core/whohandles/answer";
import { awayNote, categoryPickerCard, matrixImportCard, matrixSummaryCard, whoHandlesCard } from "../../../src/core/whohandles/cards";
import { sampleOf as sample } from "../../support/card-samples";
import { executeActions, slackButtons } from "../../support/cards";

const renderer = new CardRenderer();
const parsed = parseMatrix(readFileSync(join(__dirname, "../../../prisma/seed/demo-matrix.yaml"), "utf8"));
const matrix = (parsed as { matrix: Matrix }).matrix;
const BUSINESS = new Date("2026-09-08T14:00:00Z");

test("the who-handles card's buttons: Open a ticket (text, category, card), Not this one, Show the matrix", () => {
  const { blocks } = renderer.render<{ blocks: any[] }>("slack", { name: "who-handles", data: sample("who-handles") });
  // "Open a ticket" in view; the others behind "..." (a phone's row holds one label this long and the menu).
  const buttons = slackButtons(blocks);
  expect(buttons.map((e: any) => e.action_id.replace(/:\d+$/, ""))).toEqual(["ticket-open", "whohandles-pick", "matrix-show"]);
  expect(blocks.find((b) => b.type === "actions").elements.map((e: any) => e.type)).toEqual(["button", "overflow"]);
  expect(JSON.parse(buttons[0].value)).toEqual({ text: "the printer on floor 2 won't print", category: "printers-scanners", card: "whohandles:cq0sample01" });
  const teams = renderer.render<Record<string, any>>("teams", { name: "who-handles", data: sample("who-handles") });
  expect(executeActions(teams).map((a) => a.verb)).toEqual(["ticket-open", "whohandles-pick", "matrix-show"]);
  expect(executeActions(teams).every((a) => a.data.card === "whohandles:cq0sample01" && !("key" in a.data))).toBe(true);
});

test("Slack's category select options carry the verb, question and category in under 150 characters", () => {
  const { blocks } = renderer.render<{ blocks: any[] }>("slack", { name: "category-picker", data: sample("category-picker") });
  const select = blocks.find((b) => b.accessory?.type === "static_select").accessory;
  expect(select.options).toHaveLength(matrix.categories.length);
  for (const o of select.options) {
    expect(o.value.length).toBeLessThanOrEqual(150);
    expect(JSON.parse(o.value)).toMatchObject({ verb: "whohandles-choose", q: "cq0sample01", category: expect.any(String) });
  }
});

test("a settled import card has no buttons", () => {
  const data = { ...sample("matrix-import"), status: "Applied", actions: { primary: [], more: [] } };
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
  expect(teams).toContain("$\u2060{title}");
});

describe("card data", () => {
  const printers = matrix.categories.find((c) => c.id === "printers-scanners")!;
  const apps = matrix.categories.find((c) => c.id === "business-applications")!;
  const ctx = { question: "q", q: "id1", key: "whohandles:id1" };

  test("one contact away: the other can take it, the owner stays", () => {
    const now = answerFor(matrix, printers, BUSINESS, new Set(["Alex Example"]));
    const card = whoHandlesCard(matrix, printers, now, ctx);
    expect(card.awayNote).toBe("Alex Example is out of office; Priya Natarajan can take it.");
    expect(card.answer).toBe("Internal IT (Maple Ridge Internal IT)");
    expect(card.facts.find((f) => f.title === "Contacts")?.value).toBe("Alex Example (out of office), Priya Natarajan");
  });

  test("everyone away and no backup: says so and points at the escalation path", () => {
    const now = answerFor(matrix, apps, BUSINESS, new Set(["Alex Example", "Priya Natarajan"]));
    expect(awayNote(matrix, now)).toBe("Alex Example and Priya Natarajan are out of office, and there is no backup: try the escalation path.");
    expect(whoHandlesCard(matrix, apps, now, ctx).facts.find((f) => f.title === "Backup")?.value).toBe("None");
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
    expect(card.actions.primary[0]!.data.text.length).toBe(500);
    expect(card.question.length).toBe(3000);
  });

  test("the picker offers three known alternatives (the three actions in view; every category behind \"Another category...\")", () => {
    const card = categoryPickerCard(matrix, { ...ctx, alternatives: ["nope", "meeting-rooms", "phones-voip", "websites-dns", "mobile-devices"] });
    expect(card.likely.map((a) => a.data.category)).toEqual(["meeting-rooms", "phones-voip", "websites-dns"]);
    expect(card.any.choices).toHaveLength(matrix.categories.length);
  });

  test("the summary warns once the quarterly review is overdue", () => {
    const review = (m: Matrix, at: string) => matrixSummaryCard(m, new Date(at)).facts.find((f) => f.title === "Next review")?.value;
    expect(review(matrix, "2026-11-30T15:00:00Z")).toBe("Tue 1 Dec 2026 (in 1 days)");
    expect(matrixSummaryCard(matrix, new Date("2026-11-30T15:00:00Z")).overdue).toBe("");
    expect(review(matrix, "2026-12-01T15:00:00Z")).toBe("Tue 1 Dec 2026 (today)");
    expect(matrixSummaryCard(matrix, new Date("2026-12-02T15:00:00Z")).overdue).toContain("was due on Tue 1 Dec 2026");
    expect(review({ ...matrix, lastReview: "2026-11-20" }, "2026-12-02T15:00:00Z")).toBe("Sat 20 Feb 2027 (in 80 days)");
  });

  test("the import card shows at most 25 changes and counts the rest", () => {
    const changes = Array.from({ length: 30 }, (_, i) => `change ${i}`);
    const card = matrixImportCard({ matrix, previousVersion: 3, changes, id: "i", key: "matrix-import:i" });
    expect(card.changes).toHaveLength(25);
    expect(card.more).toBe("…and 5 more changes.");
    expect(card.actions.primary.map((b) => b.verb)).toEqual(["matrix-import-apply", "matrix-import-cancel"]);
  });
});
