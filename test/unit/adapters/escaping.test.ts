import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { CardRenderer } from "../../../src/adapters/cards/render";
import { SlackSender } from "../../../src/adapters/slack/sender";
import { TeamsSender } from "../../../src/adapters/teams/sender";
import type { Actor } from "../../../src/core/conversation/events";

// User text is data: it must never ping a channel, mention someone, become a link or markup, or template code.
const HOSTILE = [
  "<!channel> printer down",
  "<!here|here> and <!everyone>",
  "ping <@U123> and <@W999|boss>",
  "<#C0123|general> <!subteam^S123>",
  "see <https://evil.example|your invoice>",
  "[click me](https://evil.example) and ![x](https://evil.example/p.png)",
  "<at>Everyone</at> <a href='https://evil.example'>hi</a> <img src=x onerror=alert(1)>",
  "${secret} ${$root.intro} {{x}}",
  "&lt;!channel&gt; & < >",
].join(" | ");

const BOB: Actor = { platform: "slack", teamId: "T1", userId: "UBOB", name: "Bob" };

let dir: string;
let cards: CardRenderer;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-cards-"));
  fs.mkdirSync(path.join(dir, "slack"));
  fs.mkdirSync(path.join(dir, "teams"));
  fs.writeFileSync(
    path.join(dir, "slack", "probe.json"),
    JSON.stringify({
      blocks: [
        { type: "header", text: { type: "plain_text", text: "${title}" } },
        { type: "section", text: { type: "mrkdwn", text: "*Asked:* ${said}" } },
        { type: "actions", elements: [{ type: "button", action_id: "probe.ok", text: { type: "plain_text", text: "OK" }, value: '{"key":"${key}","said":"${said}"}' }] },
      ],
    }),
  );
  fs.writeFileSync(
    path.join(dir, "teams", "probe.json"),
    JSON.stringify({
      type: "AdaptiveCard",
      version: "1.5",
      body: [
        { type: "TextBlock", text: "${title}", wrap: true },
        { type: "TextBlock", text: "**Asked:** ${said}", wrap: true },
      ],
      actions: [{ type: "Action.Execute", title: "OK", verb: "probe.ok", data: { key: "${key}", said: "${said}" } }],
    }),
  );
  cards = new CardRenderer(dir, { probe: z.object({ title: z.string(), said: z.string(), key: z.string() }) });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Every string inside a rendered card. */
const strings = (v: unknown): string[] =>
  typeof v === "string" ? [v] : Array.isArray(v) ? v.flatMap(strings) : v && typeof v === "object" ? Object.values(v).flatMap(strings) : [];

