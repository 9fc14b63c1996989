import { UsageError } from "../../../src/cli/command";
import { subcommands } from "../../../src/cli/subcommands";
import { captureIO } from "../../support/cli";

describe("tandem <command> <sub>", () => {
  const run = subcommands("clients", { add: async (args) => args.length, list: async () => 7 });

  test("runs the named sub-command with the rest of the arguments", async () => {
    expect(await run(["add", "a", "b"], captureIO())).toBe(2);
    expect(await run(["list"], captureIO())).toBe(7);
  });

  test("a missing, unknown or inherited name is a usage error naming the choices", async () => {
    await expect(run([], captureIO())).rejects.toThrow(new UsageError("which clients command? Say add or list"));
    await expect(run(["frob"], captureIO())).rejects.toThrow('unknown clients command "frob": say add or list');
    await expect(run(["constructor"], captureIO())).rejects.toBeInstanceOf(UsageError);
  });
});
