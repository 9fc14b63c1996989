/** One `tandem <name>` sub-command. Commands get their IO injected so tests can run them in-process. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Lines of standard input (without newlines). */
  stdinLines(): AsyncIterable<string>;
  env: NodeJS.ProcessEnv;
}

export interface CliCommand {
  name: string;
  summary: string;
  /** Full `--help` text. */
  usage: string;
  /** Returns the process exit code. */
  run(args: string[], io: CliIO): Promise<number>;
}

/** A bad flag or argument: printed as "tandem <command>: <message>" and where the help is, with exit code 2. */
export class UsageError extends Error {}
