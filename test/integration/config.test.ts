import { spawn, type ChildProcess } from "node:child_process";
import { DIST_MAIN, ensureBuilt } from "../support/build";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ConfigError, loadConfig } from "../../src/config";

const ROOT = path.resolve(__dirname, "../..");

/** A broken environment with several independent problems. */
const BROKEN = {
  PORT: "eighty",
  LOG_LEVEL: "loud",
  DATABASE_URL: "mysql://db.example.com/tandem",
  SLACK_BOT_TOKEN: "xoxp-user-token",
  MICROSOFT_APP_ID: "00000000-0000-0000-0000-000000000001",
};
const PROBLEM_KEYS = ["PORT", "LOG_LEVEL", "DATABASE_URL", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "MICROSOFT_APP_PASSWORD", "MICROSOFT_APP_TYPE"];

describe("configuration", () => {
  test("loadConfig lists every problem of a broken environment at once", () => {
    let error: unknown;
    try {
      loadConfig(BROKEN);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    for (const key of PROBLEM_KEYS) expect(problems.some((p) => p.startsWith(`${key}:`))).toBe(true);
    expect(problems).toHaveLength(PROBLEM_KEYS.length);
    expect((error as ConfigError).message).toContain(`${PROBLEM_KEYS.length} problem(s)`);
  });

  test("the retry window is read once: 24h by default, written 90s/30m/24h/2d; the old attempt limit is refused with a pointer", () => {
    expect(loadConfig({}).RETRY_WINDOW).toBe(24 * 3_600_000);
    expect(loadConfig({ RETRY_WINDOW: "30m" }).RETRY_WINDOW).toBe(30 * 60_000);
    expect(loadConfig({ RETRY_WINDOW: "2d" }).RETRY_WINDOW).toBe(2 * 86_400_000);
    expect(() => loadConfig({ RETRY_WINDOW: "forever" })).toThrow(/RETRY_WINDOW: "forever" is not a length of time: write e.g. 90s, 30m, 24h or 2d/);
    expect(() => loadConfig({ RETRY_WINDOW: "0h" })).toThrow(/RETRY_WINDOW/);
    expect(() => loadConfig({ OUTBOX_MAX_ATTEMPTS: "8" })).toThrow(/OUTBOX_MAX_ATTEMPTS: is no longer read: a failing send is retried for RETRY_WINDOW/);
  });

  test("sends per conversation are read once: the platforms' limits by default, written count/length windows", () => {
    expect(loadConfig({}).OUTBOX_PACE_SLACK).toEqual([{ max: 3, windowMs: 3_000 }]);
    expect(loadConfig({}).OUTBOX_PACE_TEAMS).toEqual([
      { max: 7, windowMs: 1_000 },
      { max: 8, windowMs: 2_000 },
      { max: 60, windowMs: 30_000 },
      { max: 1_800, windowMs: 3_600_000 },
    ]);
    expect(loadConfig({ OUTBOX_PACE_SLACK: "1/1s, 20/1m", OUTBOX_PACE_TEAMS: "5/500ms" })).toMatchObject({
      OUTBOX_PACE_SLACK: [{ max: 1, windowMs: 1_000 }, { max: 20, windowMs: 60_000 }],
      OUTBOX_PACE_TEAMS: [{ max: 5, windowMs: 500 }],
    });
    expect(() => loadConfig({ OUTBOX_PACE_SLACK: "1 per second" })).toThrow(/OUTBOX_PACE_SLACK: "1 per second" is not a list of sends per time: write e.g. 7\/1s,60\/30s,1800\/1h/);
    expect(() => loadConfig({ OUTBOX_PACE_TEAMS: "0/1s" })).toThrow(/OUTBOX_PACE_TEAMS/);
    expect(() => loadConfig({ OUTBOX_PACE_TEAMS: "7/1s,8/0s" })).toThrow(/OUTBOX_PACE_TEAMS/);
  });

  test("a send timeout as long as the outbox lease is refused (another replica could send the message meanwhile)", () => {
    expect(() => loadConfig({ OUTBOX_SEND_TIMEOUT_MS: "60000", OUTBOX_LEASE_SECONDS: "60" })).toThrow(/OUTBOX_SEND_TIMEOUT_MS: must be shorter than OUTBOX_LEASE_SECONDS/);
    expect(loadConfig({ OUTBOX_SEND_TIMEOUT_MS: "5000", OUTBOX_LEASE_SECONDS: "60" }).OUTBOX_SEND_TIMEOUT_MS).toBe(5000);
    // Unset, it follows a short lease.
    expect(loadConfig({}).OUTBOX_SEND_TIMEOUT_MS).toBe(15_000);
    expect(loadConfig({ OUTBOX_LEASE_SECONDS: "2" }).OUTBOX_SEND_TIMEOUT_MS).toBe(1_000);
  });

  test("an empty environment is a valid local start: embedded database, port 3978, Teams auth and Slack off", () => {
    const c = loadConfig({});
    // Unset NODE_ENV is production: no demo client (development mode is NODE_ENV=development, as npm start sets).
    expect(c).toMatchObject({ PORT: 3978, DATA_DIR: "./data", teamsAuth: false, slackEnabled: false, SEED_DEMO: false, devMode: false });
    expect(c.DATABASE_URL).toBeUndefined();
  });
});

// The service as production runs it (`node dist/main.js`), with only the environment given here.
function startProcess(env: Record<string, string>): ChildProcess & { output: () => string } {
  let output = "";
  ensureBuilt();
  const child = spawn(process.execPath, [DIST_MAIN], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? os.tmpdir(), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (c) => (output += c.toString()));
  child.stderr!.on("data", (c) => (output += c.toString()));
  return Object.assign(child, { output: () => output });
}

const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", (code) => resolve(code))));

async function waitForOutput(child: ReturnType<typeof startProcess>, re: RegExp, timeoutMs = 90_000): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = re.exec(child.output());
    if (m) return m;
    if (child.exitCode !== null) throw new Error(`the process exited (${child.exitCode}):\n${child.output()}`);
    if (Date.now() > deadline) throw new Error(`no ${re} within ${timeoutMs} ms:\n${child.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("starting the service (child process)", () => {
  let dataDir: string;
  const started: ChildProcess[] = [];
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-config-"));
  });
  afterAll(async () => {
    for (const child of started) if (child.exitCode === null) {
      child.kill("SIGKILL");
      await exitOf(child);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test("a broken environment stops start-up with every problem and a pointer to .env.example", async () => {
    const child = startProcess({ ...BROKEN, DATA_DIR: dataDir });
    started.push(child);
    const code = await exitOf(child);
    expect(code).not.toBe(0);
    const out = child.output();
    for (const key of PROBLEM_KEYS) expect(out).toContain(`${key}:`);
    expect(out).toContain("See .env.example");
    expect(fs.readdirSync(dataDir)).toEqual([]); // nothing was opened
  }, 90_000);

  test("a healthy start answers /healthz, a second process on the same data directory is refused, SIGTERM exits 0", async () => {
    const env = { DATA_DIR: dataDir, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info" };
    const first = startProcess(env);
    started.push(first);
    const [, url] = await waitForOutput(first, /"url":"(http:\/\/127\.0\.0\.1:\d+)"[^\n]*"msg":"Tandem is listening"/);
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);

    const second = startProcess(env);
    started.push(second);
    expect(await exitOf(second)).not.toBe(0);
    expect(second.output()).toContain("in use by another Tandem process");
    expect(second.output()).toContain(`pid ${first.pid}`);
    // The refused process left the first one alone.
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    first.kill("SIGTERM");
    expect(await exitOf(first)).toBe(0);
    expect(fs.existsSync(path.join(dataDir, "tandem.lock"))).toBe(false);
  }, 180_000);
});
