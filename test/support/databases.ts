import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "../../src/adapters/db/connect";

/** The PostgreSQL server every database test also runs against (each test file gets its own fresh database). */
export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase {
  kind: "pglite" | "postgres";
  /** postgres:// URL of the fresh database (undefined for PGlite). */
  url?: string;
  open(): Promise<Database>;
  drop(): Promise<void>;
}

/** A fresh, empty PostgreSQL database on the local server; drop() removes it. */
export async function freshPostgres(): Promise<TestDatabase> {
  const name = `tandem_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = POSTGRES_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  return {
    kind: "postgres",
    url,
    open: () => openDatabase({ url, poolSize: 5 }),
    drop: async () => {
      const c = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export function freshPGlite(): TestDatabase {
  return { kind: "pglite", open: () => openDatabase({ dataDir: "memory://" }), drop: async () => undefined };
}

export const DATABASE_KINDS = ["pglite", "postgres"] as const;

export async function freshDatabase(kind: (typeof DATABASE_KINDS)[number]): Promise<TestDatabase> {
  return kind === "pglite" ? freshPGlite() : freshPostgres();
}

/**
 * Runs a describe block once per database kind with a migrated database opened before each test file's
 * tests and dropped after: `describeEachDatabase("tickets", (ctx) => { test(..., () => ctx.db.prisma...) })`.
 */
export function describeEachDatabase(title: string, body: (ctx: { db: Database; kind: string; url?: string }) => void): void {
  for (const kind of DATABASE_KINDS) {
    describe(`${title} [${kind}]`, () => {
      const ctx = { kind } as { db: Database; kind: string; url?: string };
      let handle: TestDatabase;
      beforeAll(async () => {
        handle = await freshDatabase(kind);
        ctx.url = handle.url;
        ctx.db = await handle.open();
      });
      afterAll(async () => {
        await ctx.db?.close();
        await handle?.drop();
      });
      body(ctx);
    });
  }
}
