// Three stateless Tandem processes on ONE PostgreSQL database, sharing nothing in memory: a thousand signed Slack
// events (a tenth of them retried to another replica, 30 of their replies rate-limited by Slack mid-burst) and
// repeated Teams activities make one ticket and one reply each, numbered without gaps; escalation re-pages and a
// cadence occurrence fire exactly once while all three replicas poll for due work.
import type { Database } from "../../src/adapters/db/connect";
import { openDatabase } from "../../src/adapters/db/connect";
import { FakeBotConnector } from "../fakes/bot-connector";
import { FakeSlackApi } from "../fakes/slack-api";
import type { RecordedCall } from "../fakes/http-fake";
import { freshPostgres, type TestDatabase } from "../support/databases";
import { SIGNING_SECRET, commandForm, eventEnvelope, mentionEvent, slackSignature, type SlackUser, slackUser } from "../support/slack-requests";
import { spawnTandem, stopTandem, type TandemProcess } from "../support/tandem-process";
import { teamsMessage } from "../support/teams-activities";
import { untilProgressStops } from "../support/wait";

// The load is CPU-bound (three Node processes and PostgreSQL on the same cores): generous limits for a busy machine.
// Generous: the waits below are on conditions and on progress, and a loaded machine only makes them slower.
jest.setTimeout(600_000);

const REPLICAS = 3;
const SLACK_EVENTS = 1000;
const TEAMS_ACTIVITIES = 90;
const IN_FLIGHT = 20;

const ALEX: SlackUser = slackUser("UALEX", "T1", "Alex Example"); // internal-it: may escalate

/** Each replica has its own bot token, so every Slack Web API call shows which replica made it. */
const tokenOf = (r: number) => `xoxb-replica-${r}`;
const replicaOf = (c: RecordedCall): number => Number(/xoxb-replica-(\d+)/.exec(`${c.headers.authorization ?? ""} ${c.raw}`)?.[1] ?? -1);

