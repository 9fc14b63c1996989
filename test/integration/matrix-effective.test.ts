// A matrix version takes effect on its `effective` date: until then the version before it answers in chat, and
// `tandem matrix history` says when it takes effect; on that date every replica answers from it, without a restart.
// Two replicas on one PostgreSQL database, asked over signed Slack requests; the version imported with the CLI.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DateTime } from "luxon";
import type { Database } from "../../src/adapters/db/connect";
import { runTandem } from "../support/cli";
import { freshPostgres, type TestDatabase } from "../support/databases";
import { demoMatrixVersion5 } from "../support/fixtures";
import { startHarness, type Harness } from "../support/harness";
import { mentionEvent } from "../support/slack-requests";
import { FakeSlackApi } from "../fakes/slack-api";

const ZONE = "America/Toronto";
const demo = readFileSync(join(__dirname, "../fixtures/matrix/demo.yaml"), "utf8");

/** Version 5: adds a category that only exists from its effective date. */
const version5 = (effective: string): string => demoMatrixVersion5(demo, effective);

describe("a matrix version dated ahead [postgres, two replicas]", () => {
  let pg: TestDatabase;
  let dir: string;
  let a: Harness;
  let b: Harness;
  let db: Database;
  const slack = new FakeSlackApi();
  // A few days from the real today, so the CLI (which runs on the real clock) sees it ahead too.
  const effectiveDay = DateTime.now().setZone(ZONE).plus({ days: 3 }).startOf("day");
  const effective = effectiveDay.toISODate()!;
  const clock = { at: effectiveDay.minus({ days: 3 }).set({ hour: 11 }).toJSDate() };

  beforeAll(async () => {
    pg = await freshPostgres();
    dir = mkdtempSync(join(tmpdir(), "tandem-effective-"));
    await slack.start();
    db = await pg.open();
    const opts = { sharedDatabase: db, slack, clock: { now: () => clock.at } };
    a = await startHarness(opts);
    b = await startHarness(opts);
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await db?.close();
    await slack.stop();
    await pg?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const ask = async (h: Harness, text: string) => {
    const ts = `${Date.now() / 1000}`;
    await h.slackEvent(mentionEvent(text, { ts }));
    return slack.waitForMethod("chat.postMessage", (m) => m.thread_ts === ts);
  };

  test("imported ahead of its date: the CLI says when it takes effect, and version 4 keeps answering", async () => {
    const file = join(dir, "v5.yaml");
    writeFileSync(file, version5(effective));
    const env = { DATABASE_URL: pg.url, LOG_LEVEL: "silent" };
    const day = effectiveDay.setLocale("en").toFormat("ccc d LLL");
    const imported = await runTandem(["matrix", "import", file], env);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain(`It takes effect ${day}; version 4 answers until then.`);
    const history = await runTandem(["matrix", "history"], env);
    const [v5, v4] = history.stdout.trim().split("\n");
    expect(v5).toMatch(new RegExp(`^version 5 .*\\(takes effect ${day}\\)$`));
    expect(v4).toMatch(/^version 4 .*\(in force\)$/);

    for (const replica of [a, b]) {
      const answer = await ask(replica, "who handles the plotter that smears every large format print?");
      expect(JSON.stringify(answer)).not.toContain("Large-format plotters");
    }
  });

  test("on its date, both replicas answer from version 5 without a restart", async () => {
    clock.at = effectiveDay.set({ hour: 0, minute: 5 }).toJSDate();
    for (const replica of [a, b]) {
      const answer = await ask(replica, "who handles the plotter that smears every large format print?");
      expect(JSON.stringify(answer)).toContain("Large-format plotters");
    }
    // One minute before midnight in Toronto it was still version 4 (the date is the client's, not UTC's).
    clock.at = effectiveDay.minus({ minutes: 1 }).toJSDate();
    expect(JSON.stringify(await ask(a, "who handles the plotter on floor 3?"))).not.toContain("Large-format plotters");
  });
});
