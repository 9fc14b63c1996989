// The embedded database: PGlite (PostgreSQL compiled to WebAssembly) in this process, tuned for a small footprint,
// and started from a prepared empty cluster instead of running initdb on each new data directory.
import fs from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { PGlite } from "@electric-sql/pglite";

/**
 * PostgreSQL's default shared_buffers (128 MB) is allocated inside the WebAssembly memory and touched as pages are
 * cached; it roughly doubles the idle resident size (measured: 293 MB for PGlite alone at 128 MB, 169 MB at 16 MB)
 * while a small MSP's whole database is a few MB. Reads beyond it come from the operating system's page cache.
 */
export const DEFAULT_SHARED_BUFFERS_MB = 16;

export interface PGliteOptions {
  /** "memory://" keeps the database in memory. */
  dataDir: string;
  sharedBuffersMb?: number;
}

// initdb of a new cluster costs 4-12 s of CPU and ~500 MB of WebAssembly memory that a process never gives back.
// A cluster is the same for every new data directory, so it is made once per PGlite version (in a worker thread,
// whose memory goes when it ends) and copied: a directory copy for a data directory, a tar for memory://.
const PACKAGE = require.resolve("@electric-sql/pglite");
const VERSION = (JSON.parse(fs.readFileSync(path.join(PACKAGE, "../../package.json"), "utf8")) as { version: string }).version;
export const TEMPLATE_DIR = path.resolve(
  process.env.TANDEM_PGLITE_TEMPLATE_DIR ?? path.join(__dirname, "../../../node_modules/.cache/tandem"),
  `pglite-${VERSION}`,
);

const startParams = (pglite: typeof PGlite, sharedBuffersMb: number) => [
  ...pglite.defaultStartParams,
  ...["-c", `shared_buffers=${sharedBuffersMb}MB`],
];

/** Opens (and creates, from the template, if it is new) an embedded database; resolves once it answers queries. */
export async function startPGlite(opts: PGliteOptions): Promise<PGlite> {
  const { PGlite } = await import("@electric-sql/pglite");
  const params = { startParams: startParams(PGlite, opts.sharedBuffersMb ?? DEFAULT_SHARED_BUFFERS_MB) };
  const inMemory = opts.dataDir.startsWith("memory://");
  let lite: PGlite;
  if (inMemory) {
    const template = await ensureTemplate();
    lite = new PGlite({ ...params, loadDataDir: new Blob([fs.readFileSync(path.join(template, "cluster.tar"))]) });
  } else {
    const dir = path.resolve(opts.dataDir);
    if (!fs.existsSync(path.join(dir, "PG_VERSION"))) await copyTemplate(dir);
    lite = new PGlite(dir, params);
  }
  await lite.waitReady;
  return lite;
}

/**
 * Fills a new (empty or missing) data directory with the template cluster. A marker file says a copy is under way,
 * and PG_VERSION (what makes the directory a cluster) comes last, so a copy cut short by a crash is redone, and a
 * directory of someone else's files is never touched.
 */
async function copyTemplate(dir: string): Promise<void> {
  const template = await ensureTemplate();
  fs.mkdirSync(dir, { recursive: true });
  const marker = path.join(dir, "tandem.initializing");
  const ours = new Set(["tandem.lock", "tandem.initializing"]);
  if (fs.existsSync(marker)) {
    for (const f of fs.readdirSync(dir)) if (!ours.has(f)) fs.rmSync(path.join(dir, f), { recursive: true, force: true });
  } else if (fs.readdirSync(dir).some((f) => !ours.has(f))) {
    return;
  }
  fs.writeFileSync(marker, "");
  const cluster = path.join(template, "cluster");
  for (const f of fs.readdirSync(cluster)) if (f !== "PG_VERSION") fs.cpSync(path.join(cluster, f), path.join(dir, f), { recursive: true });
  fs.copyFileSync(path.join(cluster, "PG_VERSION"), path.join(dir, "PG_VERSION"));
  fs.rmSync(marker);
}

/** The template cluster (made now if this machine has none yet), as `<dir>/cluster` and `<dir>/cluster.tar`. */
export async function ensureTemplate(dir = TEMPLATE_DIR): Promise<string> {
  if (fs.existsSync(path.join(dir, "cluster.tar"))) return dir;
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  // Made beside its final place and renamed into it, so a reader never sees half a template; when two processes
  // make one at once, the first rename wins and the other's copy is dropped.
  const work = fs.mkdtempSync(`${dir}.tmp-`);
  try {
    await runInWorker(PACKAGE, path.join(work, "cluster"), path.join(work, "cluster.tar"));
    try {
      fs.renameSync(work, dir);
    } catch (err) {
      if (!fs.existsSync(path.join(dir, "cluster.tar"))) throw err;
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return dir;
}

const INITDB = `
const { workerData, parentPort } = require("node:worker_threads");
const fs = require("node:fs");
(async () => {
  const { PGlite } = require(workerData.pglite);
  const lite = new PGlite(workerData.dir);
  await lite.waitReady;
  const tar = await lite.dumpDataDir("none");
  fs.writeFileSync(workerData.tar, Buffer.from(await tar.arrayBuffer()));
  await lite.close();
  parentPort.postMessage("done");
})().catch((err) => { throw err; });
`;

function runInWorker(pglite: string, dir: string, tar: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(INITDB, { eval: true, workerData: { pglite, dir, tar } });
    let done = false;
    worker.once("message", () => (done = true));
    worker.once("error", reject);
    worker.once("exit", (code) => (done ? resolve() : reject(new Error(`creating the embedded database template failed (exit ${code})`))));
  });
}

// `node dist/adapters/db/pglite.js` (npm run build): make the template now, so a first start does not.
if (require.main === module) {
  ensureTemplate().then(
    (dir) => process.stdout.write(`Embedded database template ready in ${path.relative(process.cwd(), dir)}\n`),
    (err) => {
      process.stderr.write(`${(err as Error).stack ?? err}\n`);
      process.exit(1);
    },
  );
}
