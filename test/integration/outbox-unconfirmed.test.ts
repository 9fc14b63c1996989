// The window for a second copy: a send Slack took but that was never marked sent (the replica died after Slack's
// answer, or the answer came after the send timeout) is not posted again by the replica that takes the row over. It
// asks Slack for its own message with the row's key (message metadata) first. Where Slack cannot say (a refused or
// rate-limited read), it sends again: at least once stays the guarantee. And a replica whose claim was taken over
// cannot write its outcome over the new claimant's.
import { WebClient } from "@slack/web-api";
import { startHarness, type Harness } from "../support/harness";
import { OutboxDispatcher } from "../../src/adapters/outbox/dispatcher";
import { SlackSender } from "../../src/adapters/slack/sender";
import { slackClientOptions } from "../../src/adapters/slack/app";
import { CardRenderer } from "../../src/adapters/cards/render";
import { createLogger } from "../../src/logger";
import type { ChatSender, Sent } from "../../src/adapters/outbox/sender";
import type { Outgoing } from "../../src/core/conversation/reply";

jest.setTimeout(60_000);

const log = createLogger(process.env.TEST_LOG_LEVEL ?? "silent");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, check: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/**
 * A replica that dies right after Slack took its message: the post reaches Slack, and the answer never comes back to
 * the dispatcher (until `answer()`, which plays the dead replica's late write after another one took the row over).
 */
class DiesAfterSlackTookIt implements ChatSender {
  posted?: Sent | void;
  private release!: () => void;
  private readonly released = new Promise<void>((r) => (this.release = r));
  constructor(private readonly real: ChatSender) {}
  async send(item: Outgoing, target?: Parameters<ChatSender["send"]>[1], key?: string): Promise<Sent | void> {
    this.posted = await this.real.send(item, target, key);
    await this.released;
    return this.posted;
  }
  answer(): void {
    this.release();
  }
}

/** A replica that dies before its post reaches Slack: the send never goes out, and never answers. */
class DiesBeforeSlack implements ChatSender {
  send(): Promise<Sent | void> {
    return new Promise(() => undefined);
  }
}

/** The dead replica takes nothing more once its one row is in hand (a batch of one; it is never woken to claim). */
const DEAD = { batch: 1, pollMs: 3_600_000 };

const reply = (channel: string, text: string, threadId?: string): Outgoing => ({
  op: "post",
  channel: { platform: "slack", id: channel, isDirect: false },
  ...(threadId ? { threadId } : {}),
  key: `card:${channel}`,
  reply: { text },
});

