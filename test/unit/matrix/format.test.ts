import { readFileSync } from "node:fs";
import { join } from "node:path";
import { formatProblems, parseMatrix, type MatrixProblem } from "../../../src/core/matrix/format";
import { BAD_DIR, demoMatrix, category } from "./demo-matrix";

const MINIMAL = `version: 1
effective: 2026-09-01
signedBy: ["A", "B"]
parties:
  internal: { name: "Inside", contacts: ["A"] }
  msp: { name: "Outside", contacts: ["B"] }
businessHours: { timezone: "Europe/Berlin", days: [mon, tue], start: "09:00", end: "17:00" }
categories:
  - id: printers
    name: Printers
    owner: internal
    backup: none
    afterHours: msp
    escalation: "Call the vendor."
    keywords: ["printer"]
`;

function problemsOf(yaml: string): MatrixProblem[] {
  const result = parseMatrix(yaml);
  if (result.ok) throw new Error("expected the file to be refused");
  return result.problems;
}

function problemAt(problems: MatrixProblem[], path: string): MatrixProblem {
  const found = problems.find((p) => p.path === path);
  if (!found) throw new Error(`no problem at ${path}; got ${problems.map((p) => p.path).join(", ")}`);
  return found;
}

describe("parseMatrix: the demo and minimal files", () => {
  test("reads the demo matrix with its optional fields", () => {
    const m = demoMatrix();
    expect(m.version).toBe(4);
    expect(m.effective).toBe("2026-09-01");
    expect(m.categories).toHaveLength(15);
    expect(m.businessHours).toMatchObject({ timezone: "America/Toronto", start: "08:30", end: "17:30" });
    expect(m.businessHours.holidays).toContain("2026-12-25");
    expect(m.parties.internal.people?.[0]).toMatchObject({ name: "Alex Example", slackId: "T0MAPLE:U01ALEX", role: "Internal IT lead" });
    expect(m.slaMinutes).toEqual({ 1: 30, 2: 120, 3: 480, 4: 1440 });
    const accounts = category(m, "accounts-access");
    expect(accounts).toMatchObject({ owner: "joint", lead: "internal", backup: "none", afterHours: "msp", severity: 3 });
    expect(category(m, "network-wifi").contacts).toEqual(["Bluefin NOC", "Sam Sample"]);
    expect(category(m, "printers-scanners").examples).toContain("the printer on floor 2 is jammed");
  });

  test("fills the optional fields with empty defaults and leaves absent extras undefined", () => {
    const result = parseMatrix(MINIMAL);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.matrix.businessHours.holidays).toEqual([]);
    expect(result.matrix.categories[0]).toEqual({
      id: "printers", name: "Printers", description: "", owner: "internal", backup: "none", afterHours: "msp",
      escalation: "Call the vendor.", keywords: ["printer"], examples: [],
    });
    expect("slaMinutes" in result.matrix).toBe(false);
    expect("lastReview" in result.matrix).toBe(false);
  });

  test("normalises H:MM times and capitalised weekdays, and accepts unknown top-level keys", () => {
    const yaml = MINIMAL.replace('days: [mon, tue], start: "09:00"', 'days: [Mon, TUE], start: "9:00"') + "notes: anything\n";
    const result = parseMatrix(yaml);
    expect(result.ok && result.matrix.businessHours).toMatchObject({ days: ["mon", "tue"], start: "09:00" });
  });

  test("accepts 24:00 as the end of the day", () => {
    const result = parseMatrix(MINIMAL.replace('end: "17:00"', 'end: "24:00"'));
    expect(result.ok && result.matrix.businessHours.end).toBe("24:00");
  });
});

