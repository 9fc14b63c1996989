import { readdirSync, readFileSync } from "fs";
import { join } from "path";
import { parsePlaybook, type PlaybookProblem } from "../../../src/core/incidents/playbook";
import { SAMPLE_YAML } from "./sample-playbook";

const DIR = join(__dirname, "../../../prisma/seed/playbooks");
const shipped = readdirSync(DIR).filter((f) => f.endsWith(".yaml"));

function problemsOf(yamlText: string): PlaybookProblem[] {
  const result = parsePlaybook(yamlText);
  if (result.ok) throw new Error("expected problems, got a valid playbook");
  return result.problems;
}

describe("shipped playbooks", () => {
  test.each(shipped)("%s validates", (file) => {
    const result = parsePlaybook(readFileSync(join(DIR, file), "utf8"), file);
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  test("cover the five sev-1 scenarios, each with an approval step, deadlines and an MSP escalation path", () => {
    const playbooks = shipped.map((f) => {
      const r = parsePlaybook(readFileSync(join(DIR, f), "utf8"));
      if (!r.ok) throw new Error(f);
      return r.playbook;
    });
    expect(playbooks.map((p) => p.id).sort()).toEqual(
      expect.arrayContaining(["business-email-compromise", "data-breach", "payments-down", "ransomware", "server-down"]),
    );
    for (const p of playbooks) {
      expect(p.severity).toBe(1);
      expect(p.steps.some((s) => s.needsApproval)).toBe(true);
      expect(p.steps.some((s) => s.deadlineMinutes !== undefined)).toBe(true);
      expect(p.escalation.length).toBeGreaterThanOrEqual(2);
      expect(p.roles.map((r) => r.id)).toEqual(expect.arrayContaining(["incident-lead", "client-approver"]));
    }
  });

  test("ransomware says isolate without powering off, protect backups, and who may isolate", () => {
    const r = parsePlaybook(readFileSync(join(DIR, "ransomware.yaml"), "utf8"));
    if (!r.ok) throw new Error("invalid");
    const isolate = r.playbook.steps.find((s) => s.id === "isolate-hosts");
    expect(isolate?.text).toMatch(/do not power them off/);
    expect(r.playbook.steps.map((s) => s.id)).toEqual(expect.arrayContaining(["protect-backups", "preserve-evidence", "notify-insurer"]));
    expect(r.playbook.authorities.find((a) => a.id === "isolate-endpoint")?.holders).toContain("technical-lead");
  });
});

describe("parsePlaybook", () => {
  test("reads steps, defaults and the escalation path", () => {
    const r = parsePlaybook(SAMPLE_YAML);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.playbook.steps.find((s) => s.id === "restore")).toMatchObject({ needsApproval: true, party: "msp" });
    expect(r.playbook.steps.find((s) => s.id === "confirm")).toMatchObject({ needsApproval: false, deadlineMinutes: 15 });
    expect(r.playbook.escalation).toEqual(["oncall", "lead", "manager"]);
  });

  test("without an escalation list, the MSP contacts of the tree are paged in order", () => {
    const r = parsePlaybook(SAMPLE_YAML.replace("escalation: [oncall, lead, manager]\n", ""));
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.playbook.escalation).toEqual(["oncall", "lead", "manager"]);
  });

  test("a YAML syntax error is reported with its line", () => {
    const problems = problemsOf("id: x\nname: [unclosed\nseverity: 1\n");
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0].path).toMatch(/^line \d+, column \d+$/);
    expect(problems[0].message).not.toMatch(/at line/);
  });

  test("with a source, every problem names the file", () => {
    const r = parsePlaybook("id: x\n", "acme/x.yaml");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.every((p) => p.source === "acme/x.yaml")).toBe(true);
  });

  test("a document that is not a mapping is refused", () => {
    expect(problemsOf("- just\n- a list\n")[0]).toMatchObject({ path: "", message: expect.stringContaining("mapping") });
  });

  test("lists every problem at once, each with its path", () => {
    const bad = SAMPLE_YAML.replace("name: Sample outage\n", "") // missing name
      .replace("party: internal }\n  - { id: client-approver", "party: vendor }\n  - { id: client-approver") // bad party
      .replace("role: communications, deadlineMinutes: 60", "role: comms, deadlineMinutes: -5") // unknown role + negative
      .replace("id: tell-staff", "id: isolate") // duplicate step id
      .replace("severity: 1", "severity: 9");
    const problems = problemsOf(bad);
    const at = (path: string) => problems.filter((p) => p.path === path).map((p) => p.message).join(" / ");
    expect(at("name")).toMatch(/required/);
    expect(at("severity")).toMatch(/1 to 4/);
    expect(at("roles[2].party")).toMatch(/internal, msp, joint.*'vendor'/);
    expect(at("steps[3].role")).toMatch(/unknown role 'comms'/);
    expect(at("steps[3].deadlineMinutes")).toMatch(/greater than 0.*-5/);
    expect(at("steps[3].id")).toMatch(/duplicate step id 'isolate'/);
    expect(problems.length).toBe(6);
  });

  test("an approval step without a client-approver role is refused", () => {
    const noApprover = SAMPLE_YAML.replace("  - { id: client-approver, name: Client approver, party: internal }\n", "")
      .replace("caller: client-approver", "caller: incident-lead");
    const problems = problemsOf(noApprover);
    expect(problems).toContainEqual({
      path: "steps[2].needsApproval",
      message: expect.stringContaining("no 'client-approver' role"),
    });
    expect(problems).toContainEqual({ path: "authorities[1].needsApproval", message: expect.stringContaining("no 'client-approver' role") });
  });

  test("missing required sections, unknown fields and non-kebab ids are named", () => {
    const problems = problemsOf("id: Not Kebab\nname: X\nseverity: 1\nstpes: []\n");
    const paths = problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(["id", "stpes", "roles", "steps", "contactTree"]));
    expect(problems.find((p) => p.path === "stpes")?.message).toMatch(/unknown field/);
  });

  test("references in the contact tree, escalation and authorities must resolve", () => {
    const bad = SAMPLE_YAML.replace("caller: lead, callee: MSP manager", "caller: nobody, callee: MSP manager")
      .replace("escalation: [oncall, lead, manager]", "escalation: [oncall, ghost]")
      .replace("holders: [technical-lead, incident-lead]", "holders: [technical-lead, janitor]")
      .replace("party: external }", "party: aliens }");
    const problems = problemsOf(bad);
    expect(problems.map((p) => p.path).sort()).toEqual(
      ["authorities[0].holders[1]", "contactTree[2].caller", "contactTree[3].party", "escalation[1]"].sort(),
    );
  });

  test("a role without incident-lead is refused: somebody has to run the bridge", () => {
    const problems = problemsOf(SAMPLE_YAML.replace(/incident-lead/g, "bridge-runner"));
    expect(problems).toEqual([{ path: "roles", message: expect.stringContaining("'incident-lead'") }]);
  });

  test("links need a real scheme and approval flags must be booleans", () => {
    const bad = SAMPLE_YAML + "links:\n  - { title: Runbook, url: 'intranet/runbook' }\n";
    const problems = problemsOf(bad.replace("needsApproval: true }\n", "needsApproval: yes please }\n"));
    expect(problems.map((p) => p.path).sort()).toEqual(["links[0].url", "steps[2].needsApproval"]);
  });
});
