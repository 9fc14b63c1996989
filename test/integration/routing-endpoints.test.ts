// "Who handles this?" over the real endpoints says what `tandem ask` says. Messages of two evaluation sets written
// outside the project (an architecture firm with French, hotels with Spanish and pasted alerts), each set's own
// matrix stored for the client, are sent as people send them: a Slack DM, a Slack @mention in a channel ("who handles
// …?"), a Teams 1:1 message and a Teams channel @mention. What reached the fake Slack and the fake Bot Connector
// (answer, the three choices when unsure, or "not in the matrix") must be the in-process decision for that text.
// Counted at the platform: every message got exactly one reply there, and none of them disagrees.
import path from "node:path";
import { PrismaMatrixStore } from "../../src/adapters/db/matrix-repo";
import type { Matrix } from "../../src/core/matrix/model";
import { answerQuestion } from "../../src/core/whohandles/answer";
import { findSets } from "../../src/eval/sets";
import { executeActions } from "../support/cards";
import { startHarness, type Harness } from "../support/harness";
import { dmEvent, mentionEvent } from "../support/slack-requests";
import { teamsMessage } from "../support/teams-activities";
import { slackButton, slackButtons } from "./tickets-support";

const SETS = path.resolve(__dirname, "../fixtures/routing/sets-2026-12-06b");
/** Every ninth message of a set: a spread of languages, alerts and out-of-scope lines, not a chosen few. */
const EVERY = 9;

type Path = "slack-dm" | "slack-mention" | "teams-dm" | "teams-mention";
const PATHS: Path[] = ["slack-dm", "slack-mention", "teams-dm", "teams-mention"];

/** What the person saw, read back from the platform's side. */
interface Seen {
  decision: "answer" | "ask" | "none";
  category: string | null;
  choices: string[];
}

/** Slack escapes &, < and > in message text. */
const slackEscape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const NONE_TITLES = ["The matrix does not name this", "Not in the matrix"];

function seenInSlack(body: any): Seen {
  const blocks: any[] = JSON.parse(body.blocks);
  const header = blocks.find((b) => b.type === "header")?.text.text ?? "";
  const buttons = slackButtons(blocks);
  if (NONE_TITLES.includes(header)) return { decision: "none", category: null, choices: [] };
  const choose = buttons.filter((b: any) => b.action_id?.startsWith("whohandles-choose") && typeof b.value === "string" && JSON.parse(b.value).category);
  if (choose.length) return { decision: "ask", category: null, choices: choose.map((b: any) => JSON.parse(b.value).category) };
  const ticket = slackButton(blocks, "ticket-open");
  return { decision: "answer", category: ticket ? JSON.parse(ticket.value).category : null, choices: [] };
}

function seenInTeams(card: any): Seen {
  const text = JSON.stringify(card);
  if (NONE_TITLES.some((t) => text.includes(`"${t}"`))) return { decision: "none", category: null, choices: [] };
  const actions = executeActions(card) as any[];
  const choose = actions.filter((a) => a.verb === "whohandles-choose" && a.data?.category);
  if (choose.length) return { decision: "ask", category: null, choices: choose.map((a) => a.data.category) };
  const ticket = actions.find((a) => a.verb === "ticket-open");
  return { decision: "answer", category: ticket?.data?.category ?? null, choices: [] };
}

function expected(matrix: Matrix, question: string, at: Date): Seen {
  const a = answerQuestion(matrix, question, at);
  if (a.decision === "none" || a.category === null) return { decision: "none", category: null, choices: [] };
  if (a.decision === "ask") return { decision: "ask", category: null, choices: a.choices };
  return { decision: "answer", category: a.category, choices: [] };
}

/** A Bot Connector call into exactly this conversation (not one whose id merely starts the same). */
const inConversation = (callPath: string, id: string) => decodeURIComponent(callPath).startsWith(`/v3/conversations/${id}/activities`);