/** A small deterministic generator, so a failing run can be replayed exactly. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function inParallel<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const countBy = <T>(items: readonly T[], key: (t: T) => string): Map<string, number> => {
  const m = new Map<string, number>();
  for (const t of items) m.set(key(t), (m.get(key(t)) ?? 0) + 1);
  return m;
};

const textOf = (body: any): string => `${body?.text ?? ""} ${typeof body?.blocks === "string" ? body.blocks : JSON.stringify(body?.blocks ?? "")}`;

describe(`${REPLICAS} Tandem replicas (separate processes) on one PostgreSQL database`, () => {
  let handle: TestDatabase;
  let db: Database;
  let slack: FakeSlackApi;
  let connector: FakeBotConnector;
  let replicas: TandemProcess[] = [];

  beforeAll(async () => {
    handle = await freshPostgres();
    slack = await new FakeSlackApi().start();
    // A load test of the replicas' correctness, 100 replies per Slack channel: Slack's per-channel pace (1 a second)
    // would make it a 100 s wait, so the fake takes any rate and the replicas' Slack pacing is raised to match
    // (pacing has its own test, pacing.test.ts). Teams keeps its limits and the replicas their Teams pacing.
    slack.rateLimits = false;
    connector = await new FakeBotConnector().start();
    // Started together, as behind a load balancer after a deploy: they race on migrations and the demo seed too.
    const starting = await Promise.allSettled(
      Array.from({ length: REPLICAS }, (_, r) =>
        spawnTandem(
          {
            DATABASE_URL: handle.url!,
            REPLICA_ID: `replica-${r}`,
            SLACK_SIGNING_SECRET: SIGNING_SECRET,
            SLACK_BOT_TOKEN: tokenOf(r),
            SLACK_API_URL: slack.apiUrl,
            OUTBOX_POLL_MS: "100",
            OUTBOX_PACE_SLACK: "1000/1s", // see slack.rateLimits above
            JOBS_POLL_MS: "100",
            CADENCE_ENABLED: "true",
            LOG_LEVEL: "info", // the start-up line says where it listens
          },
          { timeoutMs: 60_000 },
        ),
      ),
    );
    replicas = starting.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
    const failed = starting.flatMap((s) => (s.status === "rejected" ? [String(s.reason)] : []));
    if (failed.length) throw new Error(`replicas starting together failed:\n${failed.join("\n")}`);
    db = await openDatabase({ url: handle.url!, poolSize: 5, migrate: false });
    const people = [
      { userId: ALEX.id, displayName: "Alex Example", roles: ["internal-it"] },
      { userId: "UNIA", displayName: "Nia Tech", roles: ["msp-tech"] },
      { userId: "UOMAR", displayName: "Omar Tech", roles: ["msp-tech"] },
      { userId: "ULEE", displayName: "Lee Lead", roles: ["msp-lead"] },
    ];
    await db.prisma.person.createMany({ data: people.map((p) => ({ clientId: "demo", platform: "slack", teamId: "T1", ...p })), skipDuplicates: true });
  });

  afterAll(async () => {
    await Promise.all(replicas.map((r) => stopTandem(r)));
    await db?.close();
    await slack?.stop();
    await connector?.stop();
    await handle?.drop();
  });

  const errorsLogged = () => replicas.flatMap((r, i) => r.lines.filter((l) => /"level":(50|60)/.test(l)).map((l) => `replica-${i}: ${l.slice(0, 400)}`));

  test("replicas started at the same moment migrate and seed once, and each is ready", async () => {
    expect(await db.prisma.client.count()).toBe(1);
    expect(await db.prisma.matrixVersion.count({ where: { clientId: "demo" } })).toBe(1);
    // Each replica's first cadence tick creates the default schedules (standup, monthly report) unless they exist.
    const ticksDue = () => db.prisma.job.count({ where: { kind: "cadence-tick", status: { in: ["pending", "running"] }, runAt: { lte: new Date() } } });
    await until("the first cadence ticks", async () => (await db.prisma.job.count({ where: { kind: "cadence-tick", status: "done" } })) >= 1 && (await ticksDue()) === 0, 20_000);
    expect((await db.prisma.schedule.findMany({ where: { clientId: "demo" } })).map((s) => s.kind).sort()).toEqual(["monthly-report", "standup"]);
    for (const r of replicas) expect((await fetch(`${r.url}/readyz`)).status).toBe(200);
  });

  test("1 000 Slack events (10 % retried to another replica) and repeated Teams activities: one ticket and one reply each", async () => {
    const rnd = random(7);
    type Req = { order: number; replica: number } & (
      | { kind: "slack"; envelope: object; retry: boolean; ts: string }
      | { kind: "teams"; activity: { id: string }; repeat: boolean }
    );
    const reqs: Req[] = [];
    const slackChannel = (i: number) => `CR${i % 10}`;
    const slackText = (i: number) => `ticket replica load ${i} the shared drive mapping is broken`;
    for (let i = 0; i < SLACK_EVENTS; i++) {
      const ts = `1700200000.${String(i).padStart(6, "0")}`;
      const envelope = eventEnvelope(mentionEvent(slackText(i), { channel: slackChannel(i), ts }), `EvReplica${i}`);
      const replica = i % REPLICAS;
      reqs.push({ order: i * 10, replica, kind: "slack", envelope, retry: false, ts });
      if (i % 10 === 3) {
        // Slack's retry of the same event id lands on another replica: half while the original is still in flight.
        const other = (replica + 1 + Math.floor(rnd() * (REPLICAS - 1))) % REPLICAS;
        const order = i % 20 === 3 ? i * 10 + 1 : i * 10 + 10 * (5 + Math.floor(rnd() * 150)) + 5;
        reqs.push({ order, replica: other, kind: "slack", envelope, retry: true, ts });
      }
    }
    const teamsConversation = (j: number) => `19:replicas-${j % 2}@thread.tacv2`;
    const teamsText = (j: number) => `ticket teams replica load ${j} the meeting room display is blank`;
    const teamsIds: string[] = [];
    for (let j = 0; j < TEAMS_ACTIVITIES; j++) {
      const activity = teamsMessage(teamsText(j), { serviceUrl: connector.serviceUrl, conversationId: teamsConversation(j) });
      teamsIds.push(activity.id);
      const order = j * 110 + 7;
      reqs.push({ order, replica: j % REPLICAS, kind: "teams", activity, repeat: false });
      if (j % 9 === 0 || j % 9 === 4) {
        const other = (j + 1 + (j % 2)) % REPLICAS;
        reqs.push({ order: j % 9 === 0 ? order + 1 : order + 10 * (3 + Math.floor(rnd() * 60)) + 3, replica: other, kind: "teams", activity, repeat: true });
      }
    }
    reqs.sort((a, b) => a.order - b.order);

    const answered: { req: Req; status: number; ms: number }[] = [];
    // Only an event delivered twice (a Slack retry, a repeated Teams activity) can meet itself in progress.
    const twice = new Set(reqs.filter((r) => (r.kind === "slack" ? r.retry : r.repeat)).map((r) => (r.kind === "slack" ? r.envelope : r.activity)));
    const isCopyOfTwo = (r: Req) => twice.has(r.kind === "slack" ? r.envelope : r.activity);
    const RATE_LIMITED = 30;
    const redelivered: string[] = [];
    let refusedFrom = -1;
    const started = Date.now();
    await inParallel(reqs, IN_FLIGHT, async (req) => {
      const base = replicas[req.replica]!.url;
      let res: Response;
      const sent = Date.now();
      if (req.kind === "slack") {
        const body = JSON.stringify(req.envelope);
        const post = (url: string, retry: Record<string, string>) =>
          fetch(`${url}/slack/events`, { method: "POST", headers: { "content-type": "application/json", ...slackSignature(body), ...retry }, body });
        res = await post(base, req.retry ? { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" } : {});
        // Slack redelivers an event answered 503 (a store that did not finish in time on a loaded machine), up to
        // three times, here to the next replica: what counts is that each event ends acknowledged, once.
        for (let attempt = 1; res.status === 503 && attempt <= 3; attempt++) {
          await res.arrayBuffer();
          redelivered.push(`${(req.envelope as { event_id: string }).event_id}#${attempt}`);
          res = await post(replicas[(req.replica + attempt) % REPLICAS]!.url, { "x-slack-retry-num": String(attempt + (req.retry ? 1 : 0)), "x-slack-retry-reason": "http_error" });
        }
      } else {
        res = await fetch(`${base}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(req.activity) });
      }
      await res.arrayBuffer();
      answered.push({ req, status: res.status, ms: Date.now() - sent });
      if (answered.length === 400) {
        // Mid-burst, Slack rate-limits the next 30 posts (Retry-After: 1 s): the wait is kept in the database, and
        // whichever replica sends next must neither drop nor repeat them. The fake records calls in arrival order
        // and answers synchronously, so the refused calls are the next 30 recorded.
        refusedFrom = slack.method("chat.postMessage").length;
        slack.failNext("chat.postMessage", RATE_LIMITED, 429, 1);
      }
    });
    const loadMs = Date.now() - started;

    // Every original was acknowledged, by every replica. A copy (retry or repeat) is acknowledged when the original
    // is done, or answered 500 while another replica still handles it, so the platform delivers it again later
    // rather than it being dropped while the first attempt could still fail.
    // Whichever copy arrives second may be the "original" or the retry, so judge per event id.
    const idOf = (r: Req) => (r.kind === "slack" ? `slack:${(r.envelope as { event_id: string }).event_id}` : `teams:${r.activity.id}`);
    expect(answered.filter((a) => a.status !== 200 && a.status !== 500).map((a) => `${a.req.kind}@${a.req.replica}: ${a.status}`)).toEqual([]);
    // Redeliveries after a 503 are the platform's, and rare: most events are stored in time.
    expect(redelivered.length).toBeLessThan(SLACK_EVENTS / 10);
    const acked = new Set(answered.filter((a) => a.status === 200).map((a) => idOf(a.req)));
    expect(answered.filter((a) => !acked.has(idOf(a.req))).map((a) => `${idOf(a.req)} never acknowledged`)).toEqual([]);
    expect(answered.filter((a) => a.status === 500 && !isCopyOfTwo(a.req))).toEqual([]);
    expect(answered).toHaveLength(SLACK_EVENTS + 100 + TEAMS_ACTIVITIES + 20);
    const perReplica = countBy(answered, (a) => String(a.req.replica));
    expect([...perReplica.keys()].sort()).toEqual(["0", "1", "2"]);
    expect([...perReplica.values()].every((n) => n >= 350)).toBe(true);

    // Wait for the outboxes to drain: one card per Slack thread and per Teams thread.
    const delivered = () => slack.method("chat.postMessage").filter((_, k) => refusedFrom < 0 || k < refusedFrom || k >= refusedFrom + RATE_LIMITED);
    const slackThreads = () => countBy(delivered().filter((c) => c.body.thread_ts), (c) => String(c.body.thread_ts));
    const teamsThread = (c: RecordedCall) => /;messageid=([^/]+)\/activities/.exec(decodeURIComponent(c.path))?.[1] ?? "";
    const teamsThreads = () => countBy(connector.sent(), teamsThread);
    // Condition-based: on a loaded machine the outboxes drain slower; only a stall (a reply lost for good) fails.
    await untilProgressStops("every reply", () => slackThreads().size >= SLACK_EVENTS && teamsThreads().size >= TEAMS_ACTIVITIES, () => slack.calls.length + connector.calls.length);
    await sleep(1500); // time for a duplicate to show up, if there were one

    // Slack: each event's thread got exactly one reply, the ticket card for its own text; nothing else was said.
    const refused = slack.method("chat.postMessage").slice(refusedFrom, refusedFrom + RATE_LIMITED);
    expect(refused).toHaveLength(RATE_LIMITED);
    const posts = delivered();
    const threads = slackThreads();
    for (let i = 0; i < SLACK_EVENTS; i++) {
      const ts = `1700200000.${String(i).padStart(6, "0")}`;
      if (threads.get(ts) !== 1) throw new Error(`Slack thread ${ts} got ${threads.get(ts) ?? 0} replies`);
    }
    expect(threads.size).toBe(SLACK_EVENTS);
    // The rate-limited posts were sent again later (each once, counted above), not lost.
    expect(refused.every((c) => !c.body.thread_ts || threads.get(String(c.body.thread_ts)) === 1)).toBe(true);
    expect(posts.filter((c) => c.body.thread_ts)).toHaveLength(SLACK_EVENTS);
    const sample = posts.find((c) => c.body.thread_ts === "1700200000.000413")!;
    expect(sample.body.channel).toBe("CR3");
    expect(textOf(sample.body)).toContain("replica load 413 the shared drive mapping is broken");
    // A retry that reached the ticket code would have said "That message is already ticket ...".
    expect(slack.method("chat.postEphemeral").map((c) => `${c.body.thread_ts}: ${String(c.body.text).slice(0, 60)}`)).toEqual([]);
    // The sends were shared: every replica's outbox dispatcher delivered some of them.
    const sentBy = countBy(posts.filter((c) => c.body.thread_ts), (c) => String(replicaOf(c)));
    expect([...sentBy.keys()].sort()).toEqual(["0", "1", "2"]);

    // Teams: one reply per activity, in the activity's own thread.
    const tThreads = teamsThreads();
    expect(teamsIds.filter((id) => tThreads.get(id) !== 1)).toEqual([]);
    expect(connector.sent()).toHaveLength(TEAMS_ACTIVITIES);

    // Tickets: exactly one per source message, with its own text; numbers 1..N with no gap and no repeat.
    const tickets = await db.prisma.ticket.findMany({ where: { clientId: "demo" }, select: { number: true, sourceKey: true, title: true }, orderBy: { number: "asc" } });
    expect(tickets).toHaveLength(SLACK_EVENTS + TEAMS_ACTIVITIES);
    const bySource = new Map(tickets.map((t) => [t.sourceKey!, t]));
    expect(bySource.size).toBe(tickets.length);
    for (let i = 0; i < SLACK_EVENTS; i++) {
      const t = bySource.get(`slack:${slackChannel(i)}:1700200000.${String(i).padStart(6, "0")}`);
      if (t?.title !== slackText(i).replace(/^ticket /, "")) throw new Error(`Slack event ${i}: ticket ${JSON.stringify(t)}`);
    }
    teamsIds.forEach((id, j) => expect(bySource.get(`teams:${teamsConversation(j)}:${id}`)?.title).toBe(teamsText(j).replace(/^ticket /, "")));
    expect(tickets.map((t) => t.number)).toEqual(Array.from({ length: tickets.length }, (_, k) => k + 1));
    expect((await db.prisma.client.findUnique({ where: { id: "demo" } }))!.nextTicket).toBe(tickets.length + 1);

    // The dedupe ledger and the outbox are in the database: one row per event, nothing left unsent.
    expect(await db.prisma.inboxEvent.count({ where: { platform: "slack" } })).toBe(SLACK_EVENTS);
    expect(await db.prisma.inboxEvent.count({ where: { platform: "teams" } })).toBe(TEAMS_ACTIVITIES);
    const outbox = await db.prisma.outboxMessage.groupBy({ by: ["status"], _count: true });
    expect(outbox.map((o) => `${o.status}:${o._count}`)).toEqual([`sent:${SLACK_EVENTS + TEAMS_ACTIVITIES}`]);
    expect(errorsLogged()).toEqual([]);
    const ms = answered.map((a) => a.ms).sort((a, b) => a - b);
    const pct = (p: number) => ms[Math.min(ms.length - 1, Math.floor(ms.length * p))];
    // eslint-disable-next-line no-console
    console.log(
      `replicas: ${answered.length} requests, ${IN_FLIGHT} in flight, in ${loadMs} ms (${Math.round((answered.length * 1000) / loadMs)}/s) across ${REPLICAS} processes; ` +
        `answer p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms, max ${ms[ms.length - 1]} ms; Slack sends per replica ${JSON.stringify(Object.fromEntries(sentBy))}`,
    );
  });

  test("escalation acknowledgement timers re-page each step exactly once while three replicas poll for due timers", async () => {
    const client = (await db.prisma.client.findUnique({ where: { id: "demo" } }))!;
    // Sev 2 must be acknowledged within 1.2 s (wall clock): the timers come due during the test.
    const settings = { ...((client.settings ?? {}) as object), sla: { "2": { ackMinutes: 0.02, businessHours: false } } };
    await db.prisma.client.update({ where: { id: "demo" }, data: { settings } });
    const N = 24;
    const text = (k: number) => `the file server ${k} in rack B is not responding`;
    const answers: number[] = [];
    await inParallel(
      Array.from({ length: N }, (_, k) => k),
      8,
      async (k) => {
        const body = commandForm("/escalate", `sev2 ${text(k)}`, { user: ALEX, channel: `CESC${k % 3}` });
        const res = await fetch(`${replicas[k % REPLICAS]!.url}/slack/events`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", ...slackSignature(body) },
          body,
        });
        await res.arrayBuffer();
        answers.push(res.status);
      },
    );
    expect(answers.filter((s) => s !== 200)).toEqual([]);

    const escalated = await until(
      "the escalated tickets",
      async () => {
        const rows = await db.prisma.ticket.findMany({ where: { title: { in: Array.from({ length: N }, (_, k) => text(k)) } }, include: { events: true } });
        return rows.length === N && rows.every((t) => t.events.some((e) => e.type === "escalated")) ? rows : null;
      },
      20_000,
    );
    const pathOf = (t: (typeof escalated)[number]) => ((t.events.find((e) => e.type === "escalated")!.data as any).path as { name: string; actor: { userId: string } }[]);
    for (const t of escalated) expect(pathOf(t).length).toBeGreaterThanOrEqual(3); // owner, techs, lead

    // Every step comes due 1.2 s after the previous one; wait until each ticket's path is exhausted.
    const repaged = async () => db.prisma.ticketEvent.findMany({ where: { type: "repaged", ticketId: { in: escalated.map((t) => t.id) } } });
    const expectedSteps = escalated.reduce((n, t) => n + pathOf(t).length, 0);
    // Who holds each timer while it runs (the claim is cleared when it finishes), sampled while they come due.
    const heldBy = new Set<string>();
    await until(
      "every re-page",
      async () => {
        const running = await db.prisma.job.findMany({ where: { kind: "ticket-ack-timeout", status: "running" }, select: { lockedBy: true } });
        running.forEach((j) => heldBy.add(String(j.lockedBy)));
        return (await repaged()).length >= expectedSteps;
      },
      45_000,
    );
    await until("the last calls", () => slack.method("chat.postMessage").filter((c) => textOf(c.body).includes("Nobody on the escalation path")).length >= N, 15_000);
    await sleep(2000); // a timer that fired twice would show up now

    const events = await repaged();
    expect(events.length).toBe(expectedSteps);
    expect(await db.prisma.job.count({ where: { kind: "ticket-ack-timeout", status: { in: ["pending", "running", "failed"] } } })).toBe(0);
    const posts = slack.method("chat.postMessage");
    const dmSentBy = new Set<number>();
    for (const t of escalated) {
      const ref = `${client.ticketPrefix}-${t.number}`;
      const path = pathOf(t);
      const steps = events.filter((e) => e.ticketId === t.id).map((e) => Number((e.data as any).step)).sort((a, b) => a - b);
      expect(steps).toEqual(path.map((_, i) => i + 1));
      expect(await db.prisma.job.count({ where: { kind: "ticket-ack-timeout", key: { startsWith: `ticket-ack:${t.id}:` }, status: "done" } })).toBe(path.length);
      // Each person on the path was paged exactly once: an @mention in the channel (the first page, then one re-page
      // notice per step), plus at most one direct message where Tandem may send one (the matrix's owner is in
      // another workspace than this channel's install, so the mention is their page).
      const asks = new RegExp(`please acknowledge ${ref} \\(`);
      const repage = `${ref} was not acknowledged by`;
      for (const p of path) {
        const mentioned = posts.filter((c) => c.body.channel.startsWith("CESC") && textOf(c.body).includes(`<@${p.actor.userId}>`) && (asks.test(textOf(c.body)) || textOf(c.body).includes(repage)));
        if (mentioned.length !== 1) throw new Error(`${ref}: ${p.name} was mentioned in the channel ${mentioned.length} times`);
        const dms = posts.filter((c) => c.body.channel === p.actor.userId && asks.test(textOf(c.body)));
        if (dms.length > 1) throw new Error(`${ref}: ${p.name} was paged directly ${dms.length} times`);
        dms.forEach((c) => dmSentBy.add(replicaOf(c)));
      }
      const notices = posts.filter((c) => c.body.channel.startsWith("CESC") && textOf(c.body).includes(`${ref} was not acknowledged by`));
      expect(notices).toHaveLength(path.length - 1);
      const lastCalls = posts.filter((c) => textOf(c.body).includes(`acknowledged ${ref} (sev 2) yet`));
      expect(lastCalls).toHaveLength(1);
    }
    // Neither the timers nor their sends were all handled by one replica: they really raced for them.
    expect(heldBy.size).toBeGreaterThan(1);
    expect(dmSentBy.size).toBeGreaterThan(1);
    expect(errorsLogged()).toEqual([]);
  });

  test("a cadence occurrence is posted once while the three replicas tick for it at the same time", async () => {
    const now = Date.now();
    const occurrence = new Date(Math.floor(now / 60_000) * 60_000);
    const expression = `${occurrence.getUTCMinutes()} ${occurrence.getUTCHours()} ${occurrence.getUTCDate()} ${occurrence.getUTCMonth() + 1} *`;
    const schedule = await db.prisma.schedule.create({
      data: {
        clientId: "demo",
        kind: "custom",
        name: "replica-check",
        definition: {
          kind: "custom",
          title: "Replica check",
          timezone: "UTC",
          rule: { type: "cron", expression },
          paused: false,
          skipNext: null,
          holidayShift: false,
          holidays: [],
          businessDays: ["mon", "tue", "wed", "thu", "fri"],
        },
        lastRunAt: new Date(occurrence.getTime() - 30_000),
      },
    });
    // Twelve wake-ups a few milliseconds apart: each replica's job poller picks some up, and their ticks overlap.
    const tickAt = now + 500;
    await db.prisma.job.createMany({
      data: Array.from({ length: 12 }, (_, i) => ({ kind: "cadence-tick", key: `cadence-tick@replica-test-${i}`, runAt: new Date(tickAt + i * 30), status: "pending" })),
    });
    await until("the wake-ups", async () => (await db.prisma.job.count({ where: { key: { startsWith: "cadence-tick@replica-test-" }, status: "done" } })) === 12, 20_000);

    const channels = await db.prisma.channel.findMany({ where: { clientId: "demo", isDirect: false } });
    const slackChannels = channels.filter((c) => c.platform === "slack").map((c) => c.externalId).sort();
    const teamsChannels = channels.filter((c) => c.platform === "teams").map((c) => c.externalId).sort();
    expect(slackChannels.length).toBeGreaterThanOrEqual(13);
    expect(teamsChannels).toHaveLength(2);
    const reminders = () => slack.method("chat.postMessage").filter((c) => textOf(c.body).includes("Reminder: Replica check"));
    const teamsReminders = () => connector.sent().filter((c) => JSON.stringify(c.body).includes("Reminder: Replica check"));
    await until("the reminder in every channel", () => reminders().length >= slackChannels.length && teamsReminders().length >= teamsChannels.length, 20_000);
    await sleep(1500);

    const runs = await db.prisma.scheduleRun.findMany({ where: { scheduleId: schedule.id } });
    expect(runs.map((r) => `${r.occurrenceAt.toISOString()} ${r.status}`)).toEqual([`${occurrence.toISOString()} sent`]);
    expect(reminders().map((c) => String(c.body.channel)).sort()).toEqual(slackChannels);
    expect(teamsReminders()).toHaveLength(teamsChannels.length);
    expect(teamsChannels.every((id) => teamsReminders().some((c) => decodeURIComponent(c.path).includes(id)))).toBe(true);
    expect(await db.prisma.outboxMessage.count({ where: { messageKey: { startsWith: `cadence:${runs[0]!.id}:` } } })).toBe(channels.length);
    expect(errorsLogged()).toEqual([]);
  });
});
