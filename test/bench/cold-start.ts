// (e) Cold start of the embedded default: `npx tsx src/main.ts` on a fresh DATA_DIR until /healthz answers,
// first with an empty tsx compile cache, then warm; idle RSS of the whole process tree once it is up.
import { execSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { REPO_ROOT } from "../support/tandem-process";

export interface ColdStart {
  run: string;
  dataDir: string;
  msToHealthy: number;
  /** npx + tsx + Tandem. */
  idleRssMb: number;
  /** The Tandem process alone. */
  tandemRssMb: number;
}

async function freePort(): Promise<number> {
  const srv = net.createServer().listen(0, "127.0.0.1");
  await new Promise((r) => srv.once("listening", r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

/** Resident memory of a process and all its descendants (npx -> tsx -> node). */
function treeRssKb(root: number): { total: number; largest: number } {
  const rows = execSync("ps -e -o pid=,ppid=,rss=", { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((l) => l.trim().split(/\s+/).map(Number));
  const pids = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of rows) if (pids.has(ppid) && !pids.has(pid)) (pids.add(pid), (grew = true));
  }
  const mine = rows.filter(([pid]) => pids.has(pid)).map(([, , rss]) => rss);
  return { total: mine.reduce((a, b) => a + b, 0), largest: Math.max(...mine) };
}

async function startOnce(label: string, tmpdir: string, dataDir: string, existing: boolean): Promise<ColdStart> {
  const port = await freePort();
  const started = Date.now();
  const child = spawn("npx", ["tsx", "src/main.ts"], {
    cwd: REPO_ROOT,
    // TMPDIR holds tsx's compile cache: a new one is a cold start of the toolchain too.
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: tmpdir, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, LOG_LEVEL: "warn" },
    stdio: "ignore",
    detached: true,
  });
  try {
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
      if (ok) break;
      if (Date.now() - started > 120_000) throw new Error(`${label}: no /healthz within 120 s`);
      await new Promise((r) => setTimeout(r, 25));
    }
    const msToHealthy = Date.now() - started;
    await new Promise((r) => setTimeout(r, 3000)); // idle
    const rss = treeRssKb(child.pid!);
    return { run: label, dataDir: existing ? "existing" : "fresh", msToHealthy, idleRssMb: Math.round(rss.total / 1024), tandemRssMb: Math.round(rss.largest / 1024) };
  } finally {
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      /* gone */
    }
    await new Promise((r) => child.once("exit", r));
  }
}

export async function benchColdStart(): Promise<ColdStart[]> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-bench-cold-"));
  const tmp = path.join(base, "tmp");
  fs.mkdirSync(tmp);
  try {
    return [
      await startOnce("cold (empty tsx cache)", tmp, path.join(base, "data-1"), false),
      await startOnce("warm tsx cache", tmp, path.join(base, "data-2"), false),
      await startOnce("warm tsx cache, restart", tmp, path.join(base, "data-2"), true),
    ];
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
}

if (require.main === module) void benchColdStart().then((r) => console.table(r));
