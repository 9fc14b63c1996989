// A size test per card at the limits, on both platforms: every card type, with its typed sample inflated past the
// limits (long titles and notes of 6 000 characters with characters escaping lengthens, 30 entries in every list:
// 30 timeline entries, a 30-step playbook, 30 roles), queued through the outbox as Tandem queues any reply. Judged
// from what the fake Slack Web API and the fake Bot Connector received: nothing refused, each card arrives once,
// and every long text arrives in full somewhere (the card, "Show full text", or the card's thread).
import { startHarness, type Harness } from "../support/harness";
import { cardSamples } from "../support/card-samples";
import { inflate } from "../support/inflate";
import { teamsMessage } from "../support/teams-activities";
import { blocksOf, until } from "./incident-support";
import { MAX_ACTIVITY_BYTES } from "../fakes/bot-connector";
import type { Outgoing } from "../../src/core/conversation/reply";

const unescapeSlack = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
const unescapeTeams = (s: string) => s.replace(/\u2060/g, "").replace(/&lt;(\/?)at&gt;/g, "<$1at>");
const words = (s: string) => s.replace(/\s+/g, " ").trim();
const partHead = /^Full text( \(part \d+ of \d+\))?:\n/;

/** Every string of the data at least `min` characters long (the inflated texts). */
function longStrings(v: unknown, min = 1000, out: string[] = []): string[] {
  if (typeof v === "string" && v.length >= min) out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => longStrings(x, min, out));
  else if (v && typeof v === "object") Object.values(v).forEach((x) => longStrings(x, min, out));
  return out;
}

/** All text in a Slack message or a Teams activity, in order. */
function textsOf(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => textsOf(n, out));
  else if (node && typeof node === "object") for (const [k, v] of Object.entries(node)) (k === "text" && typeof v === "string" ? out.push(v) : textsOf(v, out));
  return out;
}

const samples = cardSamples().map((s) => ({ ...s, data: inflate(s.data, { text: 6000, items: 30 }) }));
const drained = (h: Harness) => until(async () => (await h.db.prisma.outboxMessage.count({ where: { status: { in: ["pending", "sending"] } } })) === 0, 240_000);

