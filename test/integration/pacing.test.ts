// Pacing per conversation: a storm of alerts into ONE Slack channel and ONE Teams conversation reaches the fakes
// (which refuse what the platforms refuse: Slack's 1 post per second per channel with short bursts, Teams' 7 per 1 s,
// 8 per 2 s, 60 per 30 s, 1 800 per hour) with no 429 at all, each once and in order; the same with two replicas on
// one PostgreSQL database, the second of which must learn the first one's sends from the database.
import { OutboxRepository } from "../../src/adapters/db/outbox-repo";
import { SLACK_PACED_OPS } from "../../src/adapters/outbox/pace";
import type { Outgoing } from "../../src/core/conversation/reply";
import type { RecordedCall } from "../fakes/http-fake";
import { describeEachDatabase, freshPostgres, type TestDatabase } from "../support/databases";
import { startHarness, type Harness } from "../support/harness";
import { teamsMessage } from "../support/teams-activities";

jest.setTimeout(60_000);

const post = (platform: "slack" | "teams", id: string, text: string): Outgoing => ({ op: "post", channel: { platform, id, isDirect: false }, reply: { text } });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, ok: () => boolean | Promise<boolean>, timeoutMs = 40_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

const slackTexts = (h: Harness, channel: string) => h.slack.method("chat.postMessage").filter((c) => !c.refused && c.body.channel === channel).map((c) => String(c.body.text));
const teamsTexts = (h: Harness, conversation: string, prefix: string) =>
  h.connector
    .sent()
    .filter((c: RecordedCall) => decodeURIComponent(c.path).includes(conversation) && String(c.body.text ?? "").startsWith(prefix))
    .map((c) => String(c.body.text));
const refusals = (h: Harness) => [...h.slack.refused(), ...h.connector.refused()].map((c) => `${c.path}: ${c.refused}`);

describe("a storm of alerts into one Slack channel and one Teams conversation", () => {
  const SLACK_CHANNEL = "CSTORM";
  const TEAMS_CONVERSATION = "19:storm@thread.tacv2";
  const SLACK_ALERTS = 8; // bursts of 3, then 1 a second: about 7 s
  const TEAMS_ALERTS = 20; // 7 in the first second, 8 in two: about 4 s
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ paceSlack: true });
    // The Teams conversation is known (its reference stored) before the storm, as it would be in production.
    await h.teams(teamsMessage("help", { serviceUrl: h.connector.serviceUrl, conversationId: TEAMS_CONVERSATION }));
    await h.connector.waitForActivity();
  });
  afterAll(async () => {
    await h?.stop();
  });

  test("arrives with no 429, each alert once and in order, and no paced row counts as a failed attempt", async () => {
    const slack = Array.from({ length: SLACK_ALERTS }, (_, i) => `slack alert ${i}`);
    const teams = Array.from({ length: TEAMS_ALERTS }, (_, i) => `teams alert ${i}`);
    for (let i = 0; i < Math.max(SLACK_ALERTS, TEAMS_ALERTS); i++) {
      if (i < SLACK_ALERTS) await h.tandem.outbox.enqueue([post("slack", SLACK_CHANNEL, slack[i]!)]);
      if (i < TEAMS_ALERTS) await h.tandem.outbox.enqueue([post("teams", TEAMS_CONVERSATION, teams[i]!)]);
    }
    await until("every alert delivered", () => slackTexts(h, SLACK_CHANNEL).length >= SLACK_ALERTS && teamsTexts(h, TEAMS_CONVERSATION, "teams alert").length >= TEAMS_ALERTS);
    await until("the outbox empty", async () => (await h.db.prisma.outboxMessage.count({ where: { status: { not: "sent" } } })) === 0);

    expect(refusals(h)).toEqual([]);
    expect(slackTexts(h, SLACK_CHANNEL)).toEqual(slack);
    expect(teamsTexts(h, TEAMS_CONVERSATION, "teams alert")).toEqual(teams);
    expect(h.tandem.dispatcher.stats.paced).toBeGreaterThan(0);
    const rows = await h.db.prisma.outboxMessage.findMany({ where: { conversation: { in: [`slack:${SLACK_CHANNEL}`, `teams:${TEAMS_CONVERSATION}`] } } });
    expect(rows.filter((r) => r.attempts !== 1 || r.firstFailedAt !== null || r.lastError !== null)).toEqual([]);
  });
});

