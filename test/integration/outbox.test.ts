import { startHarness, type Harness } from "../support/harness";
import { freshPostgres, type TestDatabase } from "../support/databases";
import { mentionEvent } from "../support/slack-requests";
import { teamsMessage } from "../support/teams-activities";
import type { Outgoing } from "../../src/core/conversation/reply";
import type { Database } from "../../src/adapters/db/connect";

const post = (channel: string, text: string): Outgoing => ({ op: "post", channel: { platform: "slack", id: channel, isDirect: false }, reply: { text } });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until every outbox row is in a final state. */
async function drained(db: Database, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await db.prisma.outboxMessage.count({ where: { status: { in: ["pending", "sending"] } } });
    if (open === 0) return;
    if (Date.now() > deadline) throw new Error(`${open} outbox rows still open after ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** Texts posted to each Slack channel, in the order the fake API received them. */
function postedByChannel(h: Harness): Map<string, string[]> {
  const by = new Map<string, string[]>();
  for (const c of h.slack.method("chat.postMessage")) {
    if (c.body?.ok === false) continue;
    const list = by.get(c.body.channel) ?? [];
    list.push(c.body.text);
    by.set(c.body.channel, list);
  }
  return by;
}

describe.each(["pglite", "postgres"] as const)("outbox delivery [%s]", (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ kind, env: { RETRY_WINDOW: "4s", OUTBOX_SEND_TIMEOUT_MS: "3000" } });
  });
  afterAll(async () => {
    await h.stop();
  });
  beforeEach(() => {
    h.slack.calls.length = 0;
  });

  test("messages go out in order per conversation while conversations are sent concurrently, even with a failure in the middle", async () => {
    // Enqueue from several concurrent writers, each owning one conversation, so ids interleave across conversations.
    h.slack.failNext("chat.postMessage", 2, 500);
    await Promise.all(
      ["CORD1", "CORD2", "CORD3", "CORD4"].map(async (ch) => {
        for (let i = 0; i < 15; i++) await h.tandem.outbox.enqueue([post(ch, `${ch} #${i}`)]);
      }),
    );
    await drained(h.db);
    const by = postedByChannel(h);
    for (const ch of ["CORD1", "CORD2", "CORD3", "CORD4"]) {
      // The failed attempts are retried before anything later in that conversation goes out.
      const seen = (by.get(ch) ?? []).filter((t, i, all) => all.indexOf(t) === i);
      expect(seen).toEqual(Array.from({ length: 15 }, (_, i) => `${ch} #${i}`));
    }
    expect(await h.db.prisma.outboxMessage.count({ where: { conversation: { startsWith: "slack:CORD" }, status: "sent" } })).toBe(60);
  });

  test("a 429 is retried after the Retry-After the API asked for", async () => {
    h.slack.failNext("chat.postMessage", 1, 429, 2);
    const res = await h.slackEvent(mentionEvent("help", { channel: "CRATE", ts: "1700000300.000100" }));
    expect(res.status).toBe(200);
    await h.slack.waitFor((c) => c.path === "/api/chat.postMessage" && c.body.channel === "CRATE");
    const limitedAt = Date.now();
    const calls = () => h.slack.method("chat.postMessage").filter((c) => c.body.channel === "CRATE");
    while (calls().length < 2) await sleep(20);
    const waited = Date.now() - limitedAt;
    expect(waited).toBeGreaterThanOrEqual(1_900);
    expect(waited).toBeLessThan(5_000);
    await drained(h.db);
    expect(calls()).toHaveLength(2);
    const row = await h.db.prisma.outboxMessage.findFirstOrThrow({ where: { conversation: "slack:CRATE" } });
    expect(row).toMatchObject({ status: "sent", attempts: 2, lastError: "rate limited" });
  });

  test("5xx answers are retried until the message is sent", async () => {
    h.slack.failNext("chat.postMessage", 2, 500);
    await h.slackEvent(mentionEvent("help", { channel: "C5XX" }));
    await h.slack.waitForMethod("chat.postMessage", (b) => b.channel === "C5XX" && !!b.blocks, 10_000);
    await drained(h.db);
    expect(h.slack.method("chat.postMessage").filter((c) => c.body.channel === "C5XX")).toHaveLength(3);
    const row = await h.db.prisma.outboxMessage.findFirstOrThrow({ where: { conversation: "slack:C5XX" } });
    expect(row).toMatchObject({ status: "sent", attempts: 3 });
  });

  test("a Teams 429 from the Bot Connector is retried too", async () => {
    h.connector.failNext(1, 429, 1);
    await h.teams(teamsMessage("help", { serviceUrl: h.connector.serviceUrl, conversationId: "19:retry@thread.tacv2" }));
    const inRetry = () => h.connector.calls.filter((c) => decodeURIComponent(c.path).includes("19:retry@thread.tacv2"));
    const deadline = Date.now() + 8_000;
    while (inRetry().length < 2 && Date.now() < deadline) await sleep(25);
    expect(inRetry()).toHaveLength(2);
    const row = await h.db.prisma.outboxMessage.findFirstOrThrow({ where: { conversation: "teams:19:retry@thread.tacv2" } });
    await drained(h.db);
    expect((await h.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })).status).toBe("sent");
  });

  test("a send the Bot Connector takes and never answers does not hold up other conversations, times out and is sent again", async () => {
    h.connector.hangNext(1);
    const inConversation = (id: string) => () => h.connector.sent().filter((c) => decodeURIComponent(c.path).includes(id));
    const hung = inConversation("19:hang@thread.tacv2");
    const other = inConversation("19:after-hang@thread.tacv2");
    await h.teams(teamsMessage("help", { serviceUrl: h.connector.serviceUrl, conversationId: "19:hang@thread.tacv2" }));
    while (hung().length < 1) await sleep(10);
    const hungAt = Date.now();
    await h.teams(teamsMessage("help", { serviceUrl: h.connector.serviceUrl, conversationId: "19:after-hang@thread.tacv2" }));
    while (other().length < 1 && Date.now() - hungAt < 10_000) await sleep(10);
    // The other conversation's reply went out while the first send was still waiting (it waits 3 s).
    expect(other()).toHaveLength(1);
    expect(Date.now() - hungAt).toBeLessThan(2_000);
    expect(hung()).toHaveLength(1);
    while (hung().length < 2 && Date.now() - hungAt < 10_000) await sleep(25);
    expect(hung()).toHaveLength(2);
    await drained(h.db);
    const row = await h.db.prisma.outboxMessage.findFirstOrThrow({ where: { conversation: "teams:19:hang@thread.tacv2" } });
    expect(row).toMatchObject({ status: "sent", attempts: 2, lastError: "no answer from the platform within 3000 ms" });
  });

  test("a message still failing when its retry window is over is marked failed, counted on /metrics, and the next one in the conversation goes out", async () => {
    h.slack.down = true;
    await h.tandem.outbox.enqueue([post("CFAIL", "first, doomed"), post("CFAIL", "second")]);
    const first = await h.db.prisma.outboxMessage.findFirstOrThrow({ where: { conversation: "slack:CFAIL" }, orderBy: { id: "asc" } });
    const deadline = Date.now() + 20_000;
    while ((await h.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: first.id } })).status !== "failed" && Date.now() < deadline) await sleep(50);
    h.slack.down = false;
    await h.slack.waitForMethod("chat.postMessage", (b) => b.channel === "CFAIL" && b.text === "second", 10_000);
    await drained(h.db);
    const rows = await h.db.prisma.outboxMessage.findMany({ where: { conversation: "slack:CFAIL" }, orderBy: { id: "asc" } });
    expect(rows.map((r) => r.status)).toEqual(["failed", "sent"]);
    expect(rows[0].attempts).toBeGreaterThan(1);
    expect(rows[0].lastError).toMatch(/500.*still failing 4s after the first failure.*tandem outbox retry/);
    expect(h.slack.method("chat.postMessage").filter((c) => !c.refused && c.body.channel === "CFAIL").map((c) => c.body.text)).toEqual(["second"]);
    const metrics = await (await fetch(`${h.url}/metrics`)).text();
    expect(metrics).toMatch(/^tandem_outbox_expired_total\{platform="slack"\} 1$/m);
    expect(metrics).toMatch(/^tandem_outbox_depth\{status="failed"\} 1$/m);
    expect(metrics).toMatch(/^tandem_outbox_retried_total\{platform="slack"\} \d+$/m);
  });
});

