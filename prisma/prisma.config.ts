import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";

// postgres://... -> real PostgreSQL; unset -> embedded PGlite under DATA_DIR (same choice as src/adapters/db/connect.ts).
const url = process.env.DATABASE_URL;
// The schema's env("DATABASE_URL") must resolve or the CLI falls back to downloading the Rust engine.
process.env.DATABASE_URL ??= "postgresql://embedded@localhost/pglite";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  adapter: async () =>
    url ? new PrismaPg({ connectionString: url }) : new PrismaPGlite(new PGlite(process.env.DATA_DIR ?? "./data")),
  schema: path.join(__dirname, "schema.prisma"),
  migrations: { path: path.join(__dirname, "migrations") },
});
