import { matrixToYaml } from "../../../src/core/matrix/export";
import { parseMatrix } from "../../../src/core/matrix/format";
import type { Matrix } from "../../../src/core/matrix/model";
import { demoMatrix } from "./demo-matrix";

function roundTrip(m: Matrix): Matrix {
  const result = parseMatrix(matrixToYaml(m));
  if (!result.ok) throw new Error(`exported matrix does not parse: ${JSON.stringify(result.problems)}`);
  return result.matrix;
}

describe("matrixToYaml", () => {
  test("the demo matrix survives export and re-import unchanged", () => {
    const m = demoMatrix();
    expect(roundTrip(m)).toEqual(m);
  });

  test("optional fields round-trip: lastReview, lead, contacts, people, 24:00 end, no holidays", () => {
    const m = demoMatrix();
    m.lastReview = "2026-11-20";
    m.businessHours = { ...m.businessHours, end: "24:00", holidays: [] };
    delete m.slaMinutes;
    delete m.parties.msp.people;
    m.categories[0] = { ...m.categories[0], contacts: ["Priya Natarajan"], examples: [], description: "" };
    expect(roundTrip(m)).toEqual(m);
  });

  test("strings YAML would read as something else stay strings", () => {
    const m = demoMatrix();
    m.categories[0] = {
      ...m.categories[0],
      name: "yes",
      description: "no: really # not a comment",
      escalation: "'quoted' and \"double\" and a: colon",
      keywords: ["404", "true", "null", "- dash", "2026-01-01", "[bracket]", "08:30"],
      examples: ["  leading spaces", "line one\nline two"],
    };
    m.signedBy = ["@at-sign person", "*star"];
    expect(roundTrip(m)).toEqual(m);
  });

  test("writes times quoted and keywords inline, like a hand-written file", () => {
    const text = matrixToYaml(demoMatrix());
    expect(text).toContain('start: "08:30"');
    expect(text).toContain("keywords: [ printer, printing, toner, paper jam, scan to email, scanner, copier ]");
    expect(text).toContain("slaMinutes: { 1: 30, 2: 120, 3: 480, 4: 1440 }");
    expect(text.indexOf("version:")).toBeLessThan(text.indexOf("categories:"));
  });
});
