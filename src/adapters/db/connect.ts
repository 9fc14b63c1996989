import fs from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { PrismaClient } from "../../generated/prisma/client";
import { applyMigrations, type SqlRunner } from "./migrate";
import { startPGlite } from "./pglite";
import { isServed, serveEmbedded, socketPath, SOCKET_PORT } from "./embedded-share";

export type Prisma = PrismaClient;

export interface Database {
  kind: "pglite" | "postgres";
  prisma: PrismaClient;
  sql: SqlRunner;
  close(): Promise<void>;
  /** Embedded database opened with `serve`: the socket `tandem` commands use, or why there is none. */
  served?: { path: string } | { error: string };
}

export class DatabaseOpenError extends Error {}

// Prisma's defaults (2 s to start, 5 s to finish) are short when many turns queue for the same client row under
// load; a transaction that expires mid-way fails the turn.
const TRANSACTIONS = { maxWait: 10_000, timeout: 20_000 };

export interface OpenOptions {
  /** postgres://... for a server; absent for the embedded database. */
  url?: string;
  /** Data directory of the embedded database; "memory://" keeps it in memory. */
  dataDir?: string;
  migrate?: boolean;
  poolSize?: number;
  /** The embedded database's shared_buffers (see pglite.ts). */
  sharedBuffersMb?: number;
  /** Embedded database: serve it to `tandem` commands while it is open (the service does; see embedded-share.ts). */
  serve?: boolean;
  /** Embedded database held by a running service: work through the service's socket instead of refusing (the CLI). */
  throughService?: boolean;
}

/** Opens PGlite or PostgreSQL, applies pending migrations, and returns a Prisma client over it. */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  const migrate = opts.migrate !== false;
  if (opts.url) return openPostgres(opts.url, opts.poolSize ?? 10, migrate);
  return openPGlite(opts.dataDir ?? "./data", migrate, opts);
}

function runnerOver(q: { query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }> }): SqlRunner {
  return {
    exec: async (text) => {
      await q.query(text);
    },
    query: async <T>(text: string, params?: unknown[]) => (await q.query(text, params)).rows as T[],
  };
}

// Each kind loads its own driver only: PostgreSQL mode never loads the WebAssembly database, nor PGlite mode pg.
async function openPostgres(url: string, max: number, migrate: boolean): Promise<Database> {
  const [{ default: pg }, { PrismaPg }] = await Promise.all([import("pg"), import("@prisma/adapter-pg")]);
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on("error", () => undefined); // an idle client dropped by the server; the pool replaces it
  // Advisory locks belong to a session: the migrator holds one connection throughout.
  const session = await pool.connect().catch(async (err: Error) => {
    await pool.end().catch(() => undefined);
    throw new DatabaseOpenError(`Cannot reach PostgreSQL at ${redactUrl(url)}: ${err.message}`);
  });
  try {
    if (migrate) await applyMigrations(runnerOver(session));
  } catch (err) {
    session.release();
    await pool.end().catch(() => undefined);
    throw err;
  }
  session.release();
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool), transactionOptions: TRANSACTIONS });
  return {
    kind: "postgres",
    prisma,
    sql: runnerOver(pool),
    close: async () => {
      await prisma.$disconnect();
      await pool.end().catch(() => undefined);
    },
  };
}

async function openPGlite(dataDir: string, migrate: boolean, opts: Pick<OpenOptions, "serve" | "throughService" | "poolSize" | "sharedBuffersMb">): Promise<Database> {
  const inMemory = dataDir.startsWith("memory://");
  const dir = path.resolve(dataDir);
  if (!inMemory) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    ownerOnly(dir);
  }
  let release: () => void;
  try {
    release = inMemory ? () => undefined : lockDataDir(dir);
  } catch (err) {
    if (opts.throughService && err instanceof DatabaseOpenError && isServed(dir)) return openServed(dir, opts.poolSize ?? 2);
    throw err;
  }
  let lite: PGlite;
  try {
    lite = await startPGlite({ dataDir, sharedBuffersMb: opts.sharedBuffersMb });
    await lite.query("SELECT 1");
  } catch (err) {
    release();
    throw new DatabaseOpenError(
      `The embedded database in ${dataDir} could not be opened (${(err as Error).message || String(err)}). ` +
        `It may have been damaged by a crash during a write. Restore it from a copy, or move it aside to start fresh.`,
    );
  }
  const sql: SqlRunner = {
    exec: async (text) => {
      await lite.exec(text);
    },
    query: async <T>(text: string, params?: unknown[]) => (await lite.query(text, params)).rows as T[],
  };
  if (migrate) {
    try {
      await applyMigrations(sql);
    } catch (err) {
      await lite.close();
      release();
      throw err;
    }
  }
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(lite), transactionOptions: TRANSACTIONS });
  const shared = opts.serve && !inMemory ? await serveEmbedded(lite, dir).catch((err: Error) => ({ error: err.message })) : undefined;
  return {
    kind: "pglite",
    prisma,
    sql,
    served: shared && ("error" in shared ? shared : { path: shared.path }),
    close: async () => {
      if (shared && "close" in shared) await shared.close();
      await prisma.$disconnect();
      if (!lite.closed) await lite.close();
      release();
    },
  };
}

/** The embedded database of a running service, through its socket: no migrations (the service applied them). */
async function openServed(dir: string, poolSize: number): Promise<Database> {
  const [{ default: pg }, { PrismaPg }] = await Promise.all([import("pg"), import("@prisma/adapter-pg")]);
  const pool = new pg.Pool({ host: dir, port: SOCKET_PORT, user: "postgres", database: "postgres", max: poolSize });
  pool.on("error", () => undefined);
  try {
    await pool.query("SELECT 1");
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new DatabaseOpenError(`The embedded database in ${dir} is in use by the running Tandem service, which did not answer on ${socketPath(dir)}: ${(err as Error).message}`);
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool), transactionOptions: TRANSACTIONS });
  return {
    kind: "pglite",
    prisma,
    sql: runnerOver(pool),
    close: async () => {
      await prisma.$disconnect();
      await pool.end().catch(() => undefined);
    },
  };
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+)(:[^@/]*)?@/, "//$1:***@");
}

/**
 * PGlite is single-process: a second process on the same directory would corrupt it. A lock file with our pid
 * makes the second one stop with a clear message instead (a stale lock from a dead process is taken over).
 */
/**
 * PGlite writes its files 0666 whatever the umask: the data directory is the owner's only (0700, as PostgreSQL
 * requires of its own), so other local users can neither read the database nor change it behind the service.
 * A directory this user may not change the mode of (not theirs) is left as it is.
 */
function ownerOnly(dir: string): void {
  try {
    if (fs.statSync(dir).mode & 0o077) fs.chmodSync(dir, 0o700);
  } catch {
    /* not ours to change */
  }
}

function lockDataDir(dir: string): () => void {
  const file = path.join(dir, "tandem.lock");
  const mine = String(process.pid);
  try {
    const holder = Number(fs.readFileSync(file, "utf8").trim());
    if (holder && holder !== process.pid && isAlive(holder)) {
      throw new DatabaseOpenError(
        `The embedded database in ${dir} is in use by another Tandem process (pid ${holder}). Stop it first, ` +
          `or run Tandem on PostgreSQL (DATABASE_URL) to share one database between processes.`,
      );
    }
  } catch (err) {
    if (err instanceof DatabaseOpenError) throw err;
  }
  fs.writeFileSync(file, mine);
  return () => {
    try {
      if (fs.readFileSync(file, "utf8").trim() === mine) fs.unlinkSync(file);
    } catch {
      /* already gone */
    }
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