describe("two replicas on one PostgreSQL database pace a conversation together", () => {
  let db: TestDatabase;
  let a: Harness;
  let b: Harness | undefined;

  beforeAll(async () => {
    db = await freshPostgres();
    a = await startHarness({ kind: "postgres", database: await db.open(), paceSlack: true });
    b = await startHarness({ kind: "postgres", sharedDatabase: a.db, slack: a.slack, connector: a.connector, paceSlack: true });
    await b.tandem.dispatcher.stop();
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
    await a?.db.close();
    await db?.drop();
  });

  test("a replica that starts sending to a channel waits for the other replica's recent sends", async () => {
    const CHANNEL = "CTWO";
    const texts = Array.from({ length: 9 }, (_, i) => `two replicas ${i}`);
    // Replica A alone sends a burst of 3: all Slack takes at once.
    for (const t of texts.slice(0, 3)) await a.tandem.outbox.enqueue([post("slack", CHANNEL, t)]);
    await until("replica A's burst", () => slackTexts(a, CHANNEL).length === 3);
    await a.tandem.dispatcher.stop();
    // Replica B, which has sent nothing to the channel, takes over: its first post must wait for A's burst to age.
    b!.tandem.dispatcher.start();
    for (const t of texts.slice(3)) await b!.tandem.outbox.enqueue([post("slack", CHANNEL, t)]);
    await until("replica B's first post", () => b!.tandem.dispatcher.stats.sent > 0);
    // Then both send, whichever claims the conversation's next row.
    a.tandem.dispatcher.start();
    await until("every post delivered", () => slackTexts(a, CHANNEL).length >= texts.length);
    await until("the outbox empty", async () => (await a.db.prisma.outboxMessage.count({ where: { status: { not: "sent" } } })) === 0);

    expect(refusals(a)).toEqual([]);
    expect(slackTexts(a, CHANNEL)).toEqual(texts);
    expect(a.tandem.dispatcher.stats.sent).toBeGreaterThanOrEqual(3);
    expect(b!.tandem.dispatcher.stats.paced).toBeGreaterThan(0);
  });
});

describeEachDatabase("the outbox's pacing check", (ctx) => {
  const TEAMS = [
    { max: 7, windowMs: 1_000 },
    { max: 8, windowMs: 2_000 },
    { max: 60, windowMs: 30_000 },
    { max: 1_800, windowMs: 3_600_000 },
  ];
  let n = 0;
  /** A conversation with sends `agoMs` before now (by the database's clock), and the time since that now. */
  const sentAgo = async (agoMs: number[]): Promise<{ conversation: string; since: () => number }> => {
    const conversation = `teams:pace-${++n}`;
    // Before asking: the database's now is somewhere in the query's round trip, so time since t0 covers it.
    const t0 = Date.now();
    const [{ now }] = await ctx.db.sql.query<{ now: Date }>(`SELECT now() AS now`);
    await ctx.db.prisma.outboxMessage.createMany({
      data: agoMs.map((ago) => ({ platform: "teams", conversation, op: "post", payload: {}, status: "sent", sentAt: new Date(new Date(now).getTime() - ago) })),
    });
    return { conversation, since: () => Date.now() - t0 };
  };
  const wait = async (c: { conversation: string }) => new OutboxRepository(ctx.db.prisma).paceWait(c.conversation, TEAMS);
  /** The wait is `expectedMs` from the moment the sends were written, less the time that has passed since. */
  const expectWait = async (agoMs: number[], expectedMs: number) => {
    const c = await sentAgo(agoMs);
    const got = await wait(c);
    expect(got).toBeLessThanOrEqual(expectedMs);
    expect(got).toBeGreaterThanOrEqual(expectedMs - c.since() - 5);
  };

  test("a quiet conversation may send at once", async () => {
    expect(await wait(await sentAgo([]))).toBe(0);
    expect(await wait(await sentAgo([10, 20, 30, 40, 50, 60]))).toBe(0); // 6 in the last second
  });

  test("each window holds the next send until its oldest send leaves it", async () => {
    // 7 in the last second: the 7th most recent, 400 ms ago, leaves the 1 s window in 600 ms.
    await expectWait([10, 50, 100, 200, 300, 350, 400], 600);
    // 8 in 2 s, 7 of them over a second ago: the 8th most recent (1.5 s ago) leaves the 2 s window in 500 ms.
    await expectWait([100, 1_100, 1_200, 1_300, 1_400, 1_450, 1_480, 1_500], 500);
    // 60 in 30 s, none in the last 5 s: the 60th most recent, 29.5 s ago, leaves in 500 ms.
    await expectWait(Array.from({ length: 60 }, (_, i) => 29_500 - i * 400), 500);
    // 1 800 in the hour, none in the last 2 minutes: the oldest, 59 minutes ago, leaves in a minute.
    await expectWait(Array.from({ length: 1_800 }, (_, i) => 3_540_000 - i * 1_900), 60_000);
  });

  test("only sends of the same conversation count, and only the operations the platform limits", async () => {
    await sentAgo([10, 20, 30, 40, 50, 60, 70]);
    expect(await wait(await sentAgo([10]))).toBe(0);
    // Slack limits posts per channel; ephemeral messages, updates and pins are limited per workspace instead.
    const slack = await sentAgo([10, 20, 30]);
    const repo = new OutboxRepository(ctx.db.prisma);
    expect(await repo.paceWait(slack.conversation, [{ max: 3, windowMs: 3_000 }], SLACK_PACED_OPS)).toBeGreaterThan(2_000);
    await ctx.db.prisma.outboxMessage.updateMany({ where: { conversation: slack.conversation }, data: { op: "ephemeral" } });
    expect(await repo.paceWait(slack.conversation, [{ max: 3, windowMs: 3_000 }], SLACK_PACED_OPS)).toBe(0);
  });
});
