// The embedded database served to `tandem` commands: a command's transaction and the service's own queries take
// turns. Without that, the service's writes would run inside the command's open transaction and vanish with its
// rollback (PGlite is a single session).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { PGlite } from "@electric-sql/pglite";
import { serveEmbedded, type SharedEmbedded } from "../../src/adapters/db/embedded-share";
import { until } from "../support/wait";

describe("serving the embedded database on its socket", () => {
  let dir: string;
  let lite: PGlite;
  let shared: SharedEmbedded;
  const connect = async () => {
    const c = new pg.Client({ host: dir, port: 5432, user: "postgres", database: "postgres" });
    c.on("error", () => undefined); // the test that cuts the connection
    await c.connect();
    return c;
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-share-"));
    lite = new PGlite();
    await lite.exec("CREATE TABLE note (who text)");
    shared = await serveEmbedded(lite, dir);
  });
  afterAll(async () => {
    await shared?.close();
    await lite?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("the service's write waits for a command's open transaction, and survives its rollback", async () => {
    const cli = await connect();
    await cli.query("BEGIN");
    await cli.query("INSERT INTO note VALUES ('command')");
    const service = lite.query("INSERT INTO note VALUES ('service')");
    await cli.query("ROLLBACK");
    await service;
    expect((await lite.query<{ who: string }>("SELECT who FROM note")).rows.map((r) => r.who)).toEqual(["service"]);
    await cli.end();
  });

  test("a command that disconnects mid-transaction is rolled back and the service goes on", async () => {
    const cli = await connect();
    await cli.query("BEGIN");
    await cli.query("INSERT INTO note VALUES ('abandoned')");
    const service = lite.query("INSERT INTO note VALUES ('after')");
    (cli as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    await service;
    const rows = (await lite.query<{ who: string }>("SELECT who FROM note ORDER BY who")).rows.map((r) => r.who);
    expect(rows).toEqual(["after", "service"]);
    await cli.end().catch(() => undefined);
  });

  test("a command's statements never run inside a service transaction", async () => {
    const cli = await connect();
    let finish!: () => void;
    const held = new Promise<void>((r) => (finish = r));
    const serviceTx = lite
      .transaction(async (tx) => {
        await tx.query("INSERT INTO note VALUES ('rolled back')");
        await held;
        throw new Error("the service's transaction fails");
      })
      .catch(() => undefined);
    const insert = cli.query("INSERT INTO note VALUES ('from the command')");
    // The command's statement has arrived and waits for the service's transaction to end.
    await until(async () => shared.waiting() === 1);
    finish();
    await serviceTx;
    await insert;
    const rows = (await lite.query<{ who: string }>("SELECT who FROM note ORDER BY who")).rows.map((r) => r.who);
    expect(rows).toContain("from the command");
    expect(rows).not.toContain("rolled back");
    await cli.end();
  });
});
