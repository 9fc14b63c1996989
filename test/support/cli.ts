// Running `tandem <command>` in-process with captured output, as the CLI tests do.
import type { CliIO } from "../../src/cli/command";
import { runCli } from "../../src/cli/main";

/** A CliIO that records what is written (out, err) and reads the given lines as standard input. */
export function captureIO(env: NodeJS.ProcessEnv = {}, stdin: string[] = []): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    env,
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    async *stdinLines() {
      yield* stdin;
    },
  };
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `tandem <argv...>` with this environment: its exit code and everything it wrote. */
export async function runTandem(argv: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  const io = captureIO(env);
  const code = await runCli(argv, io);
  return { code, stdout: io.out.join(""), stderr: io.err.join("") };
}