describe("two dispatchers on one PostgreSQL database", () => {
  let handle: TestDatabase;
  let a: Harness;
  let b: Harness;
  beforeAll(async () => {
    handle = await freshPostgres();
    const [dbA, dbB] = [await handle.open(), await handle.open()];
    a = await startHarness({ database: dbA, env: { REPLICA_ID: "replica-a", OUTBOX_POLL_MS: "20" } });
    b = await startHarness({ database: dbB, slack: a.slack, connector: a.connector, env: { REPLICA_ID: "replica-b", OUTBOX_POLL_MS: "20" } });
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
    await a?.db.close();
    await b?.db.close();
    await handle?.drop();
  });

  test("never send a row twice, and keep each conversation's order", async () => {
    const channels = Array.from({ length: 12 }, (_, i) => `CTWO${i}`);
    // Both replicas enqueue (as if requests landed on either), so both dispatchers are kicked and race.
    await Promise.all(
      channels.map(async (ch, n) => {
        const writer = n % 2 ? a : b;
        for (let i = 0; i < 20; i++) await writer.tandem.outbox.enqueue([post(ch, `${ch} #${i}`)]);
      }),
    );
    await drained(a.db);
    const by = postedByChannel(a);
    for (const ch of channels) expect(by.get(ch)).toEqual(Array.from({ length: 20 }, (_, i) => `${ch} #${i}`));
    expect(a.slack.method("chat.postMessage")).toHaveLength(240);
    // Both replicas took part.
    expect(a.tandem.dispatcher.stats.sent).toBeGreaterThan(0);
    expect(b.tandem.dispatcher.stats.sent).toBeGreaterThan(0);
    expect(a.tandem.dispatcher.stats.sent + b.tandem.dispatcher.stats.sent).toBe(240);
  });
});
