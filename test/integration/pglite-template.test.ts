// A new embedded database starts from the cluster prepared once per PGlite version, not from its own initdb.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "../../src/adapters/db/connect";
import { ensureTemplate, TEMPLATE_DIR } from "../../src/adapters/db/pglite";

jest.setTimeout(120_000);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-template-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

// initdb gives every cluster its own system identifier (in pg_control): equal bytes mean a copy.
const control = (dir: string) => fs.readFileSync(path.join(dir, "global", "pg_control"));

test("a new data directory is a copy of the template, migrated, and opens again as an existing database", async () => {
  const template = path.join(await ensureTemplate(), "cluster");
  expect(template).toBe(path.join(TEMPLATE_DIR, "cluster"));
  const dir = path.join(tmp, "fresh");
  const db = await openDatabase({ dataDir: dir });
  try {
    expect(await db.prisma.client.count()).toBe(0); // migrated: the tables exist
  } finally {
    await db.close();
  }
  expect(control(dir).subarray(0, 8)).toEqual(control(template).subarray(0, 8));
  expect(fs.existsSync(path.join(dir, "tandem.initializing"))).toBe(false);
  const again = await openDatabase({ dataDir: dir });
  await again.close();
});

test("a copy cut short (the marker is still there, PG_VERSION is not) is done again from the start", async () => {
  const dir = path.join(tmp, "cut-short");
  fs.mkdirSync(path.join(dir, "base"), { recursive: true });
  fs.writeFileSync(path.join(dir, "tandem.initializing"), "");
  fs.writeFileSync(path.join(dir, "base", "half-a-file"), "x");
  const db = await openDatabase({ dataDir: dir });
  await db.close();
  expect(fs.existsSync(path.join(dir, "base", "half-a-file"))).toBe(false);
  expect(fs.existsSync(path.join(dir, "PG_VERSION"))).toBe(true);
  expect(fs.existsSync(path.join(dir, "tandem.initializing"))).toBe(false);
});

test("an in-memory database starts from the template's tar, and two template makers at once agree", async () => {
  const own = path.join(tmp, "own-template");
  const [a, b] = await Promise.all([ensureTemplate(own), ensureTemplate(own)]);
  expect(a).toBe(own);
  expect(b).toBe(own);
  expect(fs.readdirSync(own).sort()).toEqual(["cluster", "cluster.tar"]);
  expect(fs.readdirSync(tmp).filter((f) => f.startsWith("own-template.tmp-"))).toEqual([]);
  const db = await openDatabase({ dataDir: "memory://" });
  try {
    expect(await db.prisma.client.count()).toBe(0);
  } finally {
    await db.close();
  }
});
