import "../runtime";
import readline from "node:readline";
import { UsageError, type CliCommand, type CliIO } from "./command";
import { COMMANDS } from "./commands";

export const USAGE = (commands: CliCommand[]) =>
  [
    "tandem: co-managed IT in the shared channel (Teams and Slack)",
    "",
    "Usage: tandem <command> [options]     tandem <command> --help for details",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(12)} ${c.summary}`),
    "",
    "Database: DATABASE_URL=postgres://... for PostgreSQL, otherwise the embedded database in DATA_DIR (default ./data).",
  ].join("\n");

export async function runCli(argv: string[], io: CliIO, commands: CliCommand[] = COMMANDS): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    io.stdout(USAGE(commands) + "\n");
    return name ? 0 : 2;
  }
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) {
    io.stderr(`tandem: unknown command "${name}"\n\n${USAGE(commands)}\n`);
    return 2;
  }
  // --help anywhere before "--" (e.g. "tandem matrix import --help") shows the command's help and does nothing else.
  const end = args.indexOf("--");
  if ((end < 0 ? args : args.slice(0, end)).some((a) => a === "--help" || a === "-h")) {
    io.stdout(cmd.usage.endsWith("\n") ? cmd.usage : cmd.usage + "\n");
    return 0;
  }
  try {
    return await cmd.run(args, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`tandem ${cmd.name}: ${err.message}\nRun "tandem ${cmd.name} --help" for usage.\n`);
      return 2;
    }
    const e = err as { userMessage?: string; message?: string };
    io.stderr(`tandem ${cmd.name}: ${e.userMessage ?? e.message ?? String(err)}\n`);
    return 1;
  }
}

export function processIO(): CliIO {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    stdinLines: () => readline.createInterface({ input: process.stdin, crlfDelay: Infinity }),
    env: process.env,
  };
}

if (require.main === module) {
  runCli(process.argv.slice(2), processIO()).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`tandem: ${(err as Error).stack ?? err}\n`);
      process.exitCode = 1;
    },
  );
}
