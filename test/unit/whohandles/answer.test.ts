import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseMatrix } from "../../../src/core/matrix/format";
import type { Matrix } from "../../../src/core/matrix/model";
import { answerQuestion, peopleToCheck } from "../../../src/core/whohandles/answer";
import { questionText } from "../../../src/core/whohandles/asking";

const demo = (parseMatrix(readFileSync(join(__dirname, "../../fixtures/matrix/demo.yaml"), "utf8")) as { matrix: Matrix }).matrix;
const BUSINESS = new Date("2026-09-08T14:00:00Z");
const EVENING = new Date("2026-09-08T23:00:00Z");

describe("answerQuestion", () => {
  test("every named owner contact away: the effective side is the backup, and the away names are listed", () => {
    const a = answerQuestion(demo, "the printer on floor 2 is jammed", BUSINESS, { away: new Set(["Alex Example", "Priya Natarajan"]) });
    expect(a).toMatchObject({ category: "printers-scanners", owner: "internal", leadSide: "internal", effectiveSide: "msp", away: ["Alex Example", "Priya Natarajan"] });
    expect(a.reason).toContain("every named contact is away, so the MSP should act");
  });

  test("someone away who is not a contact of the side holding it changes nothing", () => {
    const a = answerQuestion(demo, "the printer on floor 2 is jammed", EVENING, { away: new Set(["Alex Example"]) });
    expect(a).toMatchObject({ owner: "msp", effectiveSide: "msp", away: [] });
  });

  test("a picked category is answered as is, with full confidence", () => {
    const a = answerQuestion(demo, "something odd", BUSINESS, { categoryId: "websites-dns" });
    expect(a).toMatchObject({ category: "websites-dns", confidence: 1, owner: "msp" });
  });

  test("a learned phrasing routes to its category", () => {
    const phrase = "the badge reader at the back door beeps red";
    expect(answerQuestion(demo, phrase, BUSINESS).category).toBeNull();
    expect(answerQuestion(demo, phrase, BUSINESS, { learned: [{ phrase, categoryId: "meeting-rooms" }] }).category).toBe("meeting-rooms");
  });
});

describe("peopleToCheck", () => {
  test("only the named contacts of the side holding it now, with a directory id", () => {
    const printers = demo.categories.find((c) => c.id === "printers-scanners")!;
    expect(peopleToCheck(demo, printers, BUSINESS).map((p) => p.name)).toEqual(["Alex Example", "Priya Natarajan"]);
    expect(peopleToCheck(demo, printers, EVENING).map((p) => p.name)).toEqual(["Sam Sample", "Bluefin NOC"]);
  });
});

describe("questionText", () => {
  test.each([
    ["handles the printer on floor 2?", "the printer on floor 2"],
    ["owns VPN", "VPN"],
    ["is responsible for payroll ??", "payroll"],
    ["handles this: wifi down", "wifi down"],
    ["", ""],
  ])("%j -> %j", (raw, text) => {
    expect(questionText(raw)).toBe(text);
  });
});
