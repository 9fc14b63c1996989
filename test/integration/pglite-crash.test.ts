import { until } from "../support/wait";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { FakeSlackApi } from "../fakes/slack-api";
import { eventEnvelope, mentionEvent, slackSignature, SIGNING_SECRET } from "../support/slack-requests";
import { DIST_MAIN, ensureBuilt } from "../support/build";
import { REPO_ROOT, spawnTandem, stopTandem, type TandemProcess } from "../support/tandem-process";
import { openDatabase } from "../../src/adapters/db/connect";

jest.setTimeout(240_000);

const ROUNDS = 3;
const KILL_AFTER = 40;

/**
 * The embedded database under kill -9: a real Tandem process on a data directory takes a burst of Slack
 * "help" mentions (each writes a ProcessedEvent and an OutboxMessage before answering 200) and is killed
 * mid-burst. Restarted on the same directory it must open, and hold every event it acknowledged.
 */
describe("PGlite data directory survives kill -9 during writes", () => {
  let dir: string;
  let slack: FakeSlackApi;
  const children: TandemProcess[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-crash-"));
    slack = await new FakeSlackApi().start();
  });
  afterAll(async () => {
    for (const c of children) await stopTandem(c, "SIGKILL");
    await slack.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const env = () => ({ DATA_DIR: dir, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: "xoxb-test", SLACK_API_URL: slack.apiUrl });

  test(`${ROUNDS} rounds of kill -9 mid-burst: each restart opens the directory and every acknowledged event is stored`, async () => {
    const acknowledged: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const t = await spawnTandem(env());
      children.push(t);
      // Everything acknowledged in earlier rounds survived the previous kill.
      const ready = await fetch(`${t.url}/readyz`);
      expect(ready.status).toBe(200);

      let fired = 0;
      let killed = false;
      const fire = async (i: number) => {
        const id = `EvCrash${round}x${i}`;
        const body = JSON.stringify(eventEnvelope(mentionEvent("help", { channel: `CCR${i % 4}`, ts: `1700200000.${round}${String(i).padStart(5, "0")}` }), id));
        try {
          const res = await fetch(`${t.url}/slack/events`, {
            method: "POST",
            headers: { "content-type": "application/json", ...slackSignature(body) },
            body,
            signal: AbortSignal.timeout(10_000),
          });
          if (res.status === 200) acknowledged.push(id);
        } catch {
          /* the process died with this request in flight: not acknowledged */
        }
      };
      const worker = async () => {
        while (!killed) {
          const i = fired++;
          if (i === KILL_AFTER + round * 7) {
            killed = true;
            t.kill("SIGKILL");
          }
          await fire(i);
        }
      };
      await Promise.all(Array.from({ length: 6 }, worker));
      expect(await t.exited).toBe("SIGKILL");
    }

    // A last start on the same directory: it opens (stale lock from a dead pid taken over) and has every row.
    const last = await spawnTandem(env());
    children.push(last);
    expect((await fetch(`${last.url}/healthz`)).status).toBe(200);
    // Events acknowledged but not yet handled when a round was killed are handled after the restart.
    await until(async () => /tandem_inbox_depth\{status="pending"\} 0\b/.test(await (await fetch(`${last.url}/metrics`)).text()), 30_000);
    await stopTandem(last, "SIGTERM");
    const db = await openDatabase({ dataDir: dir });
    try {
      const stored = new Set((await db.prisma.inboxEvent.findMany({ where: { platform: "slack" } })).map((e) => e.eventId));
      expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
      const threads = new Set(
        (await db.prisma.outboxMessage.findMany({ where: { conversation: { startsWith: "slack:CCR" } } })).map((o) => (o.payload as { threadId?: string }).threadId),
      );
      const eventThread = (id: string) => {
        const [, round, i] = /^EvCrash(\d+)x(\d+)$/.exec(id)!;
        return `1700200000.${round}${i.padStart(5, "0")}`;
      };
      // Each acknowledged event was handled once the database was back: its reply is in the outbox.
      expect(acknowledged.filter((id) => !threads.has(eventThread(id)))).toEqual([]);
      expect(acknowledged.length).toBeGreaterThanOrEqual(ROUNDS * (KILL_AFTER - 10));
    } finally {
      await db.close();
    }
  });

  test.each([
    ["a garbled control file", (d: string) => fs.writeFileSync(path.join(d, "global", "pg_control"), Buffer.alloc(100, 7))],
    ["a truncated write-ahead log", (d: string) => fs.readdirSync(path.join(d, "pg_wal")).filter((f) => /^[0-9A-F]{24}$/.test(f)).forEach((f) => fs.truncateSync(path.join(d, "pg_wal", f), 8192))],
    ["missing table files", (d: string) => fs.rmSync(path.join(d, "base"), { recursive: true })],
  ])("a damaged directory (%s) stops start-up with the clear message and exit code 70", (_what, damage) => {
    const copy = `${dir}-damaged`;
    fs.cpSync(dir, copy, { recursive: true });
    try {
      damage(copy);
      ensureBuilt();
      const r = spawnSync(process.execPath, [DIST_MAIN], {
        cwd: REPO_ROOT,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env(), DATA_DIR: copy, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent" },
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(r.status).toBe(70);
      expect(r.stderr).toContain(`The embedded database in ${copy} could not be opened`);
      expect(r.stderr).toContain("Restore it from a copy, or move it aside to start fresh.");
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});
