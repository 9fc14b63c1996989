import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// The test watchdog (test/support/watchdog.ts): jest's timeouts cannot end a test that blocks its thread, nor a file
// stuck outside a test. The watchdog must print where it hangs and end that process with an exit code, so that jest
// runs the file again in a new process, and fails it if it hangs every time; the files beside it are not held up.

const ROOT = path.resolve(__dirname, "../..");

/** Runs jest on the watchdog fixtures matching `pattern`, with the watchdog's limits given in `env`. */
function runFixtures(pattern: string, env: Record<string, string>) {
  // A cache of its own: with timings from an earlier run of fast files, jest would run them in its own process, and
  // the watchdog would end jest itself rather than one of its workers.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-watchdog-"));
  const jest = [path.join(ROOT, "node_modules/jest/bin/jest.js"), "--cacheDirectory", path.join(dir, "cache"), "--testMatch", pattern, "--maxWorkers=2", "test/fixtures/watchdog"];
  const run = spawnSync(process.execPath, jest, { cwd: ROOT, env: { ...process.env, ...env, WATCHDOG_FIXTURE_MARK: env.WATCHDOG_FIXTURE_MARK && path.join(dir, "mark") }, encoding: "utf8", timeout: 170_000 });
  fs.rmSync(dir, { recursive: true, force: true });
  return { ...run, out: run.stdout + run.stderr };
}

test("a test that blocks its thread once is reported with its stack, and passes when jest runs its file again", () => {
  const run = runFixtures("**/fixtures/watchdog/{blocks,passes}.fixture.ts", { TEST_WATCHDOG_S: "3", WATCHDOG_FIXTURE_MARK: "once" });
  expect(run.signal).toBeNull(); // not ended by the timeout above: the run finished on its own
  expect(run.out).toMatch(/\[test watchdog\] the test thread has not run for \d+ s, in test\/fixtures\/watchdog\/blocks\.fixture\.ts \(or just after it\), test: blocks its thread/);
  expect(run.out).toMatch(/#0 spinForever test\/fixtures\/watchdog\/blocks\.fixture\.ts:\d+/);
  expect(run.out).toMatch(/ending the test process with exit code 70: jest runs this file again/);
  expect(run.out).toMatch(/PASS test\/fixtures\/watchdog\/blocks\.fixture\.ts/);
  expect(run.out).toMatch(/PASS test\/fixtures\/watchdog\/passes\.fixture\.ts/);
  expect(run.status).toBe(0);
}, 180_000);

test("a test that blocks its thread every time fails its file after jest's retries; the file beside it passes", () => {
  const run = runFixtures("**/fixtures/watchdog/{blocks,passes}.fixture.ts", { TEST_WATCHDOG_S: "2" });
  expect(run.signal).toBeNull();
  expect(run.status).toBe(1);
  expect(run.out.match(/\[test watchdog\] the test thread has not run for/g)!.length).toBeGreaterThanOrEqual(3);
  expect(run.out).toMatch(/FAIL test\/fixtures\/watchdog\/blocks\.fixture\.ts/);
  expect(run.out).toMatch(/PASS test\/fixtures\/watchdog\/passes\.fixture\.ts/);
}, 180_000);

test("a file that runs past its limit while its thread is free is named with the test it is in, and run again", () => {
  const run = runFixtures("**/fixtures/watchdog/{slow,passes}.fixture.ts", { TEST_FILE_LIMIT_S: "4", WATCHDOG_FIXTURE_MARK: "once" });
  expect(run.signal).toBeNull();
  expect(run.out).toMatch(/\[test watchdog\] the file has run for \d+ s, in test\/fixtures\/watchdog\/slow\.fixture\.ts \(or just after it\), test: waits longer than the file may run/);
  expect(run.out).toMatch(/PASS test\/fixtures\/watchdog\/slow\.fixture\.ts/);
  expect(run.status).toBe(0);
}, 180_000);
