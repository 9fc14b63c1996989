// Learned associations: which question words go with which words of the category that handled them, counted from
// labelled sets written by other people, read on a matrix none of them used; never evidence of a set's own answers
// when that set is scored; kept in step with how questions are read.
import { join } from "node:path";
import { Associations, readAssociationSets, shippedAssociations } from "../../../src/core/routing/associations";
import { indexMatrix } from "../../../src/core/routing/matrix-index";
import { routeQuestion, featuresFor, decide } from "../../../src/core/routing/route";
import { SHIPPED_WEIGHTS } from "../../../src/core/routing/model";
import { associationSets, setHash } from "../../../src/eval/associations";
import { associationsToScore, main } from "../../../src/eval/routing";
import { findSets, loadSet, type EvalSet } from "../../../src/eval/sets";
import { testCategory, testMatrix } from "../../support/routing-fixtures";

const FIXTURES = join(__dirname, "../../fixtures/routing");

function set(dir: string, categories: ReturnType<typeof testCategory>[], lines: [string, string | null][]): EvalSet {
  const matrix = testMatrix(categories);
  return { name: dir.split("/").pop()!, dir, matrix, ambiguous: new Set(), requests: lines.map(([text, expected], i) => ({ line: i + 1, text, expected, hour: "business" })) };
}

const remoteAndPrinters = (dir: string, remoteName: string) =>
  set(dir, [testCategory("remote", remoteName, "VPN and remote desktop for staff away from the office.", ["vpn"]), testCategory("print", "Printers", "Printers and toner.", ["printer"])], [
    ["it kicks me out every few minutes when I'm at home", "remote"],
    ["kicked out again while working from home", "remote"],
    ["keeps kicking me off from home", "remote"],
    ["the printer on two is jammed", "print"],
    ["where do I park my car now", null],
    ["is there parking for visitors", null],
    ["parking permit for the new lot", null],
  ]);

describe("learned associations", () => {
  const training = [remoteAndPrinters("/sets/a/one", "Remote Access & VPN"), remoteAndPrinters("/sets/b/two", "VPN and working from home")];
  const file = associationSets(training);
  const unseen = indexMatrix(
    testMatrix([
      testCategory("network", "Network", "Switches and Wi-Fi.", ["wifi"]),
      testCategory("remote-connection", "Remote connection", "Getting to the office systems from outside: VPN.", ["vpn"]),
      testCategory("printing", "Printing", "Office printers.", ["printer"]),
    ]),
  );

  test("a word other people's questions said with a category's words points to the category that says them, in a matrix they never saw", () => {
    const shares = new Associations(file).categoryShares(["kick"], unseen)!;
    expect(shares[1]).toBeGreaterThan(shares[0]);
    expect(shares[1]).toBeGreaterThan(shares[2]);
    // Counted without both groups, nothing was learned.
    expect(new Associations(file, () => true).categoryShares(["kick"], unseen)).toBeUndefined();
  });

  test("words of the questions a matrix did not cover raise 'not in the matrix'; other words never lower it", () => {
    const a = new Associations(file);
    expect(a.outsideLift(["park"])).toBeGreaterThan(0);
    expect(a.outsideLift(["kick"])).toBe(0);
  });

  test("sets from one folder, or with the same category ids (a translation), are one group", () => {
    const translated = remoteAndPrinters("/sets/c/one-es", "Acceso remoto y VPN");
    const groups = associationSets([...training, translated, set("/sets/d/other", [testCategory("x", "X", "x", ["x"])], [])]).sets.map((s) => s.group);
    expect(groups[0]).toBe(groups[1]);
    expect(groups[2]).toBe(groups[0]);
    expect(groups[3]).not.toBe(groups[0]);
  });

  test("the issue's indirect description reaches the remote-access category through what other people's questions taught", () => {
    const matrix = testMatrix([
      testCategory("remote", "Remote Access & VPN", "Working from outside the office: the VPN and remote desktop.", ["VPN", "remote desktop"]),
      testCategory("network", "Network", "Switches, Wi-Fi, internet connection and firewalls.", ["wifi", "internet", "firewall"]),
      testCategory("files", "File shares", "Shared drives and folder permissions.", ["shared drive", "permissions"]),
      testCategory("printing", "Printers", "Office printers and copiers.", ["printer", "toner"]),
    ]);
    const text = "the thing that lets me get to the office files from home kicks me out";
    const first = (d: ReturnType<typeof routeQuestion>) => d.category?.id;
    const taught = routeQuestion(matrix, text);
    expect(first(taught)).toBe("remote");
    // Without them it is at most a weak guess (the shared files' words, or nothing the matrix names).
    const { index, features } = featuresFor(matrix, text, [], new Associations({ vocabulary: [], sets: [] }));
    const untaught = decide(matrix, index, features, SHIPPED_WEIGHTS);
    if (first(untaught) === "remote") expect(untaught.confidence).toBeLessThan(taught.confidence / 2);
  });

  test("the evaluation tool scores a set the associations were counted from without it and the sets written with it", () => {
    const dental = loadSet(join(FIXTURES, "shared-2026-11/dental"));
    const counted = associationsToScore(dental)!;
    expect(counted).toBeDefined();
    for (const name of ["accounting", "dental", "manufacturing", "dental-fr", "dental-es"]) expect(counted.sets).not.toContain(name);
    expect(counted.sets).toContain("creditunion");
    expect(counted.sets.length).toBeLessThan(shippedAssociations().sets.length);
    // A set they were not counted from is scored with the shipped ones.
    expect(associationsToScore(remoteAndPrinters("/elsewhere/x", "VPN"))).toBeUndefined();
  });

  test("the evaluation report says which sets were scored without what they taught", async () => {
    const out: string[] = [];
    expect(await main([join(FIXTURES, "shared-2026-11/dental")], {}, (t) => out.push(t))).toBe(0);
    expect(out.join("\n")).toContain("Learned associations: dental scored with them counted without the set and the sets written with it");
  });

  test("the shipped file reads questions as the router reads them now (run npm run knowledge:associations after editing the knowledge)", () => {
    const shipped = readAssociationSets();
    for (const fixture of findSets([join(FIXTURES, "sets-2026-12-10")])) {
      const entry = shipped.sets.find((s) => s.hash === setHash(fixture));
      expect(entry).toBeDefined();
      const now = associationSets([fixture]);
      const words = (f: typeof now, ids: number[]) => ids.map((i) => f.vocabulary[i]).sort();
      expect(entry!.questions.map(([gold, ...q]) => [gold, ...words(shipped, q)])).toEqual(now.sets[0].questions.map(([gold, ...q]) => [gold, ...words(now, q)]));
      expect(entry!.categories.map((c) => words(shipped, c))).toEqual(now.sets[0].categories.map((c) => words(now, c)));
    }
  });
});
