import { UsageError, type CliIO } from "./command";

export type SubcommandRun = (args: string[], io: CliIO) => Promise<number>;

/** `tandem <command> <sub> ...`: runs the named sub-command, or says which ones exist. */
export function subcommands(command: string, table: Record<string, SubcommandRun>): SubcommandRun {
  const names = Object.keys(table);
  const choices = names.length > 1 ? `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}` : names[0];
  return async (args, io) => {
    const [sub, ...rest] = args;
    if (sub !== undefined && Object.hasOwn(table, sub)) return table[sub](rest, io);
    throw new UsageError(
      sub === undefined
        ? `which ${command} command? Say ${choices}`
        : `unknown ${command} command "${sub}": say ${choices}`,
    );
  };
}
