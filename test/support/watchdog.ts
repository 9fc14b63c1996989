// A watchdog for the test processes. jest's timeouts are timers: a test that blocks its thread (a loop that never
// ends, a synchronous call that never returns) is never timed out, and neither is a file stuck outside a test, so the
// run waits until CI gives up on it. A thread of its own notices when the test thread has not run for
// TEST_WATCHDOG_S (180 s), or when one file has run for TEST_FILE_LIMIT_S (20 min, several times the slowest file on
// a loaded machine); it prints the file, the test running, and the thread's JavaScript stack (through the inspector,
// as `node inspect -p` does), then ends the process with an exit code. jest then runs the file again in a new
// process (up to its retry limit, 3) and fails it if it hangs every time: a rare hang costs minutes, not the run,
// and its stack is in the log either way.
import inspector from "node:inspector";
import path from "node:path";
import { clearInterval as realClearInterval, setInterval as realSetInterval } from "node:timers";
import { Worker } from "node:worker_threads";

const BLOCKED_AFTER_S = Number(process.env.TEST_WATCHDOG_S ?? 180);
const FILE_LIMIT_S = Number(process.env.TEST_FILE_LIMIT_S ?? 1200);
const KEY = Symbol.for("tandem.test.watchdog");
const NAME_BYTES = 512;

interface Watchdog {
  /** [last second the test thread ran, bytes of the current test's name, 1 once the file's tests are done] */
  beat: Int32Array;
  name: Uint8Array;
  /** The thread watching the current file and the heartbeat naming its tests (both ended when the next file starts). */
  watcher?: Worker;
  heartbeat?: ReturnType<typeof realSetInterval>;
  port?: number;
}

function openInspector(): number {
  inspector.open(0, "127.0.0.1", false);
  return Number(new URL(inspector.url()!).port);
}

const WATCHER = `
const { workerData } = require("node:worker_threads");
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const { beat, name, testPath, pid, port, blockedAfterS, fileLimitS, execPath } = workerData;
const EXIT_CODE = 70;
const now = () => Math.floor(Date.now() / 1000);
const startedAt = now();
const say = (text) => fs.writeSync(2, "\\n[test watchdog] " + text + "\\n");
let fired = false;
setInterval(() => {
  const stale = now() - Atomics.load(beat, 0);
  // The file's clock stops when its tests are done (the process may then wait for the next file).
  const running = Atomics.load(beat, 2) ? 0 : now() - startedAt;
  if (fired || (stale < blockedAfterS && running < fileLimitS)) return;
  fired = true;
  const test = Buffer.from(name.slice(0, Atomics.load(beat, 1))).toString("utf8") || "(none: outside a test)";
  const why = stale >= blockedAfterS ? "the test thread has not run for " + stale + " s" : "the file has run for " + running + " s";
  say(why + ", in " + testPath + " (or just after it), test: " + test + "; its stack:");
  const inspect = spawn(execPath, ["inspect", "127.0.0.1:" + port], { stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  // Each step is taken as soon as the debugger's answer to the one before is in its output (connected, paused, the
  // stack printed), or at the latest at its fixed time (3, 6 and 9 s), so a slow debugger only makes it later.
  let step = 0;
  const pause = () => step === 0 && ((step = 1), inspect.stdin.write("pause\\n"));
  const backtrace = () => step === 1 && ((step = 2), (btFrom = out.length), inspect.stdin.write("bt\\n"));
  let btFrom = 0;
  const finish = () => {
    if (step !== 2) return;
    step = 3;
    say(out.split("\\n").filter((l) => /#\\d+ |break in/.test(l)).join("\\n") || out.slice(-4000));
    say("ending the test process with exit code " + EXIT_CODE + ": jest runs this file again in a new process (at most 3 times), and reports it failed if it hangs each time");
    // Exited from inside (evaluated in the paused thread), with a code: jest restarts a worker that exits with a
    // code and gives it the same file again, while one ended by a signal only fails the file.
    inspect.stdin.write("exec process.exit(" + EXIT_CODE + ")\\n");
    setTimeout(() => {
      inspect.kill("SIGKILL");
      try {
        process.kill(pid, "SIGKILL");
      } catch {}
    }, 5000);
  };
  const onData = (c) => {
    out += c;
    if (step === 0 && /debug> $/.test(out)) pause();
    else if (step === 1 && /break in /.test(out)) backtrace();
    else if (step === 2 && /#0 [^]*debug> $/.test(out.slice(btFrom))) finish();
  };
  inspect.stdout.on("data", onData);
  inspect.stderr.on("data", onData);
  setTimeout(() => (pause(), undefined), 3000);
  setTimeout(() => (pause(), backtrace(), undefined), 6000);
  setTimeout(() => (pause(), backtrace(), finish()), 9000);
}, Math.min(5000, blockedAfterS * 500, fileLimitS * 500));
`;

const now = () => Math.floor(Date.now() / 1000);
// Kept on a Node core module's object: jest gives each test file a global and a `process` of its own, but core
// modules are the same objects for every file of a test process.
const shared = inspector as unknown as Record<symbol, Watchdog | undefined>;
const dog = (shared[KEY] ??= { beat: new Int32Array(new SharedArrayBuffer(12)), name: new Uint8Array(new SharedArrayBuffer(NAME_BYTES)) });
void dog.watcher?.terminate();
Atomics.store(dog.beat, 2, 0);
// Each test process's inspector, open on a free port of its own from the start, so that a blocked thread can be
// looked at (and two at once): nothing attaches to it unless the watchdog fires.
dog.port ??= openInspector();
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
afterAll(() => Atomics.store(dog.beat, 2, 1));

const testPath = path.relative(process.cwd(), expect.getState().testPath ?? "(unknown)");
dog.watcher = new Worker(WATCHER, {
  eval: true,
  workerData: { beat: dog.beat, name: dog.name, testPath, pid: process.pid, port: dog.port, blockedAfterS: BLOCKED_AFTER_S, fileLimitS: FILE_LIMIT_S, execPath: process.execPath },
});
dog.watcher.unref();
