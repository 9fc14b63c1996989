// Exactly once across replicas: cadence runners on separate connection pools race on one PostgreSQL database,
// then two whole Tandem replicas share it; every occurrence is claimed and posted once.
import type { Database } from "../../src/adapters/db/connect";
import { seedDemo } from "../../src/adapters/db/seed";
import { PrismaTenancy } from "../../src/adapters/db/tenancy-repo";
import { PrismaCadenceSource } from "../../src/adapters/db/cadence-repo";
import { CadenceRunner } from "../../src/adapters/scheduler/cadence";
import { createLogger } from "../../src/logger";
import { FakeBotConnector } from "../fakes/bot-connector";
import { FakeSlackApi } from "../fakes/slack-api";
import { freshPostgres, type TestDatabase } from "../support/databases";
import { startHarness, type Harness } from "../support/harness";
import { blocksText, joinChannels } from "./cadence-fixtures";

const log = createLogger("silent");
const runnerOver = (db: Database) =>
  new CadenceRunner({ prisma: db.prisma, tenancy: new PrismaTenancy(db.prisma, "demo", { devMode: true }), source: new PrismaCadenceSource(db.prisma), log, calendarConfigured: false });

describe("cadence runners racing on one PostgreSQL database", () => {
  let handle: TestDatabase;
  let a: Database;
  let b: Database;

  beforeAll(async () => {
    handle = await freshPostgres();
    a = await handle.open();
    b = await handle.open();
    await seedDemo(a.prisma, "demo", log);
    await a.prisma.channel.createMany({
      data: [
        { clientId: "demo", platform: "slack", externalId: "C1", teamId: "T1" },
        { clientId: "demo", platform: "teams", externalId: "19:shared@thread.tacv2", teamId: "tenant-1", serviceUrl: "http://127.0.0.1:9/" },
      ],
    });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await handle.drop();
  });

  test("each occurrence gets one ScheduleRun and one post per channel, whoever ticks", async () => {
    const [ra, rb] = [runnerOver(a), runnerOver(b)];
    const start = new Date("2026-10-18T12:00:00Z");
    await Promise.all([ra.tick(start), rb.tick(start)]);
    expect(await a.prisma.schedule.count()).toBe(2); // the defaults were created once, not once per replica

    // Five Mondays; both replicas tick at slightly different moments around each standup, four times each.
    for (const monday of ["2026-10-19", "2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16"]) {
      const due = new Date(`${monday}T${monday < "2026-11-01" ? "13" : "14"}:30:00Z`);
      const ticks = [5, 20, 40, 61].flatMap((s) => [ra.tick(new Date(due.getTime() + s * 1000)), rb.tick(new Date(due.getTime() + (s + 3) * 1000))]);
      const results = await Promise.all(ticks);
      expect(results.reduce((n, r) => n + r.posted, 0)).toBe(1);
    }
    const runs = await a.prisma.scheduleRun.findMany({ where: { schedule: { name: "standup" } }, orderBy: { occurrenceAt: "asc" } });
    expect(runs.map((r) => `${r.occurrenceAt.toISOString()} ${r.status}`)).toEqual([
      "2026-10-19T13:30:00.000Z sent", "2026-10-26T13:30:00.000Z sent", "2026-11-02T14:30:00.000Z sent", "2026-11-09T14:30:00.000Z sent", "2026-11-16T14:30:00.000Z sent",
    ]);
    const posts = await a.prisma.outboxMessage.findMany({ where: { op: "post", messageKey: { startsWith: "cadence:" } } });
    const sentRuns = runs.filter((r) => r.status === "sent");
    expect(posts).toHaveLength(sentRuns.length * 2);
    for (const r of sentRuns) expect(posts.filter((p) => p.messageKey!.startsWith(`cadence:${r.id}:`)).map((p) => p.platform).sort()).toEqual(["slack", "teams"]);
  });
});

describe("two Tandem replicas on one PostgreSQL database", () => {
  let handle: TestDatabase;
  let dbs: Database[];
  let replicas: Harness[];
  let slack: FakeSlackApi;
  let connector: FakeBotConnector;
  let current = new Date("2026-10-18T12:00:00Z");

  beforeAll(async () => {
    handle = await freshPostgres();
    dbs = [await handle.open(), await handle.open()];
    slack = await new FakeSlackApi().start();
    connector = await new FakeBotConnector().start();
    const clock = { now: () => current };
    replicas = [
      await startHarness({ sharedDatabase: dbs[0], slack, connector, clock, env: { REPLICA_ID: "replica-1", CADENCE_ENABLED: "true" } }),
      await startHarness({ sharedDatabase: dbs[1], slack, connector, clock, env: { REPLICA_ID: "replica-2", CADENCE_ENABLED: "true" } }),
    ];
    await joinChannels(replicas[0]!);
    await Promise.all(replicas.map((r) => r.tandem.jobRunner.runDue()));
  }, 90_000); // the first turns after start may take long on a loaded machine (see joinChannels)
  afterAll(async () => {
    for (const r of replicas) await r.stop();
    for (const d of dbs) await d.close();
    await slack.stop();
    await connector.stop();
    await handle.drop();
  });

  test("the standup is posted once to Slack and once to Teams although both replicas run due jobs", async () => {
    current = new Date("2026-10-19T13:30:30Z");
    await Promise.all([...replicas, ...replicas].map((r) => r.tandem.jobRunner.runDue()));
    await slack.waitForMethod("chat.postMessage", (b) => blocksText(b).includes("Weekly standup"));
    await connector.waitForActivity((a) => JSON.stringify(a.attachments?.[0]?.content ?? "").includes("Weekly standup"));
    await new Promise((r) => setTimeout(r, 800)); // time for a duplicate to show up, if there were one
    expect(slack.method("chat.postMessage").filter((c) => blocksText(c.body).includes("Weekly standup"))).toHaveLength(1);
    expect(connector.sent().filter((c) => JSON.stringify(c.body).includes("Weekly standup"))).toHaveLength(1);
    expect(await dbs[0]!.prisma.scheduleRun.count()).toBe(1);
  });
});
