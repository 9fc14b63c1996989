import http from "node:http";
import type { AddressInfo } from "node:net";
import { freshPostgres, type TestDatabase } from "../support/databases";
import { eventEnvelope, mentionEvent, slackSignature } from "../support/slack-requests";
import { spawnTandem, stopTandem, type TandemProcess } from "../support/tandem-process";

jest.setTimeout(90_000);

/**
 * A Slack Web API stand-in for one replica that can hold its answers: while held, requests are kept open and
 * never answered, as if lost in the network before Slack processed them. What it did answer is "delivered".
 */
class ReplicaSlack {
  readonly delivered: { replica: string; channel: string; thread: string; text: string; at: number }[];
  held = false;
  heldCount = 0;
  private server?: http.Server;
  private ts = 1_700_000_000;
  url = "";
  constructor(
    readonly replica: string,
    shared: ReplicaSlack["delivered"],
  ) {
    this.delivered = shared;
  }
  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      let raw = "";
      req.on("data", (c) => (raw += c));
      req.on("end", () => {
        const method = (req.url ?? "").replace(/^\/api\//, "");
        if (method === "auth.test") return res.end(JSON.stringify({ ok: true, user_id: "UBOT", bot_id: "BBOT", team_id: "T1" }));
        if (this.held) {
          this.heldCount++;
          return; // never answered
        }
        const body = (req.headers["content-type"] ?? "").includes("json") ? JSON.parse(raw) : Object.fromEntries(new URLSearchParams(raw));
        if (method === "chat.postMessage") this.delivered.push({ replica: this.replica, channel: body.channel, thread: body.thread_ts, text: String(body.text ?? ""), at: Date.now() });
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ ok: true, channel: body.channel, ts: `${++this.ts}.000100` }));
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/`;
    return this;
  }
  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}

describe("SIGKILL of a replica mid-burst (two Tandem processes on one PostgreSQL database)", () => {
  let db: TestDatabase;
  const delivered: ReplicaSlack["delivered"] = [];
  let slackA: ReplicaSlack;
  let slackB: ReplicaSlack;
  let a: TandemProcess;
  let b: TandemProcess;

  beforeAll(async () => {
    db = await freshPostgres();
    slackA = await new ReplicaSlack("a", delivered).start();
    slackB = await new ReplicaSlack("b", delivered).start();
    const env = (replica: string, slack: ReplicaSlack) => ({
      DATABASE_URL: db.url!,
      REPLICA_ID: replica,
      SLACK_SIGNING_SECRET: "test-signing-secret",
      SLACK_BOT_TOKEN: "xoxb-test",
      SLACK_API_URL: slack.url,
      OUTBOX_POLL_MS: "100",
      // 400 replies into 6 channels against a stand-in without rate limits: what is measured is loss and duplicates
      // through a kill, not pacing (pacing.test.ts), which at Slack's 1 post a second would take over a minute.
      OUTBOX_PACE_SLACK: "1000/1s",
      // Short leases, so the killed replica's claims are taken over within the test; long enough that a send on a
      // loaded test machine does not outlive its timeout (a send slower than the timeout counts as failed and goes
      // out again: the duplicate window Slack's API leaves open, measured by the kill soak, not what this test is
      // about; with 2 s leases and a 1.9 s timeout a loaded machine produced such duplicates from both replicas).
      OUTBOX_LEASE_SECONDS: "6",
      OUTBOX_SEND_TIMEOUT_MS: "5000",
      INBOX_POLL_MS: "100",
      INBOX_LEASE_SECONDS: "6",
      // The scheduled standup and report post on their own (top level, in no event's thread): not what is counted here.
      CADENCE_ENABLED: "false",
    });
    a = await spawnTandem(env("replica-a", slackA));
    b = await spawnTandem(env("replica-b", slackB));
  });
  afterAll(async () => {
    if (a) await stopTandem(a, "SIGKILL");
    if (b) await stopTandem(b);
    await slackA?.stop();
    await slackB?.stop();
    await db?.drop();
  });

  test("every event answered 200 gets exactly one reply once the surviving replica has drained", async () => {
    const total = 400;
    const accepted: string[] = [];
    const refused: string[] = [];
    let killedAt = 0;
    let sent = 0;

    const fire = async (i: number) => {
      const target = i % 2 ? a : b;
      const ts = `1700100000.${String(i).padStart(6, "0")}`;
      const body = JSON.stringify(eventEnvelope(mentionEvent("help", { channel: `CK${i % 6}`, ts }), `EvKill${i}`));
      try {
        const res = await fetch(`${target.url}/slack/events`, { method: "POST", headers: { "content-type": "application/json", ...slackSignature(body) }, body });
        (res.status === 200 ? accepted : refused).push(ts);
      } catch {
        refused.push(ts); // the connection died with the replica: Slack would retry it, it was never acknowledged
      }
    };

    // 8 requests at a time, alternating replicas. After 60, replica A's Slack stops answering (its sends hang,
    // holding claimed rows); once A has a send hanging (or after 10 s), 300 ms later, A is SIGKILLed while the
    // burst goes on. The kill waits on A's first hanging send, not on a fixed pause: a replica that is quick to
    // accept but slow to handle its first events (a cold process) would otherwise die before sending anything.
    const queue = Array.from({ length: total }, (_, i) => i);
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const killWhenAHangs = async () => {
      const until = Date.now() + 10_000;
      while (slackA.heldCount === 0 && Date.now() < until) await sleep(10);
      await sleep(300);
      killedAt = Date.now();
      a.kill("SIGKILL");
    };
    const worker = async () => {
      for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
        await fire(i);
        sent++;
        if (sent === 60) {
          slackA.held = true;
          void killWhenAHangs();
        }
        // Paced until the kill, so the burst is still going when A dies: with 150 requests left, the workers wait
        // for the kill, so that many at least are fired after it.
        while (sent > 60 && !killedAt) {
          await sleep(20);
          if (queue.length > 150) break;
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(await a.exited).toBe("SIGKILL");
    expect(killedAt).toBeGreaterThan(0);

    // The survivor handles and sends everything, including the events and sends A had claimed (after the 6 s
    // leases) and what A accepted but never handled or sent.
    const deadline = Date.now() + 60_000;
    const repliedTo = () => new Set(delivered.map((d) => d.thread));
    while (accepted.some((t) => !repliedTo().has(t)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    // Any duplicate has shown up once nothing is left to handle or send (a condition, not a pause): no event waits
    // in the inbox and no outbox row is pending or claimed.
    const open = await db.open();
    try {
      const busy = async () => {
        const [row] = await open.sql.query<{ n: number }>(
          `SELECT ((SELECT count(*) FROM "InboxEvent" WHERE payload IS NOT NULL AND status IN ('pending', 'handling'))
                 + (SELECT count(*) FROM "OutboxMessage" WHERE status IN ('pending', 'sending')))::int AS n`,
        );
        return row.n;
      };
      while ((await busy()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(await busy()).toBe(0);
    } finally {
      await open.close();
    }
    // Every post was a reply in the thread of a fired event.
    expect(delivered.filter((d) => !d.thread).map((d) => d.text.slice(0, 80))).toEqual([]);

    const missing = accepted.filter((t) => !repliedTo().has(t));
    expect(missing).toEqual([]);
    const counts = new Map<string, number>();
    for (const d of delivered) counts.set(d.thread, (counts.get(d.thread) ?? 0) + 1);
    const doubled = [...counts].filter(([, n]) => n > 1).map(([thread]) => thread);
    // The one window left for a second copy (README, "Delivery guarantees"): the killed replica's send reached Slack
    // but the replica died before marking it sent, so the survivor sends it again after the lease. Any other
    // duplicate (both copies from one replica, or both from the survivor) is a bug.
    const copies = (thread: string) => delivered.filter((d) => d.thread === thread).map((d) => `${d.replica}${d.at > killedAt ? "-after-kill" : "-before-kill"}`);
    const unexplained = doubled.filter((t) => copies(t).sort().join(",") !== "a-before-kill,b-after-kill");
    expect(unexplained.map((t) => `${t}: ${copies(t).join(", ")}`)).toEqual([]);
    if (doubled.length) console.log(`outbox-kill: ${doubled.length} of ${accepted.length} replies sent twice (killed replica's send not yet marked sent)`);
    // Nothing was sent for an event that was never acknowledged to Slack and never stored.
    expect([...counts.keys()].every((t) => accepted.includes(t) || refused.includes(t))).toBe(true);

    // The fault really happened mid-burst: A had accepted work, held sends, and some requests were refused.
    expect(accepted.length).toBeGreaterThan(60);
    expect(refused.length).toBeGreaterThan(0);
    expect(slackA.heldCount).toBeGreaterThan(0);
    const bAfterKill = delivered.filter((d) => d.replica === "b" && d.at > killedAt);
    expect(bAfterKill.length).toBeGreaterThan(0);
    expect(b.proc.exitCode).toBeNull();
  });
});
