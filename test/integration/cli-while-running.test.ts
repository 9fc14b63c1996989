// `tandem` commands while the service runs on the embedded database: the service serves its database on a socket
// in the data directory, so every command works with the bot up, the service stays the only writer, and a command
// that dies mid-transaction neither blocks the bot nor leaves half a change. The service is the built process
// (node dist/main.js) on a real data directory; the CLI runs in this process, as another user of it would.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { runTandem } from "../support/cli";
import { spawnTandem, stopTandem, type TandemProcess } from "../support/tandem-process";
import { FakeBotConnector } from "../fakes/bot-connector";
import { teamsMessage } from "../support/teams-activities";

// Each `tandem` call opens the database (the embedded one takes seconds on a loaded machine): the budget is for a
// test's whole sequence of calls, which waits on their completion, not on time.
jest.setTimeout(120_000);

const FIXTURES = path.join(__dirname, "../fixtures/matrix");

describe("tandem commands while the service runs on the embedded database", () => {
  let dir: string;
  let service: TandemProcess;
  const connector = new FakeBotConnector();
  let env: NodeJS.ProcessEnv;
  const cli = (...argv: string[]) => runTandem(argv, env);
  const ask = async (text: string) => {
    const activity = teamsMessage(text, { serviceUrl: connector.serviceUrl, conversationId: "19:cli-running@thread.tacv2" });
    const res = await fetch(`${service.url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(activity) });
    expect(res.status).toBe(200);
    return connector.waitForActivity((_a, c) => decodeURIComponent(c.path).includes(`;messageid=${activity.id}`), 20_000);
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-cli-running-"));
    await connector.start();
    env = { DATA_DIR: path.join(dir, "data"), LOG_LEVEL: "silent" };
    service = await spawnTandem({ DATA_DIR: env.DATA_DIR! });
  }, 120_000);
  afterAll(async () => {
    if (service) await stopTandem(service);
    await connector.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("the socket is the service user's only (mode 0600), next to the lock", () => {
    const stat = fs.statSync(path.join(env.DATA_DIR!, ".s.PGSQL.5432"));
    expect(stat.isSocket()).toBe(true);
    expect(stat.mode & 0o777).toBe(0o600);
  });

  test("every reading command answers with the bot up, none says the database is in use", async () => {
    const runs = [
      ["tickets", "list"],
      ["hours"],
      ["matrix", "history"],
      ["matrix", "export"],
      ["clients", "list"],
      ["people", "list"],
      ["outbox", "list"],
      ["inbox", "list"],
      ["audit"],
      ["playbooks", "list"],
      ["incidents", "list"],
      ["schedule", "list"],
      ["report", "monthly"],
      ["webhook", "show"],
    ];
    for (const argv of runs) {
      const r = await cli(...argv);
      expect({ argv, code: r.code, stderr: r.stderr }).toEqual({ argv, code: 0, stderr: "" });
    }
  }, 120_000);

  test("a change made with the CLI is what the running bot answers from; what the bot stored, the CLI reads", async () => {
    const demo = fs.readFileSync(path.join(FIXTURES, "demo.yaml"), "utf8");
    const v5 = path.join(dir, "v5.yaml");
    fs.writeFileSync(
      v5,
      demo.replace("version: 4", "version: 5").concat(
        ["  - id: plotters", "    name: Large-format plotters", "    description: Engineering plotters.", "    owner: msp", "    backup: none", "    afterHours: msp", '    escalation: "Vendor call."', '    keywords: ["plotter"]', ""].join("\n"),
      ),
    );
    const imported = await cli("matrix", "import", v5);
    expect(imported.stderr).toBe("");
    expect(imported.code).toBe(0);
    const answer = await ask("who handles the plotter on floor 3?");
    expect(JSON.stringify(answer.body)).toContain("Large-format plotters");

    await ask("ticket the plotter on floor 3 prints blank pages");
    const listed = await cli("tickets", "list");
    expect(listed.stdout).toContain("the plotter on floor 3 prints blank pages");
  }, 60_000);

  test("a client that dies inside a transaction: its change is rolled back and the bot carries on", async () => {
    const client = new pg.Client({ host: env.DATA_DIR, port: 5432, user: "postgres", database: "postgres" });
    await client.connect();
    await client.query("BEGIN");
    await client.query(`INSERT INTO "Client" (id, name, timezone, "ticketPrefix", settings, "createdAt") VALUES ('half-done', 'Half done', 'UTC', 'HD', '{}', now())`);
    // While the transaction is open, the bot's own work waits for it rather than running inside it...
    const pending = ask("who handles a printer that won't print?");
    // ...and goes on once the client is gone.
    (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    await client.end().catch(() => undefined);
    const answer = await pending;
    expect(JSON.stringify(answer.body)).toContain("Printers");
    const clients = await cli("clients", "list");
    expect(clients.code).toBe(0);
    expect(clients.stdout).not.toContain("half-done");
  }, 60_000);

  test("after the service stops, the socket is gone and the CLI opens the database itself", async () => {
    expect(await stopTandem(service)).toBe(0);
    expect(fs.existsSync(path.join(env.DATA_DIR!, ".s.PGSQL.5432"))).toBe(false);
    const r = await cli("tickets", "list");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("the plotter on floor 3 prints blank pages");
  }, 60_000);
});
