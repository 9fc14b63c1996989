// Tests that start Tandem as a process run what production runs: `node dist/main.js`. This makes sure dist/ is
// built from the sources as they are now (a stale build would test yesterday's code), once per test process;
// jest workers that find it stale at the same moment take turns through a lock directory.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const REPO_ROOT = path.resolve(__dirname, "../..");
export const DIST_MAIN = path.join(REPO_ROOT, "dist/main.js");
const STAMP = path.join(REPO_ROOT, "dist/.built");
const BUILD_INFO = path.join(REPO_ROOT, "dist/.tsbuildinfo");
const LOCK = path.join(REPO_ROOT, "dist/.lock");
const INPUTS = ["src", "tsconfig.json", "tsconfig.build.json", "package.json"];

function newestInput(p = ""): number {
  let newest = 0;
  for (const name of p ? [p] : INPUTS) {
    const full = path.join(REPO_ROOT, name);
    const st = fs.statSync(full);
    if (st.isDirectory()) for (const child of fs.readdirSync(full)) newest = Math.max(newest, newestInput(path.join(name, child)));
    else newest = Math.max(newest, st.mtimeMs);
  }
  return newest;
}

const mtime = (file: string) => fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0;
// `npm run build` rewrites the build info when anything changed; this file's own builds leave a stamp.
const fresh = () => fs.existsSync(DIST_MAIN) && Math.max(mtime(STAMP), mtime(BUILD_INFO)) >= newestInput();

let built = false;

/** Builds dist/ (tsc, incremental) unless it is newer than every source file. */
export function ensureBuilt(): void {
  if (built || fresh()) return void (built = true);
  const deadline = Date.now() + 300_000;
  fs.mkdirSync(path.dirname(LOCK), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch {
      // Another worker is building: wait for its lock to go (a lock older than the deadline is from a dead run).
      if (Date.now() > deadline || Date.now() - mtime(LOCK) > 300_000) fs.rmSync(LOCK, { recursive: true, force: true });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    if (!fresh()) {
      const started = Date.now();
      execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: REPO_ROOT, stdio: "inherit" });
      fs.writeFileSync(STAMP, new Date(started).toISOString());
      fs.utimesSync(STAMP, started / 1000, started / 1000);
    }
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
  built = true;
}
