// Send only what the platform accepts: the fakes refuse what Slack and Teams refuse (invalid_blocks, msg_too_long,
// 413 MessageSizeTooBig), and every reply is fitted before it is queued. Judged from what the fakes received: no
// refusal, shortened text ending in an ellipsis, and the full text reachable (Slack: the card's thread; Teams:
// "Show full text", or the thread when the card cannot hold it). A forced rejection ends as one plain-text message.
import { startHarness, type Harness } from "../support/harness";
import { mentionEvent } from "../support/slack-requests";
import { teamsMessage } from "../support/teams-activities";
import { blocksOf, until } from "./incident-support";
import { longText } from "../support/inflate";
import { MAX_ACTIVITY_BYTES } from "../fakes/bot-connector";

const unescapeSlack = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
const unescapeTeams = (s: string) => s.replace(/\u2060/g, "").replace(/&lt;(\/?)at&gt;/g, "<$1at>");
/** Until the outbox has sent everything (several messages per conversation are paced, so this can take seconds). */
const drained = (h: Harness) => until(async () => (await h.db.prisma.outboxMessage.count({ where: { status: { in: ["pending", "sending"] } } })) === 0, 120_000);
const words = (s: string) => s.replace(/\s+/g, " ").trim();
/** The text of a full-text post without its "Full text (part i of n):" head and the cut part's title. */
const body = (t: string) => t.replace(/^Full text( \(part \d+ of \d+\))?:\n/, "");

function slackThread(h: Harness, channel: string, ts: string): string {
  return h.slack
    .method("chat.postMessage")
    .filter((c) => !c.refused && c.body.channel === channel && c.body.thread_ts === ts)
    .map((c) => unescapeSlack(body(String(c.body.text))))
    .join("");
}

describe("Slack: long pasted text", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ kind: "pglite" });
  });
  afterAll(async () => {
    await h.stop();
  });

  const ticketCard = (channel: string) => h.slack.method("chat.postMessage").find((c) => c.body.channel === channel && blocksOf(c.body).length > 0 && !c.refused);

  test.each([
    ["a pasted 40 000-character message", "C40K", longText(40_000, "printer <tray 2> & toner jammed, see log")],
    ["a 6 KB log", "C6KB", longText(6 * 1024, "2026-09-08T14:00:00Z ERROR <svc> spooler & driver crashed")],
  ])("%s: the card is within Block Kit's limits, shortened with an ellipsis, and the full text is in its thread", async (_, channel, pasted) => {
    await h.slackEvent(mentionEvent(`ticket ${pasted}`, { channel }));
    await drained(h);
    expect(h.slack.refused()).toEqual([]);
    const card = await until(async () => ticketCard(channel));
    const blocks = blocksOf(card.body);
    expect(blocks.length).toBeLessThanOrEqual(50);
    const texts = blocks.map((b: any) => String(b.text?.text ?? ""));
    expect(Math.max(...texts.map((t: string) => t.length))).toBeLessThanOrEqual(3000);
    expect(texts.join("\n")).toContain("…");
    expect(JSON.stringify(blocks)).toContain("the full text follows in the thread");
    // The card answers in the thread of the message that asked; the full text follows it there.
    const thread = slackThread(h, channel, String(card.body.thread_ts));
    // The whole pasted text, in order (a one-line ticket title keeps its words, not its line breaks).
    expect(words(thread)).toContain(words(pasted));
    const failed = await h.db.prisma.outboxMessage.count({ where: { status: "failed" } });
    expect(failed).toBe(0);
  }, 90_000);

  test("a forced invalid_blocks: the card is refused once, a plain-text message names the ticket, and the row records it", async () => {
    h.slack.failNext("chat.postMessage", 1, "invalid_blocks");
    await h.slackEvent(mentionEvent("ticket the scanner on floor 3 shows error E-204", { channel: "CREJ" }));
    await drained(h);
    const calls = h.slack.method("chat.postMessage").filter((c) => c.body.channel === "CREJ");
    expect(calls).toHaveLength(2);
    expect(blocksOf(calls[0]!.body).length).toBeGreaterThan(0); // the card, refused
    const plain = calls.slice(1).filter((c) => blocksOf(c.body).length === 0);
    expect(plain).toHaveLength(1);
    const ref = /\b([A-Z]+-\d+)\b/.exec(String(calls[0]!.body.text))![1]!;
    expect(String(plain[0]!.body.text)).toContain(ref);
    expect(String(plain[0]!.body.text)).toContain(`tickets show ${ref}`);
    expect(String(plain[0]!.body.text)).toContain("invalid_blocks");
    const row = await h.db.prisma.outboxMessage.findFirstOrThrow({ where: { conversation: "slack:CREJ", op: "post" }, orderBy: { id: "asc" } });
    expect(row.status).toBe("sent");
    expect(row.lastError).toMatch(/^invalid_blocks: sent as plain text instead/);
  }, 60_000);
});

