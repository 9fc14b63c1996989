// Slack's auth.test (the bot's own identity) failing at start-up must not take Tandem down: the request that
// needs it is answered 503 (Slack redelivers it) and the next one asks again.
import { FakeSlackApi } from "../fakes/slack-api";
import { startHarness, type Harness } from "../support/harness";
import { commandForm, mentionEvent } from "../support/slack-requests";
import { until } from "../support/wait";

describe("Slack unreachable for auth.test at start-up", () => {
  let h: Harness;
  let slack: FakeSlackApi;
  beforeAll(async () => {
    slack = await new FakeSlackApi().start();
    slack.failNext("auth.test", 2, 500);
    h = await startHarness({ kind: "pglite", slack });
  });
  afterAll(async () => {
    await h.stop();
    await slack.stop();
  });

  test("Tandem stays up, answers 503 while it cannot learn who it is, then works once Slack answers", async () => {
    await until(async () => slack.method("auth.test").length >= 1); // asked at start-up, and failed
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
    const first = await h.slackEvent(mentionEvent("help", { ts: "1700000950.000100" }), { eventId: "EvIdentity1" });
    expect(first.status).toBe(503);
    const retried = await h.slackEvent(mentionEvent("help", { ts: "1700000950.000100" }), { eventId: "EvIdentity1", retryNum: 1 });
    expect(retried.status).toBe(200);
    const reply = await slack.waitForMethod("chat.postMessage", (b) => b.thread_ts === "1700000950.000100");
    expect(reply.text).toBeTruthy();
    // Asked once more after each failure, then kept: later events do not ask again.
    await h.slackEvent(mentionEvent("help", { ts: "1700000950.000200" }));
    expect(slack.method("auth.test")).toHaveLength(3);
  });
});

describe("Slack slow or failing on auth.test when a slash command arrives", () => {
  let h: Harness;
  let slack: FakeSlackApi;
  beforeAll(async () => {
    slack = await new FakeSlackApi().start();
    slack.failNext("auth.test", 3, 500);
    h = await startHarness({ kind: "pglite", slack });
  });
  afterAll(async () => {
    await h.stop();
    await slack.stop();
  });

  // Slack never redelivers a slash command: one refused (or left unanswered past 3 s) is lost.
  test("the command is acknowledged and its ticket made with the bot token alone", async () => {
    await until(async () => slack.method("auth.test").length >= 1);
    const res = await h.slackForm(commandForm("/ticket", "the label printer in shipping prints blank labels"));
    expect(res.status).toBe(200);
    const card = await slack.waitForMethod("chat.postMessage", (b) => b.channel === "C1" && JSON.stringify(b).includes("label printer"));
    expect(card).toBeTruthy();
    expect(await h.db.prisma.ticket.count()).toBe(1);
  });
});
