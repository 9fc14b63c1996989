import { join } from "node:path";
import { askCommand } from "../../../src/cli/commands/ask";
import { UsageError } from "../../../src/cli/command";
import { runCli } from "../../../src/cli/main";
import { captureIO } from "../../support/cli";

const DEMO = join(__dirname, "../../fixtures/matrix/demo.yaml");
const BAD = join(__dirname, "../../fixtures/matrix/bad/fields.yaml");
const BUSINESS = "2026-09-08T10:12:00-04:00"; // Tue, Toronto business hours
const AFTER_HOURS = "2026-09-08T19:00:00-04:00"; // Tue evening

function fakeIO(stdin: string[] = []) {
  const io = captureIO({}, stdin);
  return { io, stdout: () => io.out.join(""), stderr: () => io.err.join("") };
}

async function askJson(args: string[], stdin: string[] = []) {
  const fake = fakeIO(stdin);
  const code = await askCommand.run(["--matrix", DEMO, "--json", ...args], fake.io);
  const lines = fake.stdout().split("\n").filter((l) => l !== "");
  return { code, answers: lines.map((l) => JSON.parse(l)), stderr: fake.stderr() };
}

describe("tandem ask --json", () => {
  test("answers one question with the contract's fields", async () => {
    const { code, answers } = await askJson(["--at", BUSINESS, "the printer on floor 2 is jammed"]);
    expect(code).toBe(0);
    expect(answers).toHaveLength(1);
    const a = answers[0];
    expect(a).toMatchObject({
      text: "the printer on floor 2 is jammed", category: "printers-scanners", categoryName: "Printers & scanners",
      owner: "internal", backup: "msp", afterHours: false,
      escalation: "If a printer is down for more than a day, internal IT opens a vendor call.",
    });
    expect(a.confidence).toBeGreaterThan(0);
    expect(a.confidence).toBeLessThanOrEqual(1);
    expect(Array.isArray(a.alternatives)).toBe(true);
    expect(a.alternatives).not.toContain("printers-scanners");
    expect(a.reason).toBe("Business hours: it is Tue 8 Sep, 10:12 EDT");
    expect(a.decision).toBe("answer");
    expect(a.choices).toEqual([]);
  });

  test("decision and choices: answer, ask (best first, at most 3) or none, with every earlier field still there", async () => {
    const { answers } = await askJson(["--at", BUSINESS, "where is the lunch menu?"]);
    expect(answers[0]).toMatchObject({ decision: "none", category: null, choices: [] });
    const { answers: all } = await askJson(["--at", BUSINESS], ["the printer on floor 2 is jammed", "the thing is not working again", "where is the lunch menu"]);
    for (const a of all) {
      expect(Object.keys(a)).toEqual(expect.arrayContaining(["text", "category", "categoryName", "owner", "backup", "escalation", "confidence", "alternatives", "decision", "choices"]));
      expect(["answer", "ask", "none"]).toContain(a.decision);
      expect(a.choices.length).toBeLessThanOrEqual(3);
      if (a.decision === "ask") expect(a.choices[0]).toBe(a.category);
      else expect(a.choices).toEqual([]);
    }
    expect(all[0].decision).toBe("answer");
    expect(all[1].decision).not.toBe("answer");
  });

  test("--at decides business hours vs after hours", async () => {
    const { answers } = await askJson(["--at", AFTER_HOURS, "the printer on floor 2 is jammed"]);
    expect(answers[0]).toMatchObject({ category: "printers-scanners", owner: "msp", afterHours: true });
    expect(answers[0].reason).toMatch(/the MSP has it until Wed 9 Sep, 08:30 EDT/);
  });

  test("--at without an offset is read in the matrix time zone", async () => {
    const before = await askJson(["--at", "2026-09-08T08:29", "the printer on floor 2 is jammed"]);
    const open = await askJson(["--at=2026-09-08T08:30", "the printer on floor 2 is jammed"]);
    expect(before.answers[0].owner).toBe("msp");
    expect(open.answers[0].owner).toBe("internal");
    expect(open.answers[0].at).toBe("2026-09-08T12:30:00.000Z");
  });

  test("a joint category in business hours is owned jointly, with its lead", async () => {
    const { answers } = await askJson(["--at", BUSINESS, "I clicked a phishing link and it looks like ransomware malware"]);
    expect(answers[0]).toMatchObject({ category: "security-incidents", owner: "joint", leadSide: "msp" });
  });

  test("reads stdin one question per line and answers in the same order, JSON lines only", async () => {
    const questions = ["the printer on floor 2 is jammed", "", "my laptop will not turn on", "the wifi keeps dropping"];
    const fake = fakeIO(questions);
    const code = await askCommand.run(["--matrix", DEMO, "--json", "--at", BUSINESS], fake.io);
    expect(code).toBe(0);
    const lines = fake.stdout().trimEnd().split("\n");
    expect(lines).toHaveLength(3); // the blank line is skipped
    const answers = lines.map((l) => JSON.parse(l));
    expect(answers.map((a) => a.text)).toEqual(["the printer on floor 2 is jammed", "my laptop will not turn on", "the wifi keeps dropping"]);
    expect(answers.map((a) => a.category)).toEqual(["printers-scanners", "end-user-devices", "network-wifi"]);
    expect(fake.stderr()).toBe("");
  });

  test("a question the matrix names nothing for still answers, with nulls, and exits 0", async () => {
    const { code, answers } = await askJson(["--at", BUSINESS, "xyzzy plugh qwertyuiop"]);
    expect(code).toBe(0);
    expect(answers[0]).toMatchObject({ text: "xyzzy plugh qwertyuiop", category: null, categoryName: null, owner: null, backup: null, escalation: null });
  });
});