/** The question as the chat reads it: without a closing "?" (the mention's "who handles … ?" is the command). */
const asked = (text: string) => text.replace(/\s+/g, " ").replace(/[\s?]+$/, "").trim();

describe("who handles this? through the endpoints agrees with tandem ask, on sets written outside the project", () => {
  let h: Harness;
  let version = 1000;

  beforeAll(async () => {
    h = await startHarness({ kind: "pglite" });
  });
  afterAll(async () => {
    await h.stop();
  });

  test.each(["architecture", "hotels"])("%s: every sampled message, on each of the four paths, gets the in-process decision", async (name) => {
    const set = findSets([SETS]).find((s) => s.name === name)!;
    const matrix: Matrix = { ...set.matrix, version: ++version };
    await new PrismaMatrixStore(h.db.prisma).save("demo", matrix, `evaluation set ${name}`, "test", true);
    const sample = set.requests.filter((_, i) => i % EVERY === 0).map((r, i) => ({ text: r.text, via: PATHS[i % PATHS.length]! }));
    expect(sample.length).toBeGreaterThanOrEqual(20);
    const serviceUrl = h.connector.serviceUrl;

    const outcomes = await Promise.all(
      sample.map(async ({ text, via }, i) => {
        const tag = `${name}-${i}`;
        let seen: Seen;
        let where: string;
        if (via === "slack-dm") {
          const channel = `D${tag.toUpperCase().replace(/[^A-Z0-9]/g, "")}`;
          where = channel;
          await h.slackEvent(dmEvent(slackEscape(text), { channel }));
          seen = seenInSlack(await h.slack.waitForMethod("chat.postMessage", (b) => b.channel === channel));
        } else if (via === "slack-mention") {
          const ts = `17100${String(version).padStart(5, "0")}.${String(i).padStart(6, "0")}`;
          where = ts;
          await h.slackEvent(mentionEvent(slackEscape(`who handles ${text}?`), { ts }));
          seen = seenInSlack(await h.slack.waitForMethod("chat.postMessage", (b) => b.thread_ts === ts));
        } else if (via === "teams-dm") {
          const conversationId = `a:dm-${tag}`;
          where = conversationId;
          await h.teams(teamsMessage(text, { serviceUrl, personal: true, conversationId }));
          const reply = await h.connector.waitForActivity((_a, c) => inConversation(c.path, conversationId));
          seen = seenInTeams(reply.body.attachments[0].content);
        } else {
          const conversationId = `19:${tag}@thread.tacv2`;
          where = conversationId;
          const activity = teamsMessage(`who handles ${text}?`, { serviceUrl, conversationId });
          await h.teams(activity);
          const reply = await h.connector.waitForActivity((_a, c) => inConversation(c.path, `${conversationId};messageid=${activity.id}`));
          seen = seenInTeams(reply.body.attachments[0].content);
        }
        return { text, via, where, seen, want: expected(matrix, asked(text), new Date()) };
      }),
    );

    const disagreements = outcomes.filter((o) => JSON.stringify(o.seen) !== JSON.stringify(o.want));
    expect(disagreements).toEqual([]);
    // The sample holds all three decisions, so each reading of the platform's side is exercised.
    expect(new Set(outcomes.map((o) => o.seen.decision))).toEqual(new Set(["answer", "ask", "none"]));
    // Exactly one reply per message reached the platform (after the queues settle, nothing more arrives).
    await h.settle();
    for (const o of outcomes) {
      const n = o.via.startsWith("slack")
        ? h.slack.method("chat.postMessage").filter((c) => (o.via === "slack-dm" ? c.body.channel === o.where : c.body.thread_ts === o.where)).length
        : h.connector.sent().filter((c) => inConversation(c.path, o.where) || decodeURIComponent(c.path).startsWith(`/v3/conversations/${o.where};`)).length;
      expect({ text: o.text, via: o.via, replies: n }).toEqual({ text: o.text, via: o.via, replies: 1 });
    }
  });
});
