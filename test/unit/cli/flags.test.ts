// One flag parser for every `tandem` command: the same words for the same mistake, and --help everywhere.
import { UsageError } from "../../../src/cli/command";
import { COMMANDS } from "../../../src/cli/commands";
import { readFlags } from "../../../src/cli/flags";
import { runCli } from "../../../src/cli/main";
import { captureIO } from "../../support/cli";

describe("readFlags", () => {
  const spec = { client: "string", json: "boolean" } as const;

  test("values, switches, --flag=value and words in order; after -- everything is a word", () => {
    expect(readFlags(["list", "--client", "acme", "x", "--json"], spec)).toEqual({ values: { client: "acme", json: true }, words: ["list", "x"] });
    expect(readFlags(["--client=acme", "--", "--json", "-h"], spec)).toEqual({ values: { client: "acme" }, words: ["--json", "-h"] });
  });

  test.each([
    [["--nope"], 'unknown option "--nope"'],
    [["--nope=1"], 'unknown option "--nope=1"'],
    [["-x"], 'unknown option "-x"'],
    [["--client"], "--client needs a value"],
    [["--client", "--json"], "--client needs a value"],
    [["--client="], "--client needs a value"],
    [["--json=yes"], "--json takes no value"],
  ])("%j is a usage error: %s", (args, message) => {
    expect(() => readFlags(args, spec)).toThrow(new UsageError(message));
  });
});

// For each command, a call that gets past its sub-command to its flags.
const FLAGGED: Record<string, string[]> = {
  ask: ["--matrix", "m.yaml"],
  tickets: ["list"],
  hours: [],
  webhook: ["show"],
  matrix: ["history"],
  clients: ["list"],
  people: ["list"],
  outbox: ["list"],
  inbox: ["list"],
  audit: [],
  manifest: ["teams"],
  playbooks: ["list"],
  incidents: ["list"],
  schedule: ["list"],
  report: ["monthly"],
  paging: ["show"],
  directory: ["consent", "list"],
};

describe.each(COMMANDS.map((c) => c.name))("tandem %s", (name) => {
  test("--help, anywhere before --, prints the command's usage and exits 0", async () => {
    for (const argv of [[name, "--help"], [name, ...FLAGGED[name], "-h"]]) {
      const io = captureIO();
      expect(await runCli(argv, io)).toBe(0);
      expect(io.out.join("")).toMatch(/^Usage: tandem /);
      expect(io.err).toEqual([]);
    }
  });

  test("an unknown option: exit 2, one line naming it, one line pointing at --help, nothing on stdout", async () => {
    const io = captureIO();
    expect(await runCli([name, ...FLAGGED[name], "--frobnicate"], io)).toBe(2);
    expect(io.err.join("")).toBe(`tandem ${name}: unknown option "--frobnicate"\nRun "tandem ${name} --help" for usage.\n`);
    expect(io.out).toEqual([]);
  });
});

test("every command is covered above", () => {
  expect(Object.keys(FLAGGED).sort()).toEqual(COMMANDS.map((c) => c.name).sort());
});