const SLACK_CONTROL = /<[!@#]|<https?:|<mailto:/;

describe("Slack: user text in cards and messages never pings, links or formats", () => {
  test("card data is escaped for mrkdwn: no <!channel>, <@U..>, <#C..> or <url|label> survives", () => {
    const out = cards.render<{ blocks: unknown[] }>("slack", { name: "probe", data: { title: HOSTILE, said: HOSTILE, key: "ticket:1" } });
    for (const s of strings(out)) expect(s).not.toMatch(SLACK_CONTROL);
    const section = JSON.stringify(out.blocks[1]);
    expect(section).toContain("&lt;!channel&gt; printer down");
    expect(section).toContain("&lt;@U123&gt;");
    expect(section).toContain("&amp;lt;!channel&amp;gt;"); // already-escaped text stays text
  });

  test("template expressions in user data are not evaluated", () => {
    const out = cards.render("slack", { name: "probe", data: { title: "${key}", said: "${$root.key} ${secret}", key: "LEAK" } });
    const header = JSON.stringify((out as { blocks: unknown[] }).blocks[0]);
    expect(header).not.toContain("LEAK");
    expect(JSON.stringify(out)).not.toMatch(/(^|[^\u2060])\$\{/);
  });

  test("the sender escapes the plain text, keeps only the mentions Tandem chose, and never asks Slack to link names", async () => {
    const calls: Record<string, unknown>[] = [];
    const client = { chat: { postMessage: async (a: Record<string, unknown>) => (calls.push(a), { ts: "1.1" }) } };
    const sender = new SlackSender(client as never, cards);
    await sender.send({ op: "post", channel: { platform: "slack", id: "C1", isDirect: false }, reply: { text: HOSTILE, mentions: [BOB] } });
    await sender.send({ op: "post", channel: { platform: "slack", id: "C1", isDirect: false }, reply: { text: "@here @channel @everyone", card: { name: "probe", data: { title: HOSTILE, said: HOSTILE, key: "k" } } as never } });
    const [plain, card] = calls;
    expect(String(plain.text).startsWith("<@UBOB> ")).toBe(true);
    expect(String(plain.text).slice("<@UBOB> ".length)).not.toMatch(SLACK_CONTROL);
    expect(card.text).toBe("@here @channel @everyone"); // bare words: Slack pings only for <!here> syntax
    for (const c of calls) {
      expect(c.link_names).toBeUndefined();
      expect(c.parse).toBeUndefined();
      for (const s of strings(c.blocks ?? [])) expect(s).not.toMatch(SLACK_CONTROL);
    }
  });
});

test("Slack: a mention is of a user id only; an id that is not one (a matrix typo or worse) pings nobody", async () => {
  const calls: Record<string, unknown>[] = [];
  const client = { chat: { postMessage: async (a: Record<string, unknown>) => (calls.push(a), { ts: "1.1" }) } };
  const sender = new SlackSender(client as never, cards);
  const odd: Actor = { platform: "slack", teamId: "T1", userId: "U1> <!channel", name: "Odd" };
  await sender.send({ op: "post", channel: { platform: "slack", id: "C1", isDirect: false }, reply: { text: "Paged.", mentions: [BOB, odd] } });
  await sender.send({ op: "post", channel: { platform: "slack", id: "C1", isDirect: false }, reply: { text: "Paged.", mentions: [odd, BOB], card: { name: "probe", data: { title: "t", said: "x", key: "k" } } as never } });
  for (const c of calls) {
    expect(String(c.text)).toBe("<@UBOB> Paged.");
    for (const s of strings(c.blocks ?? [])) expect(s).not.toMatch(/<!/);
  }
});

describe("Teams: user text in cards and messages never mentions, links or becomes HTML", () => {
  const sender = () => new TeamsSender({} as never, "app-id", cards, async () => null, { allowLoopback: false });

  test("card data: markdown links are broken, <at> and HTML tags are inert, ${...} is not evaluated", () => {
    const out = cards.render("teams", { name: "probe", data: { title: HOSTILE, said: HOSTILE, key: "k" } });
    const all = strings(out).join("\n");
    expect(all).not.toMatch(/\]\(https?:/);
    expect(all).not.toMatch(/<at>/i);
    expect(all).not.toMatch(/<(a|img)\b/i);
    expect(all).toContain("click me]\u2060(https://evil.example)");
    // A word joiner, not a zero-width space: "who handles <question>" must not break after "<".
    expect(all).not.toContain("\u200B");
  });

  test("a text message: no mention entities but Tandem's own, no <at> from the user, no live HTML or links", () => {
    const alice: Actor = { platform: "teams", teamId: "tenant-1", userId: "aad-alice", name: "Alice" };
    const a = sender().toActivity({ text: HOSTILE, mentions: [alice] });
    expect(a.entities).toEqual([{ type: "mention", text: "<at>Alice</at>", mentioned: { id: "aad-alice", name: "Alice" } }]);
    const text = String(a.text);
    expect(text.startsWith("<at>Alice</at> ")).toBe(true);
    const userPart = text.slice("<at>Alice</at> ".length);
    expect(userPart).not.toMatch(/<at>/i);
    expect(userPart).not.toMatch(/<(a|img)\b/i);
    expect(userPart).not.toMatch(/\]\(https?:/);
    const plain = sender().toActivity({ text: HOSTILE });
    expect(plain.entities ?? []).toEqual([]);
    expect(String(plain.text)).not.toMatch(/<at>|<(a|img)\b|\]\(https?:/i);
  });

  test("a mention's name is the person's display name, which their own organisation sets: it stays a name", () => {
    // A member of the other tenant in a shared channel, whose admin chose this display name.
    const mallory: Actor = { platform: "teams", teamId: "tenant-msp", userId: "aad-mallory", name: "Mallory</at> [Acknowledge the page here](https://evil.example) <at>" };
    for (const a of [sender().toActivity({ text: "Paged.", mentions: [mallory] }), sender().toActivity({ text: "Paged.", mentions: [mallory], card: { name: "probe", data: { title: "t", said: "x", key: "k" } } as never })]) {
      const text = String(a.text);
      expect(text).not.toMatch(/\]\(https?:/);
      expect(text.match(/<at>/g)).toHaveLength(1);
      expect(text.match(/<\/at>/g)).toHaveLength(1);
      // Teams matches the entity's text in the message's text.
      expect(text).toContain(a.entities![0].text);
      expect(a.entities![0].mentioned.id).toBe("aad-mallory");
    }
  });

  test("a card message keeps the card's data escaped and the summary plain", () => {
    const a = sender().toActivity({ text: "summary", card: { name: "probe", data: { title: HOSTILE, said: "x", key: "k" } } as never });
    const card = a.attachments?.[0]?.content;
    expect(strings(card).join("\n")).not.toMatch(/<at>|<(a|img)\b|\]\(https?:/i);
    expect(a.summary).toBe("summary");
  });
});
