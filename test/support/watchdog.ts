// A watchdog for the test processes. jest's timeouts are timers: a test that blocks its thread (a loop that never
// ends, a synchronous call that never returns) is never timed out, and neither is a file stuck outside a test, so the
// run waits until CI gives up on it. A thread of its own notices when the test thread has not run for
// TEST_WATCHDOG_S (180 s), or when one file has run for TEST_FILE_LIMIT_S (20 min, several times the slowest file on
// a loaded machine); it prints the file, the test running, and the thread's JavaScript stack (through the inspector,
// as `node inspect -p` does), then ends the process, so jest reports that file as failed at once, with the place.
import path from "node:path";
import { clearInterval as realClearInterval, setInterval as realSetInterval } from "node:timers";
import { Worker } from "node:worker_threads";

const BLOCKED_AFTER_S = Number(process.env.TEST_WATCHDOG_S ?? 180);
const FILE_LIMIT_S = Number(process.env.TEST_FILE_LIMIT_S ?? 1200);
const KEY = Symbol.for("tandem.test.watchdog");
const NAME_BYTES = 512;

interface Watchdog {
  /** [last second the test thread ran, bytes of the current test's name] */
  beat: Int32Array;
  name: Uint8Array;
  /** The thread watching the current file and the heartbeat naming its tests (both ended when the next file starts). */
  watcher?: Worker;
  heartbeat?: ReturnType<typeof realSetInterval>;
}

const WATCHER = `
const { workerData } = require("node:worker_threads");
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const { beat, name, testPath, pid, blockedAfterS, fileLimitS, execPath } = workerData;
const now = () => Math.floor(Date.now() / 1000);
const startedAt = now();
const say = (text) => fs.writeSync(2, "\\n[test watchdog] " + text + "\\n");
let fired = false;
setInterval(() => {
  const stale = now() - Atomics.load(beat, 0);
  const running = now() - startedAt;
  if (fired || (stale < blockedAfterS && running < fileLimitS)) return;
  fired = true;
  const test = Buffer.from(name.slice(0, Atomics.load(beat, 1))).toString("utf8") || "(none: outside a test)";
  const why = stale >= blockedAfterS ? "the test thread has not run for " + stale + " s" : "the file has run for " + running + " s";
  say(why + ", in " + testPath + " (or just after it), test: " + test + "; its stack:");
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

const now = () => Math.floor(Date.now() / 1000);
const shared = process as unknown as Record<symbol, Watchdog | undefined>;
const dog = (shared[KEY] ??= { beat: new Int32Array(new SharedArrayBuffer(8)), name: new Uint8Array(new SharedArrayBuffer(NAME_BYTES)) });
void dog.watcher?.terminate();
if (dog.heartbeat) realClearInterval(dog.heartbeat);

// Node's own timers, not the test environment's fake-able ones; unref'd, never what keeps a test process alive.
const currentTest = () => {
  try {
    return expect.getState().currentTestName ?? "";
  } catch {
    return ""; // the file's environment is gone: between files
  }
};
const beat = () => {
  const bytes = Buffer.from(currentTest(), "utf8").subarray(0, NAME_BYTES);
  dog.name.set(bytes);
  Atomics.store(dog.beat, 1, bytes.length);
  Atomics.store(dog.beat, 0, now());
};
beat();
dog.heartbeat = realSetInterval(beat, 1000).unref();
// Named at its start too: a test that blocks at once never lets the interval run.
beforeEach(beat);

const testPath = path.relative(process.cwd(), expect.getState().testPath ?? "(unknown)");
dog.watcher = new Worker(WATCHER, {
  eval: true,
  workerData: { beat: dog.beat, name: dog.name, testPath, pid: process.pid, blockedAfterS: BLOCKED_AFTER_S, fileLimitS: FILE_LIMIT_S, execPath: process.execPath },
});
dog.watcher.unref();
