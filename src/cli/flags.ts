// Every `tandem` command reads its flags here, with Node's util.parseArgs: "--flag value", "--flag=value", on/off
// switches and "--" (what follows is words), and one wording for every mistake.
import { parseArgs } from "node:util";
import { UsageError } from "./command";

/** The flags a command takes, by name without dashes: "string" takes a value, "boolean" is a switch. */
export type FlagSpec = Record<string, "string" | "boolean">;

export type FlagValues<S extends FlagSpec> = { [K in keyof S]?: S[K] extends "string" ? string : boolean };

export interface Flags<S extends FlagSpec> {
  values: FlagValues<S>;
  /** Everything that is not a flag, in order. */
  words: string[];
}

/** Reads `args` against `spec`; an unknown flag, a missing value or a value given to a switch is a UsageError. */
export function readFlags<S extends FlagSpec>(args: string[], spec: S): Flags<S> {
  const options = Object.fromEntries(Object.entries(spec).map(([name, type]) => [name, { type }]));
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (err) {
    throw usageErrorOf(err as Error & { code?: string }, args);
  }
  for (const [name, value] of Object.entries(parsed.values)) {
    if (value === "") throw new UsageError(`--${name} needs a value`);
  }
  return { values: parsed.values as FlagValues<S>, words: parsed.positionals };
}

/** parseArgs' own messages differ by error and explain its syntax at length: one short sentence each instead. */
function usageErrorOf(err: Error & { code?: string }, args: string[]): Error {
  const flag = /'(-{1,2}[^' ]+)/.exec(err.message)?.[1] ?? "";
  const given = args.find((a) => a === flag || a.startsWith(`${flag}=`)) ?? flag;
  switch (err.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return new UsageError(`unknown option "${given}"`);
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      return new UsageError(given.includes("=") ? `${flag} takes no value` : `${flag} needs a value`);
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return new UsageError(`unexpected argument`);
    default:
      return err;
  }
}

/** No words expected: the first one is a mistake. */
export function noWords(words: string[]): void {
  if (words.length) throw new UsageError(`unexpected argument "${words[0]}"`);
}

/** A whole-number flag from 1 to 10 000 (a list's length), or the default. */
export function limitOf(raw: string | undefined, flag: string, dflt: number): number {
  if (raw === undefined) return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new UsageError(`${flag} must be a whole number from 1 to 10000`);
  return n;
}

/** A plain aligned text table. */
export function table(head: string[], rows: string[][]): string {
  const clip = (s: string) => (s.length > 60 ? s.slice(0, 59) + "…" : s).replace(/\s+/g, " ");
  const cells = [head, ...rows.map((r) => r.map(clip))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  return cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join("  ").trimEnd()).join("\n") + "\n";
}
