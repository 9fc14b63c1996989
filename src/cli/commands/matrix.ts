// `tandem matrix ...`: import, export, diff and history of a client's signed matrix, and the phrasings it learned.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { UsageError, type CliCommand, type CliIO } from "../command";
import { withDatabase } from "../database";
import { noWords, readFlags } from "../flags";
import { subcommands } from "../subcommands";
import { formatProblems, parseMatrix } from "../../core/matrix/format";
import { describeChanges, diffMatrices } from "../../core/matrix/diff";
import { matrixToYaml } from "../../core/matrix/export";
import type { Matrix } from "../../core/matrix/model";
import { effectiveDay, takesEffectAt } from "../../core/matrix/effective";
import { checkImport, notHigherMessage, peopleFromMatrix } from "../../core/whohandles/import";
import { PrismaMatrixStore } from "../../adapters/db/matrix-repo";
import { PrismaPeople } from "../../adapters/db/people-repo";

const USAGE = `Usage: tandem matrix <command> [options]

  import FILE [--client ID] [--force]   validate and store a new version (refuses a version not higher
                                        than the stored one unless --force); prints what changed
  export [--client ID] [--version N]    print a stored version as YAML (default: the one in force)
  diff A B [--client ID]                what changed from A to B; each is a stored version number or a file
  history [--client ID]                 the stored versions, newest first
  learned [--client ID]                 phrasings learned from corrections in chat
  forget "PHRASE" [--client ID]         remove a learned phrasing

--client defaults to DEFAULT_CLIENT_ID (demo). The database is DATABASE_URL, or the embedded one in DATA_DIR;
it is created and migrated on first use, so this works before Tandem was ever started.
Exit codes: 0 done, 1 refused (bad file, version not higher, nothing found), 2 bad flag.`;

async function readText(path: string, io: CliIO): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    io.stderr(`tandem matrix: cannot read ${path}: ${(err as Error).message}\n`);
    return undefined;
  }
}

function problemsText(path: string, problems: Parameters<typeof formatProblems>[0]): string {
  const n = problems.length;
  return `tandem matrix: ${path} is not a valid matrix file (${n} problem${n === 1 ? "" : "s"}); nothing was stored:\n${formatProblems(problems)}\n`;
}

async function importMatrix(file: string | undefined, clientFlag: string | undefined, force: boolean, io: CliIO): Promise<number> {
  if (!file) throw new UsageError(`import needs a FILE`);
  const yaml = await readText(file, io);
  if (yaml === undefined) return 1;
  // Refuse a broken file before touching the database.
  const parsed = parseMatrix(yaml);
  if (!parsed.ok) {
    io.stderr(problemsText(file, parsed.problems));
    return 1;
  }
  return withDatabase(io.env, async (db, defaultClient) => {
    const clientId = clientFlag ?? defaultClient;
    const store = new PrismaMatrixStore(db.prisma);
    const current = await store.latest(clientId);
    const check = checkImport(yaml, current?.matrix ?? null);
    if (!check.ok) {
      io.stderr(problemsText(file, check.problems));
      return 1;
    }
    if (check.notHigher && !force) {
      io.stderr(`tandem matrix: ${notHigherMessage(check.matrix.version, check.previousVersion!)} Nothing was stored (use --force to store it anyway).\n`);
      return 1;
    }
    const m = check.matrix;
    await store.save(clientId, m, yaml, "command line", force);
    const peopleRepo = new PrismaPeople(db.prisma);
    const people = peopleFromMatrix(m, await peopleRepo.homes(clientId));
    if (people.length) await peopleRepo.upsert(clientId, people);
    io.stdout(`Imported matrix version ${m.version} for client ${clientId}: effective ${m.effective}, signed by ${m.signedBy.join("; ")}, ${m.categories.length} categories.\n`);
    const now = new Date();
    const dates = { effective: m.effective, timezone: m.businessHours.timezone };
    if (takesEffectAt(dates) > now) {
      const before = await store.current(clientId, now);
      const until = before && before.version !== m.version ? `; version ${before.version} answers until then` : "";
      io.stdout(`It takes effect ${effectiveDay(dates, now)}${until}.\n`);
    }
    io.stdout(check.previousVersion === null ? `${check.changes[0]}.\n` : `Changes against version ${check.previousVersion}:\n${check.changes.map((c) => `  - ${c}`).join("\n")}\n`);
    if (people.length) io.stdout(`People from the matrix with chat ids: ${people.map((p) => `${p.name} (${p.platform}: ${p.roles.join(", ")})`).join("; ")}.\n`);
    return 0;
  });
}

function versionNumber(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`--version must be a whole number (got "${v}")`);
  return Number(v);
}

async function exportMatrix(clientFlag: string | undefined, version: number | undefined, io: CliIO): Promise<number> {
  return withDatabase(io.env, async (db, defaultClient) => {
    const clientId = clientFlag ?? defaultClient;
    const store = new PrismaMatrixStore(db.prisma);
    const stored = version === undefined ? await store.current(clientId) : await store.version(clientId, version);
    if (!stored) {
      io.stderr(`tandem matrix: client ${clientId} has ${version === undefined ? "no matrix yet (tandem matrix import FILE stores one)" : `no version ${version} (see tandem matrix history)`}\n`);
      return 1;
    }
    io.stdout(matrixToYaml(stored.matrix));
    return 0;
  });
}

type Side = { label: string; matrix: Matrix } | { error: string };

