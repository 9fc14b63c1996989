import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { openDatabase, type Database } from "../../src/adapters/db/connect";
import { OutboxRepository } from "../../src/adapters/db/outbox-repo";
import { OutboxDispatcher } from "../../src/adapters/outbox/dispatcher";
import { SendError, type ChatSender } from "../../src/adapters/outbox/sender";
import { createLogger } from "../../src/logger";
import type { Outgoing } from "../../src/core/conversation/reply";
import { runTandem } from "../support/cli";
import { freshPostgres, type TestDatabase } from "../support/databases";

// Each `tandem` call opens the database (the embedded one takes seconds on a loaded machine): the budget is for a
// test's whole sequence of calls, which waits on their completion, not on time.
jest.setTimeout(120_000);

const post = (channel: string, text: string): Outgoing => ({ op: "post", channel: { platform: "slack", id: channel, isDirect: false }, reply: { text } });

const cli = (args: string[], env: NodeJS.ProcessEnv) => runTandem(args, { LOG_LEVEL: "silent", ...env });

describe.each(["pglite", "postgres"] as const)("failed messages are visible: log line, tandem outbox, tandem audit [%s]", (kind) => {
  let db: Database;
  let env: NodeJS.ProcessEnv;
  let pg: TestDatabase | undefined;
  let dir: string | undefined;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    if (kind === "postgres") {
      pg = await freshPostgres();
      db = await pg.open();
      env = { DATABASE_URL: pg.url };
    } else {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-outbox-cli-"));
      db = await openDatabase({ dataDir: dir });
      env = { DATA_DIR: dir };
    }
    const repo = new OutboxRepository(db.prisma);
    const sink = new Writable({
      write(chunk, _enc, done) {
        for (const l of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(l));
        done();
      },
    });
    const refusing: ChatSender = {
      send: async (item) => {
        if (item.op === "post" && item.reply.text.includes("secret-ish")) throw new SendError("channel_not_found", "permanent");
        throw new SendError("HTTP 503 from Slack", "transient");
      },
    };
    const dispatcher = new OutboxDispatcher(repo, { slack: refusing }, createLogger("info", sink), { replica: "cli-test", pollMs: 1000, retry: { firstDelayMs: 1, maxDelayMs: 1, windowMs: 1 } });
    await repo.enqueue([post("CGONE", "a message with secret-ish words"), post("CFLAKY", "flaky one")]);
    await dispatcher.drain();
    await db.prisma.outboxMessage.updateMany({ where: { status: "pending" }, data: { availableAt: new Date(0) } });
    await dispatcher.drain();
    await db.prisma.auditLog.createMany({
      data: [
        { clientId: "demo", actor: "slack:T1:UALICE", action: "matrix.import", outcome: "allowed", place: "slack:C1", detail: { version: 2 } },
        { clientId: "demo", actor: "slack:T1:UMALLORY", action: "escalate", outcome: "refused", place: "slack:C1" },
        { clientId: "acme", actor: "teams:tenant-1:aad-bob", action: "incident.declare", outcome: "allowed", place: "teams:19:x" },
      ],
    });
    if (kind === "pglite") await db.close(); // the embedded database has one user at a time: the CLI opens it next
  });
  afterAll(async () => {
    if (kind === "postgres") {
      await db.close();
      await pg!.drop();
    }
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test("giving up writes one error log line with the row and the reason, never the message text", () => {
    const gaveUp = lines.filter((l) => l.msg === "outbox: giving up on message");
    expect(gaveUp).toHaveLength(2);
    expect(gaveUp.map((l) => l.error).sort()).toEqual(["HTTP 503 from Slack", "channel_not_found"]);
    expect(gaveUp.every((l) => l.level === 50 && typeof l.outbox === "string")).toBe(true);
    expect(JSON.stringify(lines)).not.toContain("secret-ish");
    expect(lines.filter((l) => l.msg === "outbox: send failed, will retry")).toHaveLength(1);
  });

  test("tandem outbox list --status failed shows both with their last error and how to retry", async () => {
    const r = await cli(["outbox", "list", "--status", "failed"], env);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ID\s+STATUS\s+TRIES\s+CONVERSATION/m);
    expect(r.stdout).toMatch(/slack:CGONE\s+post .*channel_not_found/);
    expect(r.stdout).toMatch(/failed\s+2\s+slack:CFLAKY\s+post .*HTTP 503 from Slack/);
    expect(r.stdout).toContain('2 failed: fix the cause (see LAST ERROR), then "tandem outbox retry <ID>".');
    const json = await cli(["outbox", "list", "--json"], env);
    const rows = json.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(rows.map((x) => x.status)).toEqual(["failed", "failed"]);
    expect((await cli(["outbox", "list", "--status", "sent"], env)).stdout).toBe("No sent messages in the outbox.\n");
  });

  test("tandem outbox retry queues a failed message again; bad input is a usage error", async () => {
    const [row] = (await cli(["outbox", "list", "--json", "--limit", "1"], env)).stdout.trim().split("\n").map((l) => JSON.parse(l));
    const r = await cli(["outbox", "retry", row.id], env);
    expect(r).toMatchObject({ code: 0, stdout: `Message ${row.id} is queued again.\n` });
    const again = await cli(["outbox", "retry", row.id], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("is not a failed message");
    expect((await cli(["outbox", "list", "--status", "pending", "--json"], env)).stdout).toContain(`"id":"${row.id}"`);
    const bad = await cli(["outbox", "list", "--status", "lost"], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--status must be one of pending, sending, sent, failed");
    expect((await cli(["outbox", "retry", "abc"], env)).code).toBe(2);
    expect((await cli(["outbox"], env)).code).toBe(2);
  });

  test("tandem audit lists who did what, where, newest first; --client and --limit filter", async () => {
    const all = await cli(["audit"], env);
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/^WHEN\s+CLIENT\s+WHO\s+ACTION\s+OUTCOME\s+WHERE/m);
    expect(all.stdout).toMatch(/demo\s+slack:T1:UMALLORY\s+escalate\s+refused\s+slack:C1/);
    expect(all.stdout).toMatch(/demo\s+slack:T1:UALICE\s+matrix\.import\s+allowed\s+slack:C1\s+\{"version":2\}/);
    const demo = await cli(["audit", "--client", "demo", "--json"], env);
    const rows = demo.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(rows.map((x) => x.action)).toEqual(["escalate", "matrix.import"]);
    const one = await cli(["audit", "--client=demo", "--limit", "1", "--json"], env);
    expect(one.stdout.trim().split("\n")).toHaveLength(1);
    const refused = await cli(["audit", "--refused", "--json"], env);
    expect(refused.stdout.trim().split("\n").map((l) => JSON.parse(l).actor)).toEqual(["slack:T1:UMALLORY"]);
    expect((await cli(["audit", "--client", "nobody"], env)).stdout).toBe('No audit entries for client "nobody".\n');
    const bad = await cli(["audit", "--limit", "0"], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--limit must be a whole number from 1 to 10000");
  });
});
