// (e) Cold start as production runs it (`node dist/main.js`, one process, no npm or TypeScript loader) until
// /readyz answers 200, on a new and on an existing database, embedded and PostgreSQL; the idle resident memory of
// that process once it has settled; and where that memory goes (see memory.ts).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { DIST_MAIN, ensureBuilt, REPO_ROOT } from "../support/build";
import { freshPostgres, type TestDatabase } from "../support/databases";

export interface ColdStart {
  run: string;
  database: "embedded" | "postgres";
  existing: boolean;
  /** Process start to the first 200 from /readyz, as a load balancer sees it. */
  msToReady: number;
  /** What Tandem logs when it listens: wall-clock and CPU time since the process started. */
  listeningMs: number;
  cpuMs: number;
  /** When the background warm-up after listening (SDK, routing index, card expressions) was done. */
  warmMs: number;
  /** Resident memory IDLE_MS after the warm-up without requests, and the most it reached. */
  idleRssMb: number;
  peakRssMb: number;
  pid?: number;
}

const IDLE_MS = 5_000;

async function freePort(): Promise<number> {
  const srv = net.createServer().listen(0, "127.0.0.1");
  await new Promise((r) => srv.once("listening", r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

const statusKb = (pid: number, key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN);

export interface Started {
  result: ColdStart;
  child: ChildProcess;
  port: number;
  stop(): Promise<void>;
}

/** Starts `node dist/main.js`, waits for /readyz and the idle period; the caller stops it (memory.ts looks first). */
export async function startOnce(run: string, env: Record<string, string>, extraArgs: string[] = [], cwd = REPO_ROOT): Promise<Started> {
  const port = await freePort();
  const started = Date.now();
  const child = spawn(process.execPath, [...extraArgs, DIST_MAIN], {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "development", TEAMS_AUTH: "off", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let log = "";
  child.stdout!.on("data", (c) => (log = (log + c).slice(-20_000)));
  const stop = async () => {
    if (child.exitCode === null) child.kill("SIGTERM");
    if (child.exitCode === null) await new Promise((r) => child.once("exit", r));
  };
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${run}: Tandem exited ${child.exitCode}:\n${log}`);
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
      if (ok) break;
      if (Date.now() - started > 120_000) throw new Error(`${run}: not ready within 120 s`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const msToReady = Date.now() - started;
    for (let i = 0; i < 600 && !log.includes('"msg":"warmed up"'); i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, IDLE_MS));
    const startup = JSON.parse(/"startup":(\{[^}]*\})/.exec(log)?.[1] ?? "{}") as { ms?: number; cpuMs?: number };
    const result: ColdStart = {
      run,
      database: env.DATABASE_URL ? "postgres" : "embedded",
      existing: run.includes("existing"),
      msToReady,
      listeningMs: startup.ms ?? NaN,
      cpuMs: startup.cpuMs ?? NaN,
      warmMs: Number(/"warmMs":(\d+)/.exec(log)?.[1] ?? NaN),
      idleRssMb: Math.round(statusKb(child.pid!, "VmRSS") / 1024),
      peakRssMb: Math.round(statusKb(child.pid!, "VmHWM") / 1024),
      pid: child.pid,
    };
    return { result, child, port, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

export interface Inspect {
  /** Looks at the idle embedded restart (started with --heapsnapshot-signal=SIGUSR2 in `snapshots`) before it stops. */
  whileRunning(s: Started, snapshots: string): Promise<void>;
  /** Then, with the service stopped, its data directory. */
  afterStop(dataDir: string): Promise<void>;
}

/** New and existing database, embedded and PostgreSQL. */
export async function benchColdStart(inspect?: Inspect): Promise<ColdStart[]> {
  ensureBuilt();
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-bench-cold-"));
  const dataDir = path.join(base, "data");
  const out: ColdStart[] = [];
  let pg: TestDatabase | undefined;
  const once = async (run: string, env: Record<string, string>) => {
    const s = await startOnce(run, env);
    await s.stop();
    out.push(s.result);
  };
  try {
    // A machine where `npm run build` never prepared the embedded database's template: initdb in a worker thread.
    await once("embedded, new data directory, no prepared template", { DATA_DIR: path.join(base, "data-0"), TANDEM_PGLITE_TEMPLATE_DIR: path.join(base, "template") });
    await once("embedded, new data directory", { DATA_DIR: dataDir });
    await once("embedded, existing data directory", { DATA_DIR: dataDir });
    if (inspect) {
      const snapshots = path.join(base, "snapshots");
      fs.mkdirSync(snapshots);
      const s = await startOnce("embedded, existing data directory (again, inspected)", { DATA_DIR: dataDir }, ["--heapsnapshot-signal=SIGUSR2"], snapshots);
      out.push(s.result);
      await inspect.whileRunning(s, snapshots).catch((err) => console.error("memory breakdown failed:", err));
      await s.stop();
      await inspect.afterStop(dataDir).catch((err) => console.error("memory breakdown failed:", err));
    }
    pg = await freshPostgres();
    await once("PostgreSQL, new database", { DATABASE_URL: pg.url! });
    await once("PostgreSQL, existing database", { DATABASE_URL: pg.url! });
  } finally {
    await pg?.drop().catch(() => undefined);
    fs.rmSync(base, { recursive: true, force: true });
  }
  return out;
}

if (require.main === module) void benchColdStart().then((r) => console.table(r));