describe("tandem ask, human output", () => {
  test("prints a short readable answer", async () => {
    const fake = fakeIO();
    const code = await askCommand.run(["--matrix", DEMO, "--at", AFTER_HOURS, "the printer on floor 2 is jammed"], fake.io);
    expect(code).toBe(0);
    const text = fake.stdout();
    expect(text).toContain("Printers & scanners (printers-scanners)");
    expect(text).toContain("Owner now: the MSP (Bluefin Managed Services");
    expect(text).toContain("After hours: the MSP has it until Wed 9 Sep, 08:30 EDT");
    expect(text).toContain("Escalation: If a printer is down");
    expect(() => JSON.parse(text)).toThrow();
  });

  test("several words without quotes make one question", async () => {
    const { answers } = await askJson(["--at", BUSINESS, "printer", "is", "jammed"]);
    expect(answers).toHaveLength(1);
    expect(answers[0].text).toBe("printer is jammed");
  });
});

describe("tandem ask, refusals", () => {
  test("a bad matrix file exits non-zero and lists every problem", async () => {
    const fake = fakeIO();
    const code = await askCommand.run(["--matrix", BAD, "the printer is jammed"], fake.io);
    expect(code).not.toBe(0);
    expect(fake.stdout()).toBe("");
    const err = fake.stderr();
    expect(err).toMatch(/is not a valid matrix file \(\d+ problems\)/);
    for (const path of ["version", "effective", "businessHours.timezone", "businessHours.days[4]", "categories[1].ownr", "categories[1].id", "categories[2].owner", "categories[2].severity"]) {
      expect(err).toContain(`${path}: `);
    }
  });

  test("a missing matrix file exits non-zero with the path", async () => {
    const fake = fakeIO();
    const code = await askCommand.run(["--matrix", "/no/such/matrix.yaml", "x"], fake.io);
    expect(code).not.toBe(0);
    expect(fake.stderr()).toContain("/no/such/matrix.yaml");
  });

  test.each([
    [["--matrix", DEMO, "--frobnicate", "q"], /unknown option "--frobnicate"/],
    [["the printer"], /--matrix FILE is required/],
    [["--matrix"], /--matrix needs a value/],
    [["--matrix", DEMO, "--at", "next tuesday", "q"], /--at must be an ISO-8601 date-time/],
  ])("bad flags are usage errors: %j", async (args, message) => {
    const fake = fakeIO();
    await expect(askCommand.run(args, fake.io)).rejects.toThrow(UsageError);
    await expect(askCommand.run(args, fake.io)).rejects.toThrow(message);
  });

  test("--help prints usage and exits 0 without a matrix", async () => {
    const fake = fakeIO();
    expect(await runCli(["ask", "--help"], fake.io)).toBe(0);
    expect(fake.stdout()).toContain("Usage: tandem ask --matrix FILE");
    expect(askCommand.name).toBe("ask");
  });
});
