import { UsageError } from "../command";

/** Reads "--flag value", "--flag=value" and on/off switches; the rest are words. */
export function readFlags(args: string[], spec: { values: string[]; switches: string[] }) {
  const values: Record<string, string> = {};
  const switches = new Set<string>();
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (spec.values.includes(flag)) {
      const v = eq > 0 ? arg.slice(eq + 1) : args[++i];
      if (v === undefined || v === "" || (eq < 0 && v.startsWith("--"))) throw new UsageError(`${flag} needs a value`);
      values[flag] = v;
    } else if (spec.switches.includes(arg)) switches.add(arg);
    else if (arg.startsWith("-") && arg.length > 1) throw new UsageError(`unknown option "${arg}"`);
    else words.push(arg);
  }
  return {
    values,
    switches,
    words,
    limit(flag: string, dflt: number): number {
      const raw = values[flag];
      if (raw === undefined) return dflt;
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new UsageError(`${flag} must be a whole number from 1 to 10000`);
      return n;
    },
  };
}

/** A plain aligned text table. */
export function table(head: string[], rows: string[][]): string {
  const clip = (s: string) => (s.length > 60 ? s.slice(0, 59) + "…" : s).replace(/\s+/g, " ");
  const cells = [head, ...rows.map((r) => r.map(clip))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  return cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join("  ").trimEnd()).join("\n") + "\n";
}

export interface ParsedFlags {
  values: Record<string, string>;
  booleans: Set<string>;
  positional: string[];
}

/** Like readFlags, with names given without dashes: `--name value`, `--name=value`, boolean `--flag`, and `--`. */
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
