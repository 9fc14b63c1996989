// `tandem schedule ...` and `tandem report monthly` against the embedded database and PostgreSQL.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, type Database } from "../../src/adapters/db/connect";
import { seedDemo } from "../../src/adapters/db/seed";
import { createLogger } from "../../src/logger";
import { runTandem } from "../support/cli";
import { freshPostgres, type TestDatabase } from "../support/databases";
import { seedOperations, seedPeople } from "./cadence-fixtures";

// Each `tandem` call opens the database (the embedded one takes seconds on a loaded machine): the budget is for a
// test's whole sequence of calls, which waits on their completion, not on time.
jest.setTimeout(120_000);

describe.each(["pglite", "postgres"] as const)("tandem schedule / tandem report [%s]", (kind) => {
  const dir = mkdtempSync(join(tmpdir(), "tandem-cadence-cli-"));
  let env: NodeJS.ProcessEnv;
  let pg: TestDatabase | undefined;

  const cli = (...argv: string[]) => runTandem(argv, env);
  const openDb = (): Promise<Database> => (pg ? pg.open() : openDatabase({ dataDir: join(dir, "data") }));

  beforeAll(async () => {
    if (kind === "postgres") pg = await freshPostgres();
    env = { LOG_LEVEL: "silent", ...(pg ? { DATABASE_URL: pg.url } : { DATA_DIR: join(dir, "data") }) };
    const db = await openDb();
    try {
      await seedDemo(db.prisma, "demo", createLogger("silent"));
      await seedPeople(db.prisma);
      await seedOperations(db.prisma);
    } finally {
      await db.close();
    }
  });
  afterAll(async () => {
    await pg?.drop();
  });

  test("list shows the defaults; set, skip-next, pause, resume and remove change them; a custom cron gets a name", async () => {
    const list = await cli("schedule", "list");
    expect(list.code).toBe(0);
    expect(list.stdout).toContain("standup: Weekly standup: every Mon at 09:30 (America/Toronto)");
    expect(list.stdout).toContain("monthly-report: Monthly operations report: first business day of each month at 10:00 (America/Toronto)");

    const custom = await cli("schedule", "set", "custom", "0 16 * * fri", "Friday", "patch", "review");
    expect(custom.code).toBe(0);
    expect(custom.stdout).toContain('Scheduled. custom-1: Friday patch review: cron "0 16 * * fri" (America/Toronto)');
    const changed = await cli("schedule", "change", "custom-1", "30 15 * * thu");
    expect(changed.stdout).toContain('Changed. custom-1: Friday patch review: cron "30 15 * * thu"');
    expect((await cli("schedule", "pause", "custom-1")).stdout).toContain("Paused.");
    expect((await cli("schedule", "list")).stdout).toMatch(/custom-1: .*\[paused\]; paused/);
    expect((await cli("schedule", "resume", "custom-1")).stdout).toContain("Resumed.");
    expect((await cli("schedule", "skip-next", "monthly")).stdout).toContain("Skipping the one on");
    expect((await cli("schedule", "remove", "custom-1")).stdout).toContain("Removed the custom-1 schedule");
    expect((await cli("schedule", "list")).stdout).not.toContain("custom-1");

    const db = await openDb();
    try {
      const rows = await db.prisma.schedule.findMany({ where: { clientId: "demo" } });
      expect(rows.map((r) => r.name).sort()).toEqual(["custom-1", "monthly-report", "standup"]); // removed, but kept for its history
      expect(rows.find((r) => r.name === "monthly-report")!.skipNext).toBe(true);
      expect(await db.prisma.job.count({ where: { kind: "cadence-tick" } })).toBeGreaterThan(0); // a running Tandem is woken for the change
    } finally {
      await db.close();
    }
  });

  test("mistakes exit non-zero with what to type instead", async () => {
    const bad = await cli("schedule", "set", "standup", "someday");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('"someday" is neither a day');
    const unknown = await cli("schedule", "pause", "nightly");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('There is no schedule called "nightly"');
    const verb = await cli("schedule", "explode");
    expect(verb.code).toBe(2);
    const noClient = await cli("schedule", "list", "--client", "nobody");
    expect(noClient.code).toBe(1);
    expect(noClient.stderr).toContain('there is no client "nobody"');
  });

  test("report monthly as Markdown and CSV for October 2026", async () => {
    const md = await cli("report", "monthly", "--client", "demo", "--month", "2026-10");
    expect(md.code).toBe(0);
    expect(md.stdout).toContain("# Monthly operations report: Maple Ridge, 2026-10");
    expect(md.stdout).toContain("| Printers & scanners | 1 | 1 | 0 | 0 | 0 | 0 |");
    expect(md.stdout).toContain("1 raised, 1 acknowledged, 0 not acknowledged");
    expect(md.stdout).toContain("- Sev 1 File server down");
    expect(md.stdout).toContain("1.5 h used, 0 h purchased, 31 h left at month end.");

    const csv = await cli("report", "monthly", "--month", "2026-10", "--format", "csv");
    expect(csv.code).toBe(0);
    const rows = csv.stdout.trim().split("\r\n");
    expect(rows[0]).toBe("section,key,label,metric,value");
    expect(rows).toContain("tickets-by-category,printers-scanners,Printers & scanners,opened,1");
    expect(rows).toContain("first-response,all,,medianMinutes,25");
    expect(rows).toContain("block-hours,all,,used,1.5");

    expect((await cli("report", "monthly", "--month", "October")).code).toBe(2);
    expect((await cli("report", "monthly", "--format", "pdf")).code).toBe(2);
  });
});
