// A platform outage measured in minutes, on a clock the test moves: the fake Slack Web API and the fake Bot
// Connector answer 500 for 30 simulated minutes, then recover. Judged from what the fakes accepted: every reply
// arrives exactly once, in order per conversation, and none is given up on.
import { startHarness, type Harness } from "../support/harness";
import { mentionEvent } from "../support/slack-requests";
import { teamsMessage } from "../support/teams-activities";
import type { Outgoing } from "../../src/core/conversation/reply";
import { MovingClock, untilSent } from "../support/moving-clock";

const SLACK = ["COUT1", "COUT2", "COUT3"];
const TEAMS = ["19:out1@thread.tacv2", "19:out2@thread.tacv2"];
const PER_CONVERSATION = 4;
const MINUTE = 60_000;
const STEP = MINUTE;

const post = (platform: "slack" | "teams", id: string, text: string): Outgoing => ({ op: "post", channel: { platform, id, isDirect: false }, reply: { text } });


describe("a 30-minute outage of Slack and the Bot Connector", () => {
  const clock = new MovingClock();
  let h: Harness;
  beforeAll(async () => {
    // Slack at its real pace too: after the outage each channel's backlog goes out paced, with no 429.
    h = await startHarness({ kind: "postgres", sendClock: clock, paceSlack: true });
    // Each Teams conversation known (its reference stored) before the outage, as it would be in production.
    for (const id of TEAMS) await h.teams(teamsMessage("help", { serviceUrl: h.connector.serviceUrl, conversationId: id }));
    await untilSent(h);
  });
  afterAll(async () => {
    await h?.stop();
  });

  test("loses nothing and delivers each conversation's replies once, in order, after recovery", async () => {
    h.slack.down = true;
    h.connector.down = true;
    const startedAt = clock.now().getTime();
    const expected = new Map<string, string[]>();
    for (let i = 0; i < PER_CONVERSATION; i++) {
      for (const ch of SLACK) await h.tandem.outbox.enqueue([post("slack", ch, `${ch} n${i}`)]);
      for (const id of TEAMS) await h.tandem.outbox.enqueue([post("teams", id, `${id.slice(3, 7)} n${i}`)]);
    }
    for (const ch of SLACK) expected.set(ch, Array.from({ length: PER_CONVERSATION }, (_, i) => `${ch} n${i}`));
    for (const id of TEAMS) expected.set(id, Array.from({ length: PER_CONVERSATION }, (_, i) => `${id.slice(3, 7)} n${i}`));
    // A turn's reply during the outage too (a mention answered with the help card).
    await h.slackEvent(mentionEvent("help", { channel: "COUTEVT" }));

    // 30 minutes of outage, a simulated minute at a time; each step sends whatever is due.
    while (clock.now().getTime() - startedAt < 30 * MINUTE) {
      clock.advance(STEP);
      await h.tandem.dispatcher.drain();
    }
    const duringOutage = await h.db.prisma.outboxMessage.findMany({ where: { status: { not: "sent" } } });
    expect(duringOutage.length).toBeGreaterThan(SLACK.length * PER_CONVERSATION);
    // Today's rule gave up after 8 attempts (about a minute): these were tried for far longer, and none given up on.
    expect(Math.max(...duringOutage.map((r) => r.attempts))).toBeGreaterThan(8);
    expect(duringOutage.filter((r) => r.status === "failed")).toEqual([]);

    h.slack.down = false;
    h.connector.down = false;
    await untilSent(h, () => clock.advance(STEP));

    for (const ch of SLACK) {
      const got = h.slack.method("chat.postMessage").filter((c) => !c.refused && c.body.channel === ch).map((c) => c.body.text);
      expect(got).toEqual(expected.get(ch));
    }
    for (const id of TEAMS) {
      const got = h.connector.sent().filter((c) => decodeURIComponent(c.path).includes(id) && /n\d$/.test(c.body.text ?? "")).map((c) => c.body.text);
      expect(got).toEqual(expected.get(id));
    }
    // The backlog went out at each platform's pace: refused only during the outage, never for going too fast.
    expect([...h.slack.refused(), ...h.connector.refused()].filter((c) => /^429/.test(c.refused ?? "")).map((c) => c.refused)).toEqual([]);
    const helpCards = h.slack.method("chat.postMessage").filter((c) => !c.refused && c.body.channel === "COUTEVT");
    expect(helpCards).toHaveLength(1);
    expect(await h.db.prisma.outboxMessage.count({ where: { status: { not: "sent" } } })).toBe(0);
  }, 120_000);
});

