// npm run eval:routing: reads sets in the shared format, finds the ambiguous lines in a README written either
// way, scores each set with and without them, and measures a language model through --provider llm.
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../../src/eval/routing";
import { ambiguousLines, loadSet } from "../../../src/eval/sets";
import { FakeChatCompletions } from "../../fakes/chat-completions";

const DEMO = join(__dirname, "../../fixtures/matrix/demo.yaml");

function makeSet(): string {
  const dir = join(mkdtempSync(join(tmpdir(), "eval-set-")), "demo");
  mkdirSync(dir);
  writeFileSync(join(dir, "matrix.yaml"), readFileSync(DEMO, "utf8"));
  const lines = [
    { text: "the printer on floor 2 is jammed", category: "printers-scanners", hour: "business" },
    { text: "where is the lunch menu", category: "none", hour: "after" },
    { text: "my laptop will not turn on", category: "printers-scanners", hour: "business" },
  ];
  writeFileSync(join(dir, "requests.jsonl"), lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
  writeFileSync(join(dir, "README.md"), "# demo\n\n## Genuinely ambiguous lines (1)\n\n- line 3: labelled `printers-scanners`\n\n## Other\n- line 1 is not ambiguous\n");
  return dir;
}

describe("eval:routing", () => {
  test("ambiguous lines are read from either README style, and only from the ambiguous section", () => {
    expect([...ambiguousLines("## Genuinely ambiguous lines (2)\n- line 13: x\n- line 15: y\n## Next\n- line 99: z")]).toEqual([13, 15]);
    const tiers = "## Ambiguous lines (3 of 9)\n**Tier A**\nLine numbers: 6, 26, 32.\n| 6 | a |\n**Tier B**\nLine numbers: 1, 15.\n## Two-topic lines\nLabelled by: 2, 11";
    expect([...ambiguousLines(tiers)].sort((a, b) => a - b)).toEqual([1, 6, 15, 26, 32]);
    const table = "## Ambiguous lines\n**Tier A**\n\n| line | gold | alternative |\n|---:|---|---|\n| 2 | `a` | `b` |\n| 55 | `c` | `d` |\n\nNot a table: | 7 | x |\n## Per category\n| line | gold |\n|---|---|\n| 99 | x |";
    expect([...ambiguousLines(table)].sort((a, b) => a - b)).toEqual([2, 55]);
    // Rows may give the message itself instead of its number (a pipe in it written "\\|").
    const texts = new Map([["the VPN | RDP thing", 4], ["printer jammed again", 9]]);
    const byText = "## Ambiguous lines\n| line | tier | gold |\n|---|---|---|\n| the VPN \\| RDP thing | A | `a` |\n| printer jammed again | B | `b` |\n| a line not in the set | A | `c` |\n";
    expect([...ambiguousLines(byText, (t) => texts.get(t))].sort((a, b) => a - b)).toEqual([4, 9]);
  });

  test("scores a set with and without its ambiguous lines", async () => {
    const dir = makeSet();
    const set = loadSet(dir);
    expect(set.requests.map((r) => r.expected)).toEqual(["printers-scanners", null, "printers-scanners"]);
    expect([...set.ambiguous]).toEqual([3]);
    const out: string[] = [];
    expect(await main([dir], {}, (t) => out.push(t))).toBe(0);
    const text = out.join("\n");
    expect(text).toMatch(/demo \(3\)\s+demo w\/o ambiguous \(2\)/);
    for (const metric of ["top-1", "top-3", "out-of-scope recognised", "asked", "confident and wrong", "one-click success", "owner right now", "Reliability"]) {
      expect(text).toContain(metric);
    }
    // Without the ambiguous (and here wrongly labelled) line, every message is routed right.
    expect(text).toMatch(/top-1 \(in scope\)\s+\S+ %\s+100\.0 %/);
  });

  test("past four sets, each set is a row (with and without its ambiguous lines) and the means of the sets close the table", async () => {
    const dirs = Array.from({ length: 5 }, () => makeSet());
    const out: string[] = [];
    expect(await main(["--markdown", ...dirs], {}, (t) => out.push(t))).toBe(0);
    const text = out.join("\n");
    expect(text).toMatch(/^\| set +\| top-1 \(in scope\) +\| top-3 \(in scope\) +\| out-of-scope recognised +\|/m);
    expect(text.match(/^\| demo \(3\) +\|/gm)).toHaveLength(5);
    expect(text.match(/^\| demo w\/o ambiguous \(2\) +\| 100\.0 % +\|/gm)).toHaveLength(5);
    expect(text).toMatch(/^\| mean of 5 sets w\/o ambiguous +\| 100\.0 % +\|/m);
    // The reliability table keeps only the sets together.
    expect(text).toMatch(/^\| confidence \| all n \| all right \|$/m);
  });

  test("--dump writes each message's outcome as a JSON line, for error analysis", async () => {
    const dir = makeSet();
    const file = join(dir, "outcomes.jsonl");
    expect(await main(["--dump", file, dir], {}, () => undefined)).toBe(0);
    const rows = readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.map((r) => [r.line, r.label, r.ambiguous])).toEqual([[1, "printers-scanners", false], [2, "none", false], [3, "printers-scanners", true]]);
    expect(rows[0]).toMatchObject({ set: "demo", decision: expect.stringMatching(/^(answer|ask)$/), language: "en" });
    expect((rows[0].top3 as string[])[0]).toBe("printers-scanners");
    expect(rows[1].decision).toBe("none");
  });

  test("--provider llm measures the configured model, and says what it needs when unconfigured", async () => {
    const fake = await new FakeChatCompletions("k").start();
    try {
      fake.answers({ category: "printers-scanners", runnersUp: [], confidence: 0.97 });
      const dir = makeSet();
      const out: string[] = [];
      const env = { ROUTING_LLM_ENDPOINT: fake.url, ROUTING_LLM_API_KEY: "k", ROUTING_LLM_MODEL: "m" };
      expect(await main(["--provider", "llm", dir], env, (t) => out.push(t))).toBe(0);
      expect(fake.calls).toHaveLength(3);
      expect(out.join("\n")).toMatch(/Language model \(m at 127\.0\.0\.1:\d+; 0 fell back so far\)/);
      await expect(main(["--provider", "llm", dir], {}, () => undefined)).rejects.toThrow(/ROUTING_LLM_ENDPOINT and ROUTING_LLM_MODEL/);
    } finally {
      await fake.stop();
    }
  });
});
