// The optional `excluded` list: what a matrix deliberately leaves out and who to ask instead. Validated like the
// rest of the file, kept through export and diff, and such questions get "not in the matrix: ask <redirect>".
import { parseMatrix, type MatrixProblem } from "../../../src/core/matrix/format";
import { diffMatrices, describeChanges } from "../../../src/core/matrix/diff";
import { matrixToYaml } from "../../../src/core/matrix/export";
import type { Matrix } from "../../../src/core/matrix/model";
import { CATEGORY_FEATURES, NONE_FEATURES, TREES_AT } from "../../../src/core/routing/features";
import { indexMatrix } from "../../../src/core/routing/matrix-index";
import { decide, routeQuestion } from "../../../src/core/routing/route";
import { answerQuestion } from "../../../src/core/whohandles/answer";

const BASE = `version: 1
effective: 2026-09-01
signedBy: ["A", "B"]
parties:
  internal: { name: "Inside", contacts: ["A"] }
  msp: { name: "Outside", contacts: ["B"] }
businessHours: { timezone: "Europe/Berlin", days: [mon, tue], start: "09:00", end: "17:00" }
categories:
  - id: printers
    name: Printers & copiers
    description: Office printers, copiers and scan to email.
    owner: internal
    backup: none
    afterHours: msp
    escalation: "Call the vendor."
    keywords: ["printer", "toner", "paper jam"]
  - id: security-cameras
    name: Network and Wi-Fi
    description: Switches, access points and the office internet.
    owner: msp
    backup: none
    afterHours: msp
    escalation: "Call the MSP."
    keywords: ["wifi", "switch", "internet"]
`;

const WITH_EXCLUDED = `${BASE}excluded:
  - name: Plotters in the drawing office
    description: The large-format plotters are leased and serviced by the reprographics vendor.
    keywords: ["plotter", "large format printer"]
    redirect: "the office manager (Reprographics contract)"
`;

function parsed(yaml: string): Matrix {
  const r = parseMatrix(yaml);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.path} ${p.message}`).join("; "));
  return r.matrix;
}

function problems(yaml: string): MatrixProblem[] {
  const r = parseMatrix(yaml);
  if (r.ok) throw new Error("expected the file to be refused");
  return r.problems;
}

describe("matrix field excluded", () => {
  test("is read with its redirect, and a matrix without it has none", () => {
    expect(parsed(WITH_EXCLUDED).excluded).toEqual([
      {
        name: "Plotters in the drawing office",
        description: "The large-format plotters are leased and serviced by the reprographics vendor.",
        keywords: ["plotter", "large format printer"],
        redirect: "the office manager (Reprographics contract)",
      },
    ]);
    expect(parsed(BASE).excluded).toBeUndefined();
  });

  test("is validated like the rest, every problem at once", () => {
    const found = problems(`${BASE}excluded:\n  - name: "Coffee"\n    keywords: "coffee"\n    redirct: "x"\n  - description: ""\n  - keywords: []\n`);
    const at = (path: string) => found.find((p) => p.path === path)?.message;
    expect(at("excluded[0].keywords")).toMatch(/must be a list/);
    expect(at("excluded[0].redirct")).toMatch(/unknown field; did you mean "redirect"/);
    expect(at("excluded[1].name")).toMatch(/required/);
    expect(at("excluded[1].description")).toMatch(/must not be empty/);
    expect(at("excluded[2].keywords")).toMatch(/needs keywords or a description/);
    expect(problems(`${BASE}excluded: "nothing"\n`)[0]).toMatchObject({ path: "excluded", message: "must be a list" });
  });

  test("survives export and shows in a diff", () => {
    const matrix = parsed(WITH_EXCLUDED);
    expect(parsed(matrixToYaml(matrix)).excluded).toEqual(matrix.excluded);
    expect(describeChanges(diffMatrices(parsed(BASE), matrix))).toContain('Not in the matrix (excluded): added "Plotters in the drawing office"');
  });

  test("a question about an excluded topic is not in the matrix, with who to ask instead", () => {
    const question = "the large format plotter in the drawing office is jammed again";
    expect(routeQuestion(parsed(BASE), question).category?.id).toBe("printers");
    const decision = routeQuestion(parsed(WITH_EXCLUDED), question);
    expect(decision).toMatchObject({ decision: "none", category: null, redirect: { topic: "Plotters in the drawing office", to: "the office manager (Reprographics contract)" } });
    const answer = answerQuestion(parsed(WITH_EXCLUDED), question, new Date("2026-09-07T10:00:00Z"));
    expect(answer.reason).toBe("The matrix leaves this out (Plotters in the drawing office): ask the office manager (Reprographics contract).");
    // The rest of the printers still go to the printers category.
    expect(routeQuestion(parsed(WITH_EXCLUDED), "the printer on floor 2 is out of toner").category?.id).toBe("printers");
  });

  test("when the out-of-scope trees decide, the excluded topic they rank before every category says who to ask", () => {
    const matrix = parsed(WITH_EXCLUDED);
    const index = indexMatrix(matrix);
    // Evidence built by hand, so the rule is tested whatever the trained models say: the linear model (one weight on the
    // first feature) puts printers a little ahead of the plotters topic and is sure of nothing; the candidate trees put
    // the plotters first; the out-of-scope trees say out of scope.
    const evidence = (linear: number, trees: number) => CATEGORY_FEATURES.map((_, i) => (i === 0 ? linear : i === TREES_AT ? trees : 0));
    const candidates = new Map([[0, evidence(1.1, -1)], [2, evidence(1, 1.5)]]);
    const weights = { category: CATEGORY_FEATURES.map((_, i) => (i === 0 ? 1 : 0)), none: NONE_FEATURES.map(() => 0), answerAt: 0.9 };
    const features = { candidates, none: NONE_FEATURES.map(() => 0), outOfScopeInputs: [], outOfScope: { p: 0.6, at: 0.3 } };
    expect(decide(matrix, index, features, weights)).toMatchObject({ decision: "none", redirect: { topic: "Plotters in the drawing office" } });
    // The trees ranking printers first: "not in the matrix", with no redirect.
    const printersFirst = new Map([[0, evidence(1.1, 2)], [2, evidence(1, 1.5)]]);
    expect(decide(matrix, index, { ...features, candidates: printersFirst }, weights).redirect).toBeUndefined();
    // The linear model's ranking still gives it when it puts the topic first (and above "not in the matrix").
    const linearFirst = new Map([[0, evidence(1, -1)], [2, evidence(1.5, -2)]]);
    expect(decide(matrix, index, { ...features, candidates: linearFirst }, weights).redirect).toMatchObject({ topic: "Plotters in the drawing office" });
  });
});
