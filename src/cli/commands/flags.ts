import { UsageError } from "../command";

export interface ParsedFlags {
  values: Record<string, string>;
  booleans: Set<string>;
  positional: string[];
}

/** `--name value`, `--name=value` and boolean `--flag`; anything else unknown starting with "-" is refused. */
export function parseFlags(args: string[], spec: { values?: string[]; booleans?: string[] }, help: string): ParsedFlags {
  const out: ParsedFlags = { values: {}, booleans: new Set(), positional: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--") {
      out.positional.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      out.positional.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = (eq > 0 ? arg.slice(0, eq) : arg).replace(/^--?/, "");
    if (spec.values?.includes(name)) {
      const v = eq > 0 ? arg.slice(eq + 1) : args[++i];
      if (v === undefined || (eq < 0 && v.startsWith("--"))) throw new UsageError(`--${name} needs a value (see ${help})`);
      out.values[name] = v;
    } else if (spec.booleans?.includes(name) && eq < 0) {
      out.booleans.add(name);
    } else {
      throw new UsageError(`unknown option "${arg}" (see ${help})`);
    }
  }
  return out;
}
