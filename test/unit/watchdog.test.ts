import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// The test watchdog (test/support/watchdog.ts): a test that blocks its thread is never ended by jest's timeout; the
// watchdog must print where it hangs and end it, so the run reports it failed instead of waiting until CI gives up.

const ROOT = path.resolve(__dirname, "../..");

/** Runs jest on the watchdog fixtures matching `pattern`, with the watchdog's limits given in `env`. */
function runFixtures(pattern: string, env: Record<string, string>) {
  // A cache of its own: with timings from an earlier run of fast files, jest would run them in its own process, and
  // the watchdog would end jest itself rather than one of its workers.
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-watchdog-"));
  const jest = [path.join(ROOT, "node_modules/jest/bin/jest.js"), "--cacheDirectory", cache, "--testMatch", pattern, "--maxWorkers=2", "test/fixtures/watchdog"];
  const run = spawnSync(process.execPath, jest, { cwd: ROOT, env: { ...process.env, ...env }, encoding: "utf8", timeout: 110_000 });
  fs.rmSync(cache, { recursive: true, force: true });
  return { ...run, out: run.stdout + run.stderr };
}

test("a test that blocks its thread is reported failed within seconds, with its stack; the file beside it passes", () => {
  const run = runFixtures("**/fixtures/watchdog/{blocks,passes}.fixture.ts", { TEST_WATCHDOG_S: "3" });
  expect(run.signal).toBeNull(); // not ended by the timeout above: the run finished on its own
  expect(run.status).toBe(1);
  expect(run.out).toMatch(/\[test watchdog\] the test thread has not run for \d+ s, in test\/fixtures\/watchdog\/blocks\.fixture\.ts \(or just after it\), test: blocks its thread/);
  expect(run.out).toMatch(/#0 spinForever test\/fixtures\/watchdog\/blocks\.fixture\.ts:4/);
  expect(run.out).toMatch(/FAIL test\/fixtures\/watchdog\/blocks\.fixture\.ts/);
  expect(run.out).toMatch(/PASS test\/fixtures\/watchdog\/passes\.fixture\.ts/);
}, 120_000);

test("a file that runs past its limit while its thread is free is named with the test it is in, and ended", () => {
  const run = runFixtures("**/fixtures/watchdog/{slow,passes}.fixture.ts", { TEST_FILE_LIMIT_S: "4" });
  expect(run.signal).toBeNull();
  expect(run.status).toBe(1);
  expect(run.out).toMatch(/\[test watchdog\] the file has run for \d+ s, in test\/fixtures\/watchdog\/slow\.fixture\.ts \(or just after it\), test: waits longer than the file may run/);
  expect(run.out).toMatch(/FAIL test\/fixtures\/watchdog\/slow\.fixture\.ts/);
}, 120_000);