describe("every card inflated past the limits", () => {
  let h: Harness;
  beforeAll(async () => {
    // Pacing is tested on its own (pacing.test.ts); here only sizes count: the fake Bot Connector takes any rate and
    // Tandem's Teams pace is raised to match (the longest cards' threads are over 60 messages in one conversation,
    // and at Teams' real pace, 60 per 30 s, they waited 30 s for nothing this test looks at).
    h = await startHarness({ kind: "pglite", env: { OUTBOX_PACE_TEAMS: "1000/1s" } });
    h.connector.rateLimits = false;
    // A Teams conversation per card: Tandem sends where it has a conversation reference.
    for (const [i] of samples.entries()) await h.teams(teamsMessage("help", { serviceUrl: h.connector.serviceUrl, conversationId: `19:card${i}@thread.tacv2` }));
    await drained(h);
    const items: Outgoing[] = samples.flatMap((s, i): Outgoing[] => {
      const reply = { text: `HL-${100 + i} ${s.name} (${s.variant})`, card: { name: s.name, data: s.data } } as never;
      return [
        { op: "post", channel: { platform: "slack", id: `CCARD${i}`, isDirect: false }, key: `size:slack:${i}`, reply },
        { op: "post", channel: { platform: "teams", id: `19:card${i}@thread.tacv2`, isDirect: false }, key: `size:teams:${i}`, reply },
      ];
    });
    await h.tandem.outbox.enqueue(items);
    await drained(h);
  }, 600_000);
  afterAll(async () => {
    await h.stop();
  });

  test("nothing was refused and nothing failed", async () => {
    // Sends only: on a loaded machine a send can outlive its timeout, and the second attempt first looks for the
    // message (conversations.history / .replies), which the fake refuses in a channel it never saw (not a size matter).
    expect(h.slack.refused().filter((c) => c.path.startsWith("/api/chat.")).map((c) => c.refused)).toEqual([]);
    expect(h.connector.refused().map((c) => c.refused)).toEqual([]);
    expect(await h.db.prisma.outboxMessage.count({ where: { status: "failed" } })).toBe(0);
  });

  test.each(samples.map((s, i) => [`${s.name} (${s.variant})`, i] as const))("Slack: %s arrives once as a card, within the limits, with every long text in full", (_, i) => {
    const calls = h.slack.method("chat.postMessage").filter((c) => c.body.channel === `CCARD${i}`);
    const cards = calls.filter((c) => blocksOf(c.body).length > 0);
    expect(cards).toHaveLength(1);
    expect(blocksOf(cards[0]!.body).length).toBeLessThanOrEqual(50);
    const received = words(calls.map((c) => [...textsOf(blocksOf(c.body)), String(c.body.text).replace(partHead, "")].map(unescapeSlack).join(" ")).join(""));
    const thread = words(calls.filter((c) => blocksOf(c.body).length === 0).map((c) => unescapeSlack(String(c.body.text).replace(partHead, ""))).join(""));
    for (const text of longStrings(samples[i]!.data)) expect(received.includes(words(text)) || thread.includes(words(text))).toBe(true);
  });

  test.each(samples.map((s, i) => [`${s.name} (${s.variant})`, i] as const))("Teams: %s arrives once as a card under 28 KB, with every long text in full", (_, i) => {
    const calls = h.connector.sent().filter((c) => decodeURIComponent(c.path).includes(`19:card${i}@thread.tacv2`));
    const cards = calls.filter((c) => c.body.attachments?.[0]?.content?.body && c.body.summary?.startsWith(`HL-${100 + i} `));
    expect(cards).toHaveLength(1);
    for (const c of calls) expect(Buffer.byteLength(c.raw)).toBeLessThanOrEqual(MAX_ACTIVITY_BYTES);
    const card = words(textsOf(cards[0]!.body.attachments[0].content.body).map(unescapeTeams).join(" "));
    const thread = words(calls.filter((c) => !c.body.attachments).map((c) => unescapeTeams(String(c.body.text).replace(partHead, ""))).join(""));
    for (const text of longStrings(samples[i]!.data)) expect(card.includes(words(text)) || thread.includes(words(text))).toBe(true);
  });
});

describe("a card just over 28 KB in Teams", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ kind: "pglite" });
    await h.teams(teamsMessage("help", { serviceUrl: h.connector.serviceUrl, conversationId: "19:toggle@thread.tacv2" }));
  }, 120_000);
  afterAll(async () => {
    await h.stop();
  });

  test("is shortened with an ellipsis and the rest is on the card behind \"Show full text\", with no thread", async () => {
    const sample = cardSamples().find((s) => s.name === "ticket")!;
    const note = "x".repeat(13_000).replace(/x{90}/g, (m, o) => `log line ${o} & more ${m.slice(0, 60)}\n`);
    const data = { ...(sample.data as object), title: note, headline: note } as never;
    await h.tandem.outbox.enqueue([{ op: "post", channel: { platform: "teams", id: "19:toggle@thread.tacv2", isDirect: false }, key: "toggle:1", reply: { text: "HL-42 printer", card: { name: "ticket", data } } }]);
    await drained(h);
    expect(h.connector.refused()).toEqual([]);
    const calls = h.connector.sent().filter((c) => decodeURIComponent(c.path).includes("19:toggle@thread.tacv2") && c.body.summary === "HL-42 printer");
    expect(calls).toHaveLength(1);
    expect(Buffer.byteLength(calls[0]!.raw)).toBeLessThanOrEqual(MAX_ACTIVITY_BYTES);
    const body = calls[0]!.body.attachments[0].content.body as any[];
    expect(JSON.stringify(body)).toContain("…");
    const toggle = body.find((b) => b.type === "ActionSet" && b.actions.some((a: any) => a.type === "Action.ToggleVisibility" && a.title === "Show full text"));
    const hidden = body.find((b) => b.type === "Container" && b.isVisible === false);
    expect(toggle.actions[0].targetElements).toEqual([hidden.id]);
    expect(words(textsOf(hidden.items).map(unescapeTeams).join(" "))).toContain(words(note));
    expect(h.connector.sent().filter((c) => partHead.test(String(c.body.text ?? "")))).toEqual([]);
  }, 120_000);
});