async function diffSides(a: string, b: string, clientFlag: string | undefined, io: CliIO): Promise<number> {
  const isVersion = (x: string) => /^\d+$/.test(x) && !existsSync(x);
  const fromFile = async (path: string): Promise<Side> => {
    const text = await readText(path, io);
    if (text === undefined) return { error: "" };
    const parsed = parseMatrix(text);
    return parsed.ok ? { label: path, matrix: parsed.matrix } : { error: problemsText(path, parsed.problems) };
  };
  const resolve = async (load: (x: string) => Promise<Side>): Promise<number> => {
    const [sa, sb] = [await load(a), await load(b)];
    for (const s of [sa, sb]) if ("error" in s) return io.stderr(s.error), 1;
    const [ma, mb] = [sa as { label: string; matrix: Matrix }, sb as { label: string; matrix: Matrix }];
    const changes = describeChanges(diffMatrices(ma.matrix, mb.matrix));
    io.stdout(`${ma.label} -> ${mb.label}: ${changes.length ? `${changes.length} change${changes.length === 1 ? "" : "s"}` : "no changes in meaning"}\n`);
    for (const c of changes) io.stdout(`  - ${c}\n`);
    return 0;
  };
  if (!isVersion(a) && !isVersion(b)) return resolve(fromFile);
  return withDatabase(io.env, async (db, defaultClient) => {
    const clientId = clientFlag ?? defaultClient;
    const store = new PrismaMatrixStore(db.prisma);
    return resolve(async (x) => {
      if (!isVersion(x)) return fromFile(x);
      const stored = await store.version(clientId, Number(x));
      return stored ? { label: `version ${x}`, matrix: stored.matrix } : { error: `tandem matrix: client ${clientId} has no version ${x} (see tandem matrix history)\n` };
    });
  });
}

async function history(clientFlag: string | undefined, io: CliIO): Promise<number> {
  return withDatabase(io.env, async (db, defaultClient) => {
    const clientId = clientFlag ?? defaultClient;
    const store = new PrismaMatrixStore(db.prisma);
    const [rows, current] = [await store.history(clientId), await store.current(clientId)];
    if (rows.length === 0) {
      io.stdout(`Client ${clientId} has no matrix yet (tandem matrix import FILE stores one).\n`);
      return 0;
    }
    const now = new Date();
    for (const r of rows) {
      const inForce = current?.version === r.version ? "  (in force)" : takesEffectAt(r) > now ? `  (takes effect ${effectiveDay(r, now)})` : "";
      io.stdout(`version ${r.version}  effective ${r.effective}  imported ${r.importedAt.toISOString()}${r.importedBy ? ` by ${r.importedBy}` : ""}  signed by ${r.signedBy.join("; ")}${inForce}\n`);
    }
    return 0;
  });
}

async function learned(clientFlag: string | undefined, io: CliIO): Promise<number> {
  return withDatabase(io.env, async (db, defaultClient) => {
    const clientId = clientFlag ?? defaultClient;
    const rows = await new PrismaMatrixStore(db.prisma).learned(clientId);
    if (rows.length === 0) io.stdout(`No learned phrasings for client ${clientId} yet (they come from "Not this one" picks in chat).\n`);
    for (const r of rows) io.stdout(`"${r.phrase}" -> ${r.categoryId}\n`);
    return 0;
  });
}

async function forget(phrase: string | undefined, clientFlag: string | undefined, io: CliIO): Promise<number> {
  if (!phrase?.trim()) throw new UsageError(`forget needs the phrase, in quotes (see tandem matrix learned)`);
  return withDatabase(io.env, async (db, defaultClient) => {
    const clientId = clientFlag ?? defaultClient;
    if (await new PrismaMatrixStore(db.prisma).forget(clientId, phrase)) {
      io.stdout(`Forgot "${phrase.trim()}" for client ${clientId}.\n`);
      return 0;
    }
    io.stderr(`tandem matrix: client ${clientId} has no learned phrasing "${phrase.trim()}" (see tandem matrix learned)\n`);
    return 1;
  });
}

/** The flags every matrix command takes, and the words after them (at most `max`). */
function matrixFlags<S extends Record<string, "string" | "boolean">>(args: string[], max: number, extra: S = {} as S) {
  const f = readFlags(args, { client: "string", ...extra });
  noWords(f.words.slice(max));
  return { client: f.values.client as string | undefined, values: f.values, words: f.words };
}

export const matrixCommand: CliCommand = {
  name: "matrix",
  summary: "Import, export, diff and history of the responsibility matrix; learned phrasings",
  usage: USAGE,
  run: subcommands("matrix", {
    import: async (args, io) => {
      const f = matrixFlags(args, 1, { force: "boolean" });
      return importMatrix(f.words[0], f.client, f.values.force === true, io);
    },
    export: async (args, io) => {
      const f = matrixFlags(args, 0, { version: "string" });
      return exportMatrix(f.client, versionNumber(f.values.version as string | undefined), io);
    },
    diff: async (args, io) => {
      const f = matrixFlags(args, 2);
      if (f.words.length < 2) throw new UsageError(`diff needs two versions or files`);
      return diffSides(f.words[0], f.words[1], f.client, io);
    },
    history: async (args, io) => history(matrixFlags(args, 0).client, io),
    learned: async (args, io) => learned(matrixFlags(args, 0).client, io),
    forget: async (args, io) => {
      const f = matrixFlags(args, 1);
      return forget(f.words[0], f.client, io);
    },
  }),
};
