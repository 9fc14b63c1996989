import { readdirSync, readFileSync } from "fs";
import { join } from "path";
import { findPlaybook, getPlaybook, loadPlaybookSet, matchPlaybooks, type PlaybookFile } from "../../../src/core/incidents/playbook-set";
import { SAMPLE_YAML } from "./sample-playbook";

const DIR = join(__dirname, "../../../prisma/seed/playbooks");
const defaults: PlaybookFile[] = readdirSync(DIR)
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => ({ source: f, text: readFileSync(join(DIR, f), "utf8") }));

describe("loadPlaybookSet", () => {
  test("loads the shipped defaults without problems", () => {
    const { set, problems } = loadPlaybookSet(defaults);
    expect(problems).toEqual([]);
    expect(set.playbooks).toHaveLength(defaults.length);
    expect(Object.values(set.origins).every((o) => o === "default")).toBe(true);
  });

  test("a client file with a default's id replaces it; a new id is added for that client only", () => {
    const ransomware = defaults.find((f) => f.source === "ransomware.yaml")!;
    const override = { source: "acme/ransomware.yaml", text: ransomware.text.replace("name: Ransomware / mass encryption", "name: Acme ransomware") };
    const own = { source: "acme/sample.yaml", text: SAMPLE_YAML };
    const { set, problems } = loadPlaybookSet(defaults, [override, own]);
    expect(problems).toEqual([]);
    expect(getPlaybook(set, "ransomware")?.name).toBe("Acme ransomware");
    expect(set.origins).toMatchObject({ ransomware: "override", "sample-outage": "client", "server-down": "default" });
    expect(set.playbooks.filter((p) => p.id === "ransomware")).toHaveLength(1);
    expect(set.playbooks).toHaveLength(defaults.length + 1);
  });

  test("an invalid override is reported with its source and the default stays in force", () => {
    const broken = { source: "acme/ransomware.yaml", text: "id: ransomware\nname: Broken\nseverity: 1\n" };
    const { set, problems } = loadPlaybookSet(defaults, [broken]);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.source === "acme/ransomware.yaml")).toBe(true);
    expect(getPlaybook(set, "ransomware")?.name).toBe("Ransomware / mass encryption");
  });

  test("two files with one id in the same layer are refused", () => {
    const { problems } = loadPlaybookSet([{ source: "a.yaml", text: SAMPLE_YAML }, { source: "b.yaml", text: SAMPLE_YAML }]);
    expect(problems).toEqual([{ source: "b.yaml", path: "id", message: expect.stringContaining("a.yaml") }]);
  });
});

describe("findPlaybook", () => {
  const { set } = loadPlaybookSet(defaults);
  test.each([
    ["ransomware", "ransomware"],
    ["Ransomware!", "ransomware"],
    ["files encrypted", "ransomware"],
    ["payments", "payments-down"],
    ["card terminals down", "payments-down"],
    ["email compromise", "business-email-compromise"],
    ["BEC", "business-email-compromise"],
    ["phishing", "business-email-compromise"],
    ["server down", "server-down"],
    ["ERP down", "server-down"],
    ["data breach", "data-breach"],
    ["data-breach", "data-breach"],
  ])("%s -> %s", (query, id) => {
    expect(findPlaybook(set, query)?.id).toBe(id);
  });

  test("nothing for an unrelated or ambiguous query", () => {
    expect(findPlaybook(set, "printer jam")).toBeNull();
    expect(findPlaybook(set, "")).toBeNull();
    // "down" fits both server-down and payments-down equally: ask, don't guess.
    expect(findPlaybook(set, "down")).toBeNull();
    expect(matchPlaybooks(set, "down").map((m) => m.playbook.id)).toEqual(expect.arrayContaining(["server-down", "payments-down"]));
  });
});