describe("Teams: long pasted text", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ kind: "pglite" });
    h.connector.rateLimits = false; // a 40 000-character text is several messages; pacing is tested elsewhere
  });
  afterAll(async () => {
    await h.stop();
  });

  const where = (conversationId: string) => ({ serviceUrl: h.connector.serviceUrl, conversationId });
  const sentTo = (conversationId: string) => h.connector.sent().filter((c) => decodeURIComponent(c.path).includes(conversationId));
  const cardOf = (c: any) => c.body.attachments?.[0]?.content;

  test("a 6 KB log: the card stays under 28 KB and carries the whole log (Teams limits the activity, not each text)", async () => {
    const conv = "19:log@thread.tacv2";
    const log = longText(6 * 1024, "2026-09-08T14:00:00Z ERROR svc: spooler & driver crashed");
    await h.teams(teamsMessage(`ticket ${log}`, where(conv)));
    await drained(h);
    expect(h.connector.refused()).toEqual([]);
    const card = await until(async () => sentTo(conv).find((c) => cardOf(c)?.body));
    expect(Buffer.byteLength(card.raw)).toBeLessThanOrEqual(MAX_ACTIVITY_BYTES);
    const texts: string[] = [];
    const collect = (n: any) => {
      if (Array.isArray(n)) n.forEach(collect);
      else if (n && typeof n === "object") {
        if (n.type === "TextBlock") texts.push(unescapeTeams(String(n.text)));
        Object.values(n).forEach(collect);
      }
    };
    collect(cardOf(card).body);
    expect(words(texts.join("\n"))).toContain(words(log));
  }, 90_000);

  test("a pasted 40 000-character message: the card stays under 28 KB and the full text follows in its thread", async () => {
    const conv = "19:paste@thread.tacv2";
    const pasted = longText(40_000, "printer tray 2 & toner jammed, see log");
    await h.teams(teamsMessage(`ticket ${pasted}`, where(conv)));
    await drained(h);
    expect(h.connector.refused()).toEqual([]);
    const calls = sentTo(conv);
    const card = calls.find((c) => cardOf(c)?.body)!;
    expect(Buffer.byteLength(card.raw)).toBeLessThanOrEqual(MAX_ACTIVITY_BYTES);
    expect(JSON.stringify(cardOf(card))).toContain("the full text follows in the thread");
    // After the card, in the same thread: the full text, in parts.
    const thread = calls.slice(calls.indexOf(card) + 1).filter((c) => !cardOf(c) && c.path === card.path);
    expect(thread.length).toBeGreaterThanOrEqual(2);
    for (const t of thread) expect(Buffer.byteLength(t.raw)).toBeLessThanOrEqual(MAX_ACTIVITY_BYTES);
    expect(words(thread.map((t) => unescapeTeams(body(String(t.body.text)))).join(""))).toContain(words(pasted));
  }, 90_000);

  test("a forced 413 MessageSizeTooBig: one plain-text message names the ticket, and the row records the rejection", async () => {
    const conv = "19:reject@thread.tacv2";
    h.connector.failNext(1, 413);
    await h.teams(teamsMessage("ticket the scanner on floor 3 shows error E-204", where(conv)));
    await drained(h);
    const calls = h.connector.calls.filter((c) => c.method === "POST" && decodeURIComponent(c.path).includes(conv));
    expect(calls.filter((c) => c.refused === "413 MessageSizeTooBig (forced)")).toHaveLength(1);
    const delivered = calls.filter((c) => !c.refused);
    expect(delivered).toHaveLength(1);
    expect(cardOf(delivered[0])).toBeUndefined();
    const text = String(delivered[0]!.body.text);
    const ref = /\b([A-Z]+-\d+)\b/.exec(text)![1]!;
    expect(text).toContain(`tickets show ${ref}`);
    expect(text).toContain("MessageSizeTooBig");
    const row = await h.db.prisma.outboxMessage.findFirstOrThrow({ where: { conversation: `teams:${conv}`, op: "post" }, orderBy: { id: "asc" } });
    expect(row.status).toBe("sent");
    expect(row.lastError).toMatch(/^413 MessageSizeTooBig: sent as plain text instead/);
  }, 60_000);
});

describe("plain text over the limits (a long answer without a card)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ kind: "pglite" });
    h.connector.rateLimits = false; // several parts to one conversation; pacing is tested elsewhere
    await h.teams(teamsMessage("help", { serviceUrl: h.connector.serviceUrl, conversationId: "19:plain@thread.tacv2" }));
  }, 120_000);
  afterAll(async () => {
    await h.stop();
  });

  test("is sent in parts the platforms take, in order, with nothing lost", async () => {
    const text = longText(100_000, "step 12: restore <FS02> & verify the share");
    const teamsText = longText(100_000, "step 12: restore FS02 & verify the share");
    await h.tandem.outbox.enqueue([
      { op: "post", channel: { platform: "slack", id: "CPLAIN", isDirect: false }, reply: { text } },
      { op: "post", channel: { platform: "teams", id: "19:plain@thread.tacv2", isDirect: false }, reply: { text: teamsText } },
    ]);
    await drained(h);
    expect(h.slack.refused()).toEqual([]);
    expect(h.connector.refused()).toEqual([]);
    const slack = h.slack.method("chat.postMessage").filter((c) => c.body.channel === "CPLAIN");
    expect(slack.length).toBeGreaterThanOrEqual(3);
    expect(slack.map((c) => unescapeSlack(String(c.body.text))).join("")).toBe(text);
    const teams = h.connector.sent().filter((c) => decodeURIComponent(c.path).includes("19:plain@thread.tacv2") && !c.body.attachments);
    expect(teams.length).toBeGreaterThanOrEqual(4);
    for (const t of teams) expect(Buffer.byteLength(t.raw)).toBeLessThanOrEqual(MAX_ACTIVITY_BYTES);
    expect(teams.map((c) => unescapeTeams(String(c.body.text))).join("")).toBe(teamsText);
  }, 180_000);
});