describe("a send Slack took but nobody marked sent [postgres]", () => {
  let h: Harness;
  let slackSender: SlackSender;
  const dispatchers: OutboxDispatcher[] = [];

  const dispatcher = (replica: string, sender: ChatSender, extra: Partial<ConstructorParameters<typeof OutboxDispatcher>[3]> = {}) => {
    const d = new OutboxDispatcher(h.tandem.outbox, { slack: sender }, log, { replica, pollMs: 50, leaseSeconds: 1, sendTimeoutMs: 30_000, ...extra });
    dispatchers.push(d);
    d.start();
    return d;
  };
  const row = async (channel: string) => (await h.db.prisma.outboxMessage.findFirst({ where: { conversation: `slack:${channel}` }, orderBy: { id: "desc" } }))!;
  const posts = (channel: string) => h.slack.method("chat.postMessage").filter((c) => c.body.channel === channel && !c.refused);

  beforeAll(async () => {
    h = await startHarness({ kind: "postgres" });
    // Only the dispatchers of these tests send: the harness's own one would take the rows first.
    await h.tandem.dispatcher.stop();
    slackSender = new SlackSender(new WebClient("xoxb-test", slackClientOptions(h.slack.apiUrl, log)), new CardRenderer());
  });
  afterEach(async () => {
    await Promise.all(dispatchers.splice(0).map((d) => Promise.race([d.stop(), new Promise((r) => setTimeout(r, 2_000).unref())])));
    h.slack.scopes = new Set([...h.slack.scopes, "channels:history", "groups:history", "im:history"]);
    h.slack.readRate = "tier3";
    h.slack.botThreadReads = true;
  });
  afterAll(async () => {
    await h.stop();
  });

  test.each([
    ["a reply in a thread (conversations.replies)", "CUNC1", "1765000000.000100"],
    ["a top-level post (conversations.history)", "CUNC2", undefined],
  ])("%s: the replica that takes it over finds it in Slack and marks it sent; Slack has one copy", async (_what, channel, thread) => {
    await h.tandem.outbox.enqueue([reply(channel, `the card of ${channel}`, thread)]);
    const dying = new DiesAfterSlackTookIt(slackSender);
    const a = dispatcher("replica-a", dying, DEAD);
    await until("replica a's post to reach Slack", () => posts(channel).length === 1);
    // Replica a is gone: its lease runs out and replica b takes the row.
    const b = dispatcher("replica-b", slackSender);
    await until("the row to be marked sent", async () => (await row(channel)).status === "sent");
    await sleep(300);
    expect(posts(channel)).toHaveLength(1);
    const first = posts(channel)[0];
    // The one message carries the row's key, and b looked it up with its metadata in the window of the first attempt.
    const r = await row(channel);
    const metadata = typeof first.body.metadata === "string" ? JSON.parse(first.body.metadata) : first.body.metadata;
    expect(metadata).toEqual({ event_type: "tandem_outbox", event_payload: { key: String(r.id) } });
    const read = h.slack.method(thread ? "conversations.replies" : "conversations.history").filter((c) => c.body.channel === channel);
    expect(read).toHaveLength(1);
    expect(String(read[0].body.include_all_metadata)).toBe("true");
    expect(Number(read[0].body.oldest)).toBeLessThanOrEqual(r.unconfirmedAt!.getTime() / 1000);
    expect(b.lookups.found).toBe(1);
    expect(b.stats.sent).toBe(1);
    // What later updates of the card need: the ts Slack gave the one message.
    const posted = await h.db.prisma.postedMessage.findUnique({ where: { key: `card:${channel}` } });
    expect(posted?.messageId).toBe((dying.posted as Sent).messageId);
    // The dead replica's answer finally comes back: it no longer holds the row and writes nothing.
    dying.answer();
    await until("replica a to give up its write", () => a.lostClaims["after-send"] === 1);
    expect(a.stats.sent).toBe(0);
    expect((await row(channel)).lockedBy).toBeNull();
  });

  test("a reply under a person's message that never reached Slack: the lookup finds the thread without it, and it is sent once", async () => {
    const channel = "CUNC9";
    const thread = "1765000002.000100";
    // The person's message, which Tandem answers in its thread: in Slack before Tandem heard of it.
    h.slack.addMessage(channel, { type: "message", user: "UALEX", text: "the printer is jammed", ts: thread });
    await h.tandem.outbox.enqueue([reply(channel, `the card of ${channel}`, thread)]);
    dispatcher("replica-a", new DiesBeforeSlack(), DEAD);
    await until("replica a to hold the row", async () => (await row(channel)).lockedBy === "replica-a");
    const b = dispatcher("replica-b", slackSender);
    await until("the row to be marked sent", async () => (await row(channel)).status === "sent");
    expect(posts(channel)).toHaveLength(1);
    expect(b.lookups["not-found"]).toBe(1);
    expect(h.slack.refused().filter((c) => c.body.channel === channel)).toEqual([]);
  });

  test.each([
    ["Slack refuses the read (missing_scope: the token lacks channels:history)", "CUNC3", async (hh: Harness): Promise<void> => {
      hh.slack.scopes = new Set([...hh.slack.scopes].filter((s) => s !== "channels:history"));
    }, "refused"],
    ["Slack rate-limits the read (1 a minute for apps outside the Marketplace, used already)", "CUNC4", async (hh: Harness): Promise<void> => {
      hh.slack.readRate = "non-marketplace";
      // This minute's one read (already refused if the earlier tests' reads used it up).
      await new WebClient("xoxb-test", { slackApiUrl: hh.slack.apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } })
        .conversations.replies({ channel: "CUNC4", ts: "1765000001.000100" })
        .catch(() => undefined);
    }, "rate-limited"],
    ["Slack refuses bot tokens thread reads in channels, as its reference says", "CUNC5", async (hh: Harness): Promise<void> => {
      hh.slack.botThreadReads = false;
    }, "refused"],
  ] as const)("%s: the message is sent again (at least once), and the metric says why", async (_what, channel, refuse, outcome) => {
    await h.tandem.outbox.enqueue([reply(channel, `the card of ${channel}`, "1765000001.000100")]);
    const dying = new DiesAfterSlackTookIt(slackSender);
    dispatcher("replica-a", dying, DEAD);
    await until("replica a's post to reach Slack", () => posts(channel).length === 1);
    await refuse(h);
    const b = dispatcher("replica-b", slackSender);
    await until("the row to be marked sent", async () => (await row(channel)).status === "sent");
    expect(posts(channel)).toHaveLength(2);
    expect(b.lookups[outcome]).toBe(1);
    expect(b.lookups.found).toBe(0);
    dying.answer();
  });

  test("a replica whose claim another one took cannot mark the row sent, failed or due again, nor send it", async () => {
    const channel = "CUNC6";
    await h.tandem.outbox.enqueue([reply(channel, "claimed twice")]);
    const [stale] = await h.tandem.outbox.claim("replica-a", 10, 1);
    expect(stale.conversation).toBe(`slack:${channel}`);
    await sleep(1_100);
    expect(await h.tandem.outbox.releaseExpired()).toBe(1);
    const [fresh] = await h.tandem.outbox.claim("replica-b", 10, 60);
    expect(String(fresh.id)).toBe(String(stale.id));
    // Every outcome of the stale claim is refused; the new claimant's stands.
    expect(await h.tandem.outbox.markInFlight(stale)).toBe(false);
    expect(await h.tandem.outbox.markSent(stale, { messageId: "1.000001" })).toBe(false);
    await h.tandem.outbox.markFailed(stale, "stale failure");
    await h.tandem.outbox.retryAt(stale, new Date(Date.now() + 60_000), new Date(), "stale retry");
    await h.tandem.outbox.defer(stale, 60_000);
    let r = await row(channel);
    expect(r).toMatchObject({ status: "sending", lockedBy: "replica-b", lastError: null, sentAt: null });
    expect(await h.db.prisma.postedMessage.findUnique({ where: { key: `card:${channel}` } })).toBeNull();
    // The same replica, restarted with its id, claiming again: an older claim of its own is stale too.
    await h.tandem.outbox.retryAt(fresh, new Date(), new Date(), "failed once");
    const [again] = await h.tandem.outbox.claim("replica-b", 10, 60);
    expect(await h.tandem.outbox.markSent(fresh, { messageId: "1.000002" })).toBe(false);
    expect(await h.tandem.outbox.markInFlight(again)).toBe(true);
    expect(await h.tandem.outbox.markSent(again, { messageId: "1.000003" })).toBe(true);
    r = await row(channel);
    expect(r.status).toBe("sent");
    expect((await h.db.prisma.postedMessage.findUnique({ where: { key: `card:${channel}` } }))?.messageId).toBe("1.000003");
  });

  test("an answer that comes after the send timeout marks the row sent when no replica took it since", async () => {
    const channel = "CUNC7";
    await h.tandem.outbox.enqueue([reply(channel, "slow answer")]);
    const dying = new DiesAfterSlackTookIt(slackSender);
    const a = dispatcher("replica-a", dying, { ...DEAD, sendTimeoutMs: 300, leaseSeconds: 30, retry: { firstDelayMs: 60_000, maxDelayMs: 60_000, windowMs: 3_600_000 } });
    await until("the send to time out", () => a.stats.retried === 1);
    expect((await row(channel)).status).toBe("pending");
    dying.answer();
    await until("the late answer to mark it sent", async () => (await row(channel)).status === "sent");
    expect(posts(channel)).toHaveLength(1);
  });
});
