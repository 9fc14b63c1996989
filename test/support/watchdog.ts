// A watchdog for the test processes: jest's timeouts are timers, so a test that blocks its thread (a loop that never
// ends, a synchronous call that never returns) is never timed out, and the run waits until CI gives up on it. A
// thread of its own notices when the test thread has not run for BLOCKED_AFTER_S, prints that thread's JavaScript
// stack (through the inspector, as `node inspect -p` does) and the test file, and ends the process, so jest reports
// that file as failed at once, with the place it hung.
import path from "node:path";
import { setInterval as realSetInterval } from "node:timers";
import { Worker } from "node:worker_threads";

const BLOCKED_AFTER_S = Number(process.env.TEST_WATCHDOG_S ?? 180);
const KEY = Symbol.for("tandem.test.watchdog");

interface Watchdog {
  beat: Int32Array;
  /** The thread watching the current file (the previous file's is ended when the next one starts). */
  watcher?: Worker;
}

const WATCHER = `
const { workerData } = require("node:worker_threads");
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const { beat, testPath, pid, blockedAfterS, execPath } = workerData;
const now = () => Math.floor(Date.now() / 1000);
const say = (text) => fs.writeSync(2, "\\n[test watchdog] " + text + "\\n");
let fired = false;
setInterval(() => {
  const stale = now() - Atomics.load(beat, 0);
  if (fired || stale < blockedAfterS) return;
  fired = true;
  say("the test thread has not run for " + stale + " s, in " + testPath + " (or just after it); its stack:");
  const inspect = spawn(execPath, ["inspect", "-p", String(pid)], { stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  inspect.stdout.on("data", (c) => (out += c));
  inspect.stderr.on("data", (c) => (out += c));
  setTimeout(() => inspect.stdin.write("pause\\n"), 3000);
  setTimeout(() => inspect.stdin.write("bt\\n"), 6000);
  setTimeout(() => {
    inspect.kill("SIGKILL");
    say(out.split("\\n").filter((l) => /#\\d+ |break in/.test(l)).join("\\n") || out.slice(-4000));
    say("ending the test process so that jest reports this file as failed");
    process.kill(pid, "SIGKILL");
  }, 9000);
}, 5000);
`;

function start(): Watchdog {
  const dog: Watchdog = { beat: new Int32Array(new SharedArrayBuffer(4)) };
  const now = () => Math.floor(Date.now() / 1000);
  Atomics.store(dog.beat, 0, now());
  // Node's own timers, not the test environment's: they outlive each file's environment.
  realSetInterval(() => Atomics.store(dog.beat, 0, now()), 1000).unref();
  return dog;
}

const shared = process as unknown as Record<symbol, Watchdog | undefined>;
const dog = (shared[KEY] ??= start());
void dog.watcher?.terminate();
const testPath = path.relative(process.cwd(), expect.getState().testPath ?? "(unknown)");
dog.watcher = new Worker(WATCHER, {
  eval: true,
  workerData: { beat: dog.beat, testPath, pid: process.pid, blockedAfterS: BLOCKED_AFTER_S, execPath: process.execPath },
});
// Never what keeps a test process alive.
dog.watcher.unref();