describe("parseMatrix: every problem at once", () => {
  const problems = problemsOf(readFileSync(join(BAD_DIR, "fields.yaml"), "utf8"));

  test.each([
    ["version", /whole number at least 1/],
    ["effective", /real date/],
    ["parties.internal.people[0].email", /not an email/],
    ["parties.msp.name", /required/],
    ["businessHours.timezone", /not a known IANA time zone/],
    ["businessHours.days[4]", /unknown weekday "fry"/],
    ["businessHours.end", /must be after start/],
    ["businessHours.holidays[1]", /real date/],
    ["categories[1].ownr", /unknown field; did you mean "owner"\?/],
    ["categories[1].owner", /required/],
    ["categories[1].id", /duplicate id "printers-scanners" \(also categories\[0\]\)/],
    ["categories[2].id", /kebab-case/],
    ["categories[2].owner", /one of internal, msp, joint \(got "vendor"\)/],
    ["categories[2].afterHours", /one of internal, msp \(got "joint"\)/],
    ["categories[2].escalation", /required/],
    ["categories[2].severity", /1\.\.4/],
  ])("reports %s", (path, message) => {
    expect(problemAt(problems, path).message).toMatch(message);
  });

  test("gives line numbers and lists problems in file order", () => {
    expect(problemAt(problems, "version").line).toBe(2);
    expect(problemAt(problems, "businessHours.timezone").line).toBe(13);
    expect(problemAt(problems, "categories[1].ownr").line).toBe(28);
    const lines = problems.map((p) => p.line ?? 0);
    expect([...lines].sort((a, b) => a - b)).toEqual(lines);
  });

  test("a YAML syntax error is reported with its line", () => {
    const syntax = problemsOf(readFileSync(join(BAD_DIR, "syntax.yaml"), "utf8"));
    expect(syntax.length).toBeGreaterThan(0);
    expect(syntax[0].message).toMatch(/^YAML syntax: /);
    expect(syntax[0].line).toBe(4);
  });

  test("a duplicated key is a syntax problem", () => {
    const dup = problemsOf(MINIMAL.replace("version: 1\n", "version: 1\nversion: 2\n"));
    expect(dup[0]).toMatchObject({ line: 2 });
    expect(dup[0].message).toMatch(/unique/);
  });

  test("a duplicated key in a flow mapping and in a nested mapping is a syntax problem too, with its line", () => {
    const dup = problemsOf(MINIMAL.replace('msp: { name: "Outside", contacts: ["B"] }', 'msp: { name: "Outside", name: "Again", contacts: ["B"] }').replace("    keywords: [\"printer\"]\n", '    keywords: ["printer"]\n    owner: msp\n'));
    expect(dup.map((p) => [p.line, p.message])).toEqual([
      [6, expect.stringMatching(/^YAML syntax: Map keys must be unique \(column \d+\)$/)],
      [16, expect.stringMatching(/^YAML syntax: Map keys must be unique \(column \d+\)$/)],
    ]);
  });

  // A matrix can come from a link or an attachment (up to 1 MB): checking it must not hold the service's one thread.
  test("a file of 50 000 keys in one mapping (under 1 MB) is refused in seconds, not minutes", () => {
    const keys = "version: 1\n" + Array.from({ length: 50_000 }, (_, i) => `k${i}: v`).join("\n") + "\n";
    expect(keys.length).toBeLessThan(1_000_000);
    const started = performance.now();
    expect(problemsOf(keys).length).toBeGreaterThan(0);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  test("an alias bomb is a problem in the list, not an exception", () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 8; i++) levels.push(`${"abcdefgh"[i]}: &${"abcdefgh"[i]} [${Array(10).fill(`*${"abcdefgh"[i - 1]}`).join(", ")}]`);
    const bomb = `${levels.join("\n")}\nversion: 1\n`;
    expect(problemsOf(bomb)[0].message).toMatch(/alias/i);
  });

  test("an empty file and a file that is not a mapping are refused", () => {
    expect(problemsOf("")[0].message).toMatch(/empty/);
    expect(problemsOf("- just\n- a list\n")[0].message).toMatch(/mapping/);
  });

  test("missing required fields are each reported", () => {
    const paths = problemsOf("version: 3\n").map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(["effective", "signedBy", "parties", "businessHours", "categories"]));
  });

  test("version must be a whole positive number, not text or a fraction", () => {
    expect(problemAt(problemsOf(MINIMAL.replace("version: 1", 'version: "4"')), "version").message).toMatch(/whole number/);
    expect(problemAt(problemsOf(MINIMAL.replace("version: 1", "version: 4.5")), "version").message).toMatch(/whole number/);
  });

  test("bad HH:MM times are refused", () => {
    const p = problemsOf(MINIMAL.replace('start: "09:00"', 'start: "9.00"').replace('end: "17:00"', 'end: "25:00"'));
    expect(problemAt(p, "businessHours.start").message).toMatch(/HH:MM/);
    expect(problemAt(p, "businessHours.end").message).toMatch(/HH:MM/);
  });

  test("equal start and end is refused, and no weekdays at all", () => {
    const p = problemsOf(MINIMAL.replace('end: "17:00"', 'end: "09:00"').replace("days: [mon, tue]", "days: []"));
    expect(problemAt(p, "businessHours.end").message).toMatch(/after start/);
    expect(problemAt(p, "businessHours.days").message).toMatch(/at least one weekday/);
  });

  test("lead only applies to joint categories; joint with a lead is fine", () => {
    const bad = problemsOf(MINIMAL.replace("owner: internal", "owner: internal\n    lead: msp"));
    expect(problemAt(bad, "categories[0].lead").message).toMatch(/only applies when owner is joint/);
    const good = parseMatrix(MINIMAL.replace("owner: internal", "owner: joint\n    lead: msp"));
    expect(good.ok && good.matrix.categories[0].lead).toBe("msp");
  });

  test("unknown keys inside parties, people and business hours are caught too", () => {
    const p = problemsOf(
      MINIMAL.replace('contacts: ["A"] }', 'contact: ["A"] }').replace('end: "17:00"', 'end: "17:00", timezon: "UTC"'),
    );
    expect(problemAt(p, "parties.internal.contact").message).toMatch(/did you mean "contacts"/);
    expect(problemAt(p, "parties.internal.contacts").message).toMatch(/required/);
    expect(problemAt(p, "businessHours.timezon").message).toMatch(/did you mean "timezone"/);
  });

  test("a category with neither keywords nor examples cannot be reached and is refused", () => {
    const p = problemsOf(MINIMAL.replace('keywords: ["printer"]', "keywords: []"));
    expect(problemAt(p, "categories[0].keywords").message).toMatch(/at least one keyword/);
  });

  test("slaMinutes keys must be severities and values positive whole minutes", () => {
    const p = problemsOf(MINIMAL + "slaMinutes: { 1: 30, 5: 10, 2: -4 }\n");
    expect(problemAt(p, "slaMinutes.5").message).toMatch(/1, 2, 3 or 4/);
    expect(problemAt(p, "slaMinutes.2").message).toMatch(/whole number/);
  });

  test("slaMinutes accepts severities written P1..P4, S1, sev1 or Sev 1", () => {
    const result = parseMatrix(MINIMAL + 'slaMinutes: { P1: 30, p2: 120, "Sev 3": 480, SEV-4: 1440 }\n');
    if (!result.ok) throw new Error(formatProblems(result.problems));
    expect(result.matrix.slaMinutes).toEqual({ 1: 30, 2: 120, 3: 480, 4: 1440 });
    const other = parseMatrix(MINIMAL + "slaMinutes: { sev1: 15, Severity 2: 60, S3: 240 }\n");
    if (!other.ok) throw new Error(formatProblems(other.problems));
    expect(other.matrix.slaMinutes).toEqual({ 1: 15, 2: 60, 3: 240 });
  });

  test("slaMinutes refuses a severity given twice and keys that are not severities", () => {
    const p = problemsOf(MINIMAL + 'slaMinutes: { P1: 30, "1": 45, P5: 10, urgent: 5 }\n');
    // Object keys that are numbers come first in JavaScript, so "1" is read before "P1".
    expect(problemAt(p, "slaMinutes.P1").message).toMatch(/severity 1 is already given as "1"/);
    expect(problemAt(p, "slaMinutes.P5").message).toMatch(/1, 2, 3 or 4/);
    expect(problemAt(p, "slaMinutes.urgent").message).toMatch(/1, 2, 3 or 4/);
  });

  test("formatProblems prints one line per problem with line and path", () => {
    const text = formatProblems([
      { path: "categories[3].owner", message: "is required", line: 12 },
      { path: "", message: "YAML syntax: bad", line: 2 },
      { path: "version", message: "must be a whole number" },
    ]);
    expect(text.split("\n")).toEqual([
      "  - line 12, categories[3].owner: is required",
      "  - line 2: YAML syntax: bad",
      "  - version: must be a whole number",
    ]);
  });
});
