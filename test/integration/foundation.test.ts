import { startHarness, type Harness } from "../support/harness";
import { eventEnvelope, mentionEvent, slackSignature } from "../support/slack-requests";
import { teamsBotAdded, teamsMessage } from "../support/teams-activities";

describe.each(["pglite", "postgres"] as const)("foundation over real HTTP [%s]", (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ kind });
  });
  afterAll(async () => {
    await h.stop();
  });

  test("a signed Slack app_mention 'help' gets the help card in the thread", async () => {
    const res = await h.slackEvent(mentionEvent("help", { ts: "1700000100.000100" }));
    expect(res.status).toBe(200);
    const post = await h.slack.waitForMethod("chat.postMessage", (b) => b.thread_ts === "1700000100.000100");
    expect(post.channel).toBe("C1");
    const blocks = JSON.parse(post.blocks);
    expect(blocks[0].type).toBe("header");
    expect(JSON.stringify(blocks)).toContain("who handles");
    expect(h.slack.calls.find((c) => c.path === "/api/chat.postMessage")?.headers.authorization).toBe("Bearer xoxb-test");
  });

  test("a badly signed and a stale Slack request get 401 and store nothing", async () => {
    const before = await h.db.prisma.inboxEvent.count();
    const body = JSON.stringify(eventEnvelope(mentionEvent("help")));
    const bad = await fetch(`${h.url}/slack/events`, {
      method: "POST",
      headers: { "content-type": "application/json", ...slackSignature(body, undefined, "wrong-secret") },
      body,
    });
    expect(bad.status).toBe(401);
    const staleTs = Math.floor(Date.now() / 1000) - 6 * 60;
    const stale = await fetch(`${h.url}/slack/events`, { method: "POST", headers: { "content-type": "application/json", ...slackSignature(body, staleTs) }, body });
    expect(stale.status).toBe(401);
    const unsigned = await fetch(`${h.url}/slack/events`, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(unsigned.status).toBe(401);
    expect(await h.db.prisma.inboxEvent.count()).toBe(before);
  });

  test("a Slack retry of the same event is answered once", async () => {
    const event = mentionEvent("help", { ts: "1700000200.000100" });
    const eventId = "EvRetry1";
    await h.slackEvent(event, { eventId });
    await h.slackEvent(event, { eventId, retryNum: 1 });
    await h.slack.waitForMethod("chat.postMessage", (b) => b.thread_ts === "1700000200.000100");
    await new Promise((r) => setTimeout(r, 400));
    expect(h.slack.method("chat.postMessage").filter((c) => c.body.thread_ts === "1700000200.000100")).toHaveLength(1);
  });

  test("a Teams message with a serviceUrl of the fake connector gets its help card there", async () => {
    const activity = teamsMessage("help", { serviceUrl: h.connector.serviceUrl });
    const res = await h.teams(activity);
    expect(res.status).toBe(200);
    const reply = await h.connector.waitForActivity((a) => a.attachments?.[0]?.contentType === "application/vnd.microsoft.card.adaptive");
    // Replies go into the thread of the message.
    expect(decodeURIComponent(reply.path)).toContain(`19:shared@thread.tacv2;messageid=${activity.id}`);
    const card = reply.body.attachments[0].content;
    expect(card.type).toBe("AdaptiveCard");
    expect(JSON.stringify(card)).toContain("who handles");
    const channel = await h.db.prisma.channel.findUnique({ where: { platform_externalId: { platform: "teams", externalId: "19:shared@thread.tacv2" } } });
    expect((channel?.reference as { serviceUrl?: string }).serviceUrl).toBe(h.connector.serviceUrl);
  });

  test("a Teams 1:1 message is answered in the chat", async () => {
    await h.teams(teamsMessage("help", { serviceUrl: h.connector.serviceUrl, personal: true, conversationId: "a:dm-alice" }));
    const reply = await h.connector.waitForActivity((_a, c) => c.path.startsWith(`/v3/conversations/${encodeURIComponent("a:dm-alice")}/activities`));
    expect(reply.body.attachments[0].content.type).toBe("AdaptiveCard");
  });

  test("Tandem welcomes a Teams conversation once when added", async () => {
    const where = { serviceUrl: h.connector.serviceUrl, conversationId: "19:welcome@thread.tacv2" };
    await h.teams(teamsBotAdded(where));
    await h.teams(teamsBotAdded(where));
    await h.connector.waitForActivity((a) => String(a.text ?? "").includes("I'm Tandem"));
    await new Promise((r) => setTimeout(r, 400));
    const welcomes = h.connector.sent().filter((c) => decodeURIComponent(c.path).includes("19:welcome@thread.tacv2"));
    expect(welcomes).toHaveLength(1);
  });

  test("malformed JSON is 400, an oversized body 413, health and readiness answer", async () => {
    const bad = await fetch(`${h.url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: "{nope" });
    expect(bad.status).toBe(400);
    const big = await fetch(`${h.url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text: "x".repeat(1_100_000) }) });
    expect(big.status).toBe(413);
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${h.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready", pendingMigrations: [] });
  });
});

describe("Teams proactive posts [pglite]", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ kind: "pglite" });
  });
  afterAll(async () => {
    await h.stop();
  });

  test("a post without a thread goes to the channel root, not as a reply to the message the reference came from", async () => {
    const activity = teamsMessage("help", { serviceUrl: h.connector.serviceUrl, conversationId: "19:root@thread.tacv2" });
    await h.teams(activity);
    await h.connector.waitForActivity((_a, c) => decodeURIComponent(c.path).includes("19:root@thread.tacv2"));
    await h.tandem.outbox.enqueue([{ op: "post", channel: { platform: "teams", id: "19:root@thread.tacv2", isDirect: false }, reply: { text: "root post" } }]);
    const root = await h.connector.waitForActivity((a) => a.text === "root post");
    expect(decodeURIComponent(root.path)).toBe("/v3/conversations/19:root@thread.tacv2/activities");
  });
});
