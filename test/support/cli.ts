// Running `tandem <command>` in-process with captured output, as the CLI tests do.
import type { CliIO } from "../../src/cli/command";
import { runCli } from "../../src/cli/main";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, type Database } from "../../src/adapters/db/connect";
import { freshPostgres, type TestDatabase } from "./databases";

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

/**
 * Opens the database a CLI test's `tandem` runs against, for the duration of `fn`: the PostgreSQL test database
 * when there is one, else the embedded one in `dataDir` (one user at a time, as the CLI itself opens it).
 */
export async function withCliDatabase<T>(pg: TestDatabase | undefined, dataDir: string, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await (pg ? pg.open() : openDatabase({ dataDir }));
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/**
 * For a CLI test's describe block: a fresh database of the given kind (made before its tests, dropped after),
 * `cli(...argv)` running `tandem` against it, and `withDb` to open it in between.
 */
export function cliDatabase(kind: "pglite" | "postgres", name: string) {
  const dir = mkdtempSync(join(tmpdir(), `tandem-${name}-`));
  const dataDir = join(dir, "data");
  let env: NodeJS.ProcessEnv = {};
  let pg: TestDatabase | undefined;
  beforeAll(async () => {
    if (kind === "postgres") pg = await freshPostgres();
    env = { DATA_DIR: dataDir, LOG_LEVEL: "silent", ...(pg ? { DATABASE_URL: pg.url } : {}) };
  });
  afterAll(async () => {
    await pg?.drop();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    cli: (...argv: string[]) => runTandem(argv, env),
    withDb: <T>(fn: (db: Database) => Promise<T>) => withCliDatabase(pg, dataDir, fn),
  };
}
