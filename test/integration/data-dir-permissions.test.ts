// The embedded database's files (every ticket, matrix, paging key and webhook secret) are readable and writable by
// the user the service runs as only. PGlite writes its files 0666 whatever the umask, so the data directory itself
// is made 0700 (as PostgreSQL requires of its own): other local users can neither read nor change the database
// behind the service's back, as the socket's mode 0600 already keeps them from connecting to it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "../../src/adapters/db/connect";

jest.setTimeout(120_000);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-perms-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const othersMay = (p: string) => fs.statSync(p).mode & 0o077;

test("a new data directory is the owner's only", async () => {
  const dir = path.join(tmp, "new");
  const db = await openDatabase({ dataDir: dir, serve: true });
  try {
    expect(othersMay(dir).toString(8)).toBe("0");
  } finally {
    await db.close();
  }
});

test("an existing data directory left open to others (0755 with 0666 files) is closed to them when opened", async () => {
  const dir = path.join(tmp, "existing");
  await (await openDatabase({ dataDir: dir })).close();
  fs.chmodSync(dir, 0o755);
  const db = await openDatabase({ dataDir: dir });
  try {
    expect(othersMay(dir).toString(8)).toBe("0");
  } finally {
    await db.close();
  }
});
