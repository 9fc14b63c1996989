import { startHarness, type Harness } from "../support/harness";
import { commandForm, eventEnvelope, mentionEvent, slackSignature } from "../support/slack-requests";

// Slack's request rules as its documentation states them: the timestamp must be within five minutes of now (a
// request stamped in the future is as suspect as an old one), and a content type with parameters is still that
// content type.
describe("Slack requests", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.stop());

  const post = (body: string, contentType: string, ts: number) =>
    fetch(`${h.url}/slack/events`, { method: "POST", headers: { "content-type": contentType, ...slackSignature(body, ts) }, body });
  const now = () => Math.floor(Date.now() / 1000);

  test.each([
    ["one hour ahead", 3600],
    ["ten years ahead", 10 * 365 * 86400],
    ["six minutes ahead", 360],
  ])("a correctly signed request stamped %s is refused (401) and not stored", async (_label, ahead) => {
    const body = JSON.stringify(eventEnvelope(mentionEvent("help", { channel: "CFUTURE" })));
    const res = await post(body, "application/json", now() + ahead);
    expect(res.status).toBe(401);
    expect(await h.db.prisma.inboxEvent.count({ where: { conversation: "slack:CFUTURE" } })).toBe(0);
  });

  test("a request stamped a minute ahead (clock skew) is accepted", async () => {
    const body = JSON.stringify(eventEnvelope(mentionEvent("help", { channel: "CSKEW" })));
    const res = await post(body, "application/json", now() + 60);
    expect(res.status).toBe(200);
    expect(await h.db.prisma.inboxEvent.count({ where: { conversation: "slack:CSKEW" } })).toBe(1);
  });

  test("a signed slash command sent as application/x-www-form-urlencoded; charset=utf-8 is handled", async () => {
    const form = commandForm("/tandem", "help", { channel: "CCHARSET" });
    const res = await post(form, "application/x-www-form-urlencoded; charset=utf-8", now());
    expect(res.status).toBe(200);
    await h.settle();
    const reply = await h.slack.waitForMethod("chat.postMessage", (b) => b.channel === "CCHARSET");
    expect(String(reply.text)).toContain("Tandem");
  });

  test("an event as application/json; charset=utf-8 is handled", async () => {
    const body = JSON.stringify(eventEnvelope(mentionEvent("help", { channel: "CJSONCHARSET" })));
    const res = await post(body, "application/json; charset=utf-8", now());
    expect(res.status).toBe(200);
    await h.settle();
    await h.slack.waitForMethod("chat.postMessage", (b) => b.channel === "CJSONCHARSET");
  });
});
