// Words are taken straight from plain Latin text (runs of letters and digits split by single spaces) instead of going
// through Unicode word segmentation: that shortcut must give exactly what segmentation gives, on every knowledge phrase
// and every evaluation message Tandem has, and on the shapes segmentation treats specially.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { KNOWLEDGE_DIR } from "../../../src/core/routing/knowledge-files";
import { segmentWords, stem, words } from "../../../src/core/routing/text";
import { routeQuestion } from "../../../src/core/routing/route";
import { testCategory, testMatrix } from "../../support/routing-fixtures";

function texts(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...texts(file));
    else if (/\.(yaml|txt|jsonl)$/.test(entry.name)) {
      for (const line of readFileSync(file, "utf8").split("\n")) out.push(line, ...line.split(/[,:[\]"{}]/).map((part) => part.trim()));
    }
  }
  return out;
}

describe("words", () => {
  it("gives what Unicode word segmentation gives, on all the knowledge and every routing set", () => {
    const corpus = [...texts(KNOWLEDGE_DIR), ...texts(join(__dirname, "../../fixtures/routing"))];
    expect(corpus.length).toBeGreaterThan(100_000);
    const differing = corpus.filter((t) => JSON.stringify(words(t)) !== JSON.stringify(segmentWords(t)));
    expect(differing.slice(0, 5)).toEqual([]);
  });

  it("agrees on the shapes segmentation treats specially", () => {
    const shapes = ["can't log in", "l'imprimante", "8x8 phone", "Office 365", "U.S. office", "e-mail", "wi-fi",
      "3.5 GB", "café  double space", " leading", "trailing ", "naïve résumé", "straße", "Ωmega", "日本語 text", "ǅemal",
      "ª or º", "x × y", "tab\there", "año", "dañado", "O'Brien's laptop", ""];
    for (const shape of shapes) expect([shape, words(shape)]).toEqual([shape, segmentWords(shape)]);
  });
});

describe("stem", () => {
  it("brings British spellings to the American ones the knowledge is written in", () => {
    for (const [british, american] of [["licence", "license"], ["licences", "licenses"], ["organisation", "organization"], ["centre", "center"], ["colour", "color"], ["synchronise", "synchronize"], ["fibre", "fiber"], ["catalogue", "catalog"], ["authorised", "authorized"]]) {
      expect(stem(british, "en")).toBe(stem(american, "en"));
    }
    // A British word that is another American word stays itself: a cheque is not "check".
    expect(stem("cheque", "en")).not.toBe(stem("check", "en"));
  });

  it("routes a British question to an American matrix's words, and the other way round", () => {
    const first = (d: ReturnType<typeof routeQuestion>) => (d.decision === "answer" ? d.category?.id : d.choices[0]);
    const american = testMatrix([
      testCategory("color", "Color printing", "Color output and its cost.", ["color"], { owner: "msp" }),
      testCategory("copiers", "Copiers and scanners", "Copiers, scanning to email, scanners.", ["copier", "scanner"], { owner: "internal" }),
    ]);
    // Spelt either way, the question is read the same, and the colour category is the one its colour word names.
    const british = (text: string) => routeQuestion(american, text);
    expect(british("the colour on the copier looks washed out")).toEqual(british("the color on the copier looks washed out"));
    expect(first(routeQuestion(american, "the colour prints look washed out"))).toBe("color");
    const britishMatrix = testMatrix([
      testCategory("colour", "Colour printing", "Colour output and its cost.", ["colour"], { owner: "msp" }),
      testCategory("copiers", "Copiers and scanners", "Copiers, scanning to email, scanners.", ["copier", "scanner"], { owner: "internal" }),
    ]);
    expect(routeQuestion(britishMatrix, "the color on the copier looks washed out")).toEqual(routeQuestion(britishMatrix, "the colour on the copier looks washed out"));
    expect(first(routeQuestion(britishMatrix, "the color prints look washed out"))).toBe("colour");
  });
});
