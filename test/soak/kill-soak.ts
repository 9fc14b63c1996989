// The kill soak, judged from the platform's side: three Tandem processes on one PostgreSQL database take a mix of
// signed Slack events (with Slack's retries: X-Slack-Retry-Num) and Teams activities that open tickets, start an
// incident and ask for help; mid-round one replica, picked at random, is killed with SIGKILL at a random moment and
// started again. Once everything is handled and sent, what the fake Slack Web API and Bot Connector received is
// compared with the database: every ticket and incident has its card exactly once, every acknowledged event has
// its reply. Duplicates are reported apart and sorted by why they happened.
//
// `npm run soak:kill -- --rounds 10 [--requests 500] [--seed 1]` prints a table per round; the CI test
// (test/integration/kill-soak.test.ts) runs one short round.
import type { Database } from "../../src/adapters/db/connect";
import { openDatabase } from "../../src/adapters/db/connect";
import { FakeBotConnector } from "../fakes/bot-connector";
import { FakeSlackApi } from "../fakes/slack-api";
import type { RecordedCall } from "../fakes/http-fake";
import { freshPostgres, type TestDatabase } from "../support/databases";
import { SIGNING_SECRET, eventEnvelope, mentionEvent, slackSignature, slackUser, type SlackUser } from "../support/slack-requests";
import { spawnTandem, stopTandem, type TandemProcess } from "../support/tandem-process";
import { teamsMessage } from "../support/teams-activities";

const REPLICAS = 3;
const LEAD: SlackUser = slackUser("USOAKLEAD", "T1", "Soak Lead"); // msp-lead: may start an incident
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface SoakOptions {
  rounds: number;
  /** Requests per round before the platform's retries (Slack events and Teams activities). */
  requests: number;
  seed: number;
  inFlight: number;
  /** How long a round may take to drain after its last request (then what is missing counts as lost). */
  drainTimeoutMs: number;
  log: (line: string) => void;
}

export type DuplicateKind =
  /** The killed replica's send reached the platform but was not marked sent; another replica sent it after the lease. */
  | "resent-after-kill"
  /** Both copies from live replicas, the second after the send timeout (the platform answered late). */
  | "resent-after-timeout"
  /** The same event made two tickets or two incidents (its turn ran twice). */
  | "effect-twice"
  | "other";

export interface Duplicate {
  kind: DuplicateKind;
  what: string;
  copies: string[];
}

export interface RoundResult {
  round: number;
  killed: string;
  /** Requests answered when the kill came. */
  killedAfter: number;
  requests: number;
  retries: number;
  acked: number;
  /** Events never acknowledged although the platform retried (not stored: nothing can be expected of them). */
  unacked: number;
  tickets: number;
  incidents: number;
  lostTicketCards: string[];
  lostIncidentCards: string[];
  missingReplies: string[];
  duplicates: Duplicate[];
  drainMs: number;
  roundMs: number;
  /** Inbox or outbox rows still open when the round gave up waiting (0 when it drained). */
  stuck: number;
  /**
   * Looks for an earlier attempt's message before a second send (conversations.replies / .history calls the fake
   * Slack received), and how many of them the fake refused.
   */
  lookups: number;
  lookupsRefused: number;
}

/** A small deterministic generator, so a round can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

type Kind = "ticket" | "help" | "incident";
interface SlackReq {
  platform: "slack";
  id: string;
  kind: Kind;
  channel: string;
  ts: string;
  body: string;
  /** A retry Slack sends although the first was answered (its 200 came late). */
  spareRetry: boolean;
}
interface TeamsReq {
  platform: "teams";
  id: string;
  kind: Kind;
  conversation: string;
  body: string;
  spareRetry: boolean;
}
type Req = SlackReq | TeamsReq;

interface Replica {
  index: number;
  gen: number;
  proc: TandemProcess;
  up: boolean;
}

const slackToken = (r: number, gen: number) => `xoxb-soak-${r}-${gen}`;
const whoSent = (c: RecordedCall) => /xoxb-soak-(\d+-\d+)/.exec(String(c.headers.authorization ?? "") + " " + c.raw)?.[1] ?? "?";
const blocksText = (body: any) => `${body?.text ?? ""} ${typeof body?.blocks === "string" ? body.blocks : JSON.stringify(body?.blocks ?? "")}`;
const teamsThread = (c: RecordedCall) => /;messageid=([^/]+)\/activities/.exec(decodeURIComponent(c.path))?.[1] ?? "";
const teamsConversation = (c: RecordedCall) => /\/v3\/conversations\/([^;/]+)/.exec(decodeURIComponent(c.path))?.[1] ?? "";

export class KillSoak {
  private handle!: TestDatabase;
  private db!: Database;
  readonly slack = new FakeSlackApi();
  readonly connector = new FakeBotConnector();
  private replicas: Replica[] = [];
  private readonly at = new WeakMap<RecordedCall, number>();
  private rnd: () => number;
  private prefix = "T";

  constructor(private readonly opts: SoakOptions) {
    this.rnd = random(opts.seed);
  }

  async start(): Promise<void> {
    this.handle = await freshPostgres();
    await this.slack.start();
    await this.connector.start();
    // Teams' published limits stay on; the round spreads its activities over enough conversations.
    this.slack.onCall = (c) => this.at.set(c, Date.now());
    this.connector.onCall = (c) => this.at.set(c, Date.now());
    // The first replica migrates and seeds the demo client; the others start beside it.
    this.replicas = [await this.spawn(0, 0)];
    this.replicas.push(...(await Promise.all([1, 2].map((r) => this.spawn(r, 0)))));
    this.db = await openDatabase({ url: this.handle.url!, poolSize: 4, migrate: false });
    await this.db.prisma.person.createMany({
      data: [{ clientId: "demo", platform: "slack", teamId: "T1", userId: LEAD.id, displayName: "Soak Lead", roles: ["msp-lead"] }],
      skipDuplicates: true,
    });
    this.prefix = (await this.db.prisma.client.findUniqueOrThrow({ where: { id: "demo" } })).ticketPrefix;
  }

  async stop(): Promise<void> {
    await Promise.all(this.replicas.map((r) => stopTandem(r.proc, "SIGKILL")));
    await this.db?.close();
    await this.slack.stop();
    await this.connector.stop();
    await this.handle?.drop();
  }

  /** Error lines the replicas logged (for a failing CI run). */
  errors(): string[] {
    return this.replicas.flatMap((r) => r.proc.lines.filter((l) => /"level":(50|60)/.test(l)).map((l) => `replica-${r.index}: ${l.slice(0, 300)}`));
  }

  private async spawn(index: number, gen: number): Promise<Replica> {
    const proc = await spawnTandem(
      {
        DATABASE_URL: this.handle.url!,
        REPLICA_ID: `replica-${index}`,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_BOT_TOKEN: slackToken(index, gen),
        SLACK_API_URL: this.slack.apiUrl,
        OUTBOX_POLL_MS: "100",
        INBOX_POLL_MS: "100",
        JOBS_POLL_MS: "200",
        // Short leases, so the work of a killed replica is taken over within the round.
        INBOX_LEASE_SECONDS: "3",
        OUTBOX_LEASE_SECONDS: "3",
        OUTBOX_SEND_TIMEOUT_MS: "2500",
        // The scheduled standup and report post on their own: not what is judged here.
        CADENCE_ENABLED: "false",
      },
      { timeoutMs: 90_000 },
    );
    return { index, gen, proc, up: true };
  }

  private requestsOf(round: number): Req[] {
    const reqs: Req[] = [];
    const n = this.opts.requests;
    const teams = Math.round(n * 0.2);
    const incidents = Math.max(1, Math.round(n / 50));
    const base = 1_700_500_000 + round * 10_000;
    for (let i = 0; i < n - teams; i++) {
      const kind: Kind = i < incidents ? "incident" : this.rnd() < 0.7 ? "ticket" : "help";
      // An incident has a channel of its own (its card is posted at the top of the channel, not in a thread).
      const channel = kind === "incident" ? `CSK${round}I${i}` : `CSK${round}C${i % 40}`;
      const ts = `${base}.${String(i).padStart(6, "0")}`;
      const text = kind === "ticket" ? `ticket soak round ${round} event ${i}: the shared drive mapping is broken` : kind === "help" ? "help" : `incident sev1 ransomware soak round ${round} event ${i}: files encrypted on the file server`;
      const id = `EvSoak${round}x${i}`;
      const body = JSON.stringify(eventEnvelope(mentionEvent(text, { channel, ts, user: kind === "incident" ? LEAD : undefined }), id));
      reqs.push({ platform: "slack", id, kind, channel, ts, body, spareRetry: this.rnd() < 0.08 });
    }
    for (let j = 0; j < teams; j++) {
      const kind: Kind = this.rnd() < 0.75 ? "ticket" : "help";
      const conversation = `19:soak-${round}-${j % 16}@thread.tacv2`;
      const text = kind === "ticket" ? `ticket soak teams round ${round} activity ${j}: the meeting room display is blank` : "help";
      const activity = teamsMessage(text, { serviceUrl: this.connector.serviceUrl, conversationId: conversation });
      reqs.push({ platform: "teams", id: activity.id, kind, conversation, body: JSON.stringify(activity), spareRetry: this.rnd() < 0.05 });
    }
    // Shuffled, so the incident and the two platforms are spread over the round.
    for (let i = reqs.length - 1; i > 0; i--) {
      const k = Math.floor(this.rnd() * (i + 1));
      [reqs[i], reqs[k]] = [reqs[k]!, reqs[i]!];
    }
    return reqs;
  }

  /** One delivery of a request to a replica: true when it answered 200. */
  private async deliver(req: Req, replica: Replica, retryNum: number): Promise<boolean> {
    try {
      const url = req.platform === "slack" ? `${replica.proc.url}/slack/events` : `${replica.proc.url}/api/messages`;
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (req.platform === "slack") {
        Object.assign(headers, slackSignature(req.body));
        if (retryNum > 0) Object.assign(headers, { "x-slack-retry-num": String(retryNum), "x-slack-retry-reason": retryNum > 0 ? "http_error" : "" });
      }
      const res = await fetch(url, { method: "POST", headers, body: req.body, signal: AbortSignal.timeout(10_000) });
      await res.arrayBuffer();
      return res.status === 200;
    } catch {
      return false; // the connection died with the replica, or it is down
    }
  }

  private pickLive(except?: Replica): Replica | undefined {
    const live = this.replicas.filter((r) => r.up && r !== except);
    return live.length ? live[Math.floor(this.rnd() * live.length)] : this.replicas.find((r) => r.up);
  }

  async round(round: number): Promise<RoundResult> {
    const started = Date.now();
    this.slack.calls.length = 0;
    this.connector.calls.length = 0;
    const reqs = this.requestsOf(round);
    const acked = new Set<string>();
    const unacked = new Set<string>();
    let retries = 0;
    let answered = 0;
    const killAt = Math.floor(reqs.length * (0.1 + 0.8 * this.rnd()));
    const victim = this.replicas[Math.floor(this.rnd() * REPLICAS)]!;
    let killedAt = 0;
    let restarted: Promise<void> | undefined;

    const kill = () => {
      killedAt = Date.now();
      victim.up = false;
      victim.proc.kill("SIGKILL");
      restarted = (async () => {
        await victim.proc.exited;
        const again = await this.spawn(victim.index, victim.gen + 1);
        this.replicas[victim.index] = again;
      })();
    };

    // Slack retries an event not answered 200 (three times, here sooner than Slack's 1 and 5 minutes); a Teams
    // activity is sent again the same way. Some retries come although the first delivery was answered.
    const send = async (req: Req) => {
      let target = this.pickLive();
      for (let attempt = 0; attempt <= 3 && target; attempt++) {
        if (attempt > 0) {
          retries++;
          await sleep(200 + 300 * attempt);
          target = this.pickLive(target);
          if (!target) break;
        }
        if (await this.deliver(req, target, attempt)) {
          acked.add(req.id);
          if (req.spareRetry && attempt === 0) {
            retries++;
            const other = this.pickLive(target);
            if (other) await this.deliver(req, other, 1);
          }
          return;
        }
      }
      unacked.add(req.id);
    };

    let next = 0;
    await Promise.all(
      Array.from({ length: this.opts.inFlight }, async () => {
        while (next < reqs.length) {
          const req = reqs[next++]!;
          await send(req);
          if (++answered === killAt) kill();
        }
      }),
    );
    if (!killedAt) kill();
    await restarted;
    const loadDone = Date.now();

    // Drained: nothing waits in the inbox or the outbox (claimed rows of the killed replica come back after the lease).
    const open = async () => {
      const [row] = await this.db.sql.query<{ n: number }>(
        `SELECT ((SELECT count(*) FROM "InboxEvent" WHERE payload IS NOT NULL AND status IN ('pending', 'handling'))
               + (SELECT count(*) FROM "OutboxMessage" WHERE status IN ('pending', 'sending')))::int AS n`,
      );
      return row!.n;
    };
    const deadline = Date.now() + this.opts.drainTimeoutMs;
    let stuck = await open();
    while (stuck > 0 && Date.now() < deadline) {
      await sleep(200);
      stuck = await open();
    }
    const drainMs = Date.now() - loadDone;
    const reads = [...this.slack.method("conversations.replies"), ...this.slack.method("conversations.history")];
    const result = await this.judge(round, reqs, acked, killedAt, victim);
    return {
      ...result,
      round,
      killed: `replica-${victim.index}`,
      killedAfter: killAt,
      requests: reqs.length,
      retries,
      acked: acked.size,
      unacked: unacked.size,
      drainMs,
      roundMs: Date.now() - started,
      stuck,
      lookups: reads.length,
      lookupsRefused: reads.filter((c) => c.refused).length,
    };
  }

  /** How many outbox rows a duplicated message had: one row sent twice (the window for a second send), or queued twice. */
  private async rows(by: { key: string } | { thread: string }): Promise<string> {
    const [row] = await this.db.sql.query<{ n: number }>(
      "key" in by
        ? `SELECT count(*)::int AS n FROM "OutboxMessage" WHERE op = 'post' AND "messageKey" = $1`
        : `SELECT count(*)::int AS n FROM "OutboxMessage" WHERE op IN ('post', 'ephemeral') AND payload->>'threadId' = $1`,
      ["key" in by ? by.key : by.thread],
    );
    return ` (${row!.n} outbox row${row!.n === 1 ? "" : "s"})`;
  }

  private async judge(round: number, reqs: Req[], acked: Set<string>, killedAt: number, victim: Replica) {
    const at = (c: RecordedCall) => this.at.get(c) ?? 0;
    const killedGen = `${victim.index}-${victim.gen}`;
    const posts = this.slack.method("chat.postMessage").filter((c) => !c.refused && c.body?.ok !== false);
    const ephemerals = this.slack.method("chat.postEphemeral").filter((c) => !c.refused);
    const teamsSent = this.connector.sent();
    const duplicates: Duplicate[] = [];

    const classify = (what: string, copies: RecordedCall[], slack: boolean): Duplicate => {
      const sorted = [...copies].sort((a, b) => at(a) - at(b));
      const label = (c: RecordedCall) => `${slack ? `replica ${whoSent(c)}` : "teams"} at ${at(c) - killedAt} ms from the kill`;
      let kind: DuplicateKind = "other";
      const [first, second] = sorted;
      if (sorted.length === 2 && first && second) {
        const firstByVictim = slack ? whoSent(first) === killedGen : true;
        const secondByOther = slack ? whoSent(second) !== killedGen : true;
        if (firstByVictim && secondByOther && at(first) <= killedAt && at(second) > killedAt) kind = "resent-after-kill";
        else if (at(second) - at(first) >= 2_500) kind = "resent-after-timeout";
      }
      return { kind, what, copies: sorted.map(label) };
    };

    // Tickets of this round, by the message they were made from.
    const tickets = await this.db.prisma.ticket.findMany({
      where: { clientId: "demo", OR: [{ sourceKey: { startsWith: `slack:CSK${round}` } }, { sourceKey: { startsWith: `teams:19:soak-${round}-` } }] },
      select: { id: true, number: true, sourceKey: true },
    });
    const lostTicketCards: string[] = [];
    for (const t of tickets) {
      const ref = `${this.prefix}-${t.number}`;
      const [, platform, ...rest] = /^(slack|teams):(.*)$/.exec(t.sourceKey!) ?? [];
      const source = rest.join(":");
      let cards: RecordedCall[];
      if (platform === "slack") {
        const ts = source.slice(source.lastIndexOf(":") + 1);
        cards = posts.filter((c) => c.body.thread_ts === ts && c.body.blocks && new RegExp(`\\b${ref}\\b`).test(blocksText(c.body)));
      } else {
        const id = source.slice(source.lastIndexOf(":") + 1);
        cards = teamsSent.filter((c) => teamsThread(c) === id && JSON.stringify(c.body?.attachments ?? []).includes(ref));
      }
      if (cards.length === 0) lostTicketCards.push(`${ref} (${t.sourceKey})`);
      if (cards.length > 1) duplicates.push(classify(`ticket card ${ref}${await this.rows({ key: `ticket:${t.id}` })}`, cards, platform === "slack"));
    }
    // A message made two tickets: impossible while sourceKey is unique, checked all the same.
    const perSource = new Map<string, number>();
    for (const t of tickets) perSource.set(t.sourceKey!, (perSource.get(t.sourceKey!) ?? 0) + 1);
    for (const [source, n] of perSource) if (n > 1) duplicates.push({ kind: "effect-twice", what: `${n} tickets from ${source}`, copies: [] });

    // Incidents of this round, by their channel (one incident event per channel).
    const channels = await this.db.prisma.channel.findMany({ where: { platform: "slack", externalId: { startsWith: `CSK${round}I` } } });
    const incidents = await this.db.prisma.incident.findMany({ where: { channelId: { in: channels.map((c) => c.id) } }, select: { id: true, number: true, channelId: true } });
    const lostIncidentCards: string[] = [];
    for (const inc of incidents) {
      const channel = channels.find((c) => c.id === inc.channelId)!.externalId;
      const cards = posts.filter((c) => c.body.channel === channel && !c.body.thread_ts && c.body.blocks && String(c.body.text).includes(`incident IR-${inc.number}:`));
      if (cards.length === 0) lostIncidentCards.push(`IR-${inc.number} (${channel})`);
      if (cards.length > 1) duplicates.push(classify(`incident card IR-${inc.number}${await this.rows({ key: `incident:${inc.id}` })}`, cards, true));
    }
    const perChannel = new Map<string, number>();
    for (const inc of incidents) perChannel.set(inc.channelId!, (perChannel.get(inc.channelId!) ?? 0) + 1);
    for (const [channelId, n] of perChannel) {
      if (n > 1) duplicates.push({ kind: "effect-twice", what: `${n} incidents from the one event in ${channels.find((c) => c.id === channelId)!.externalId}`, copies: [] });
    }

    // Every acknowledged event has its reply: in its thread (Slack, Teams), or the incident's card in its channel.
    const missingReplies: string[] = [];
    for (const req of reqs) {
      if (!acked.has(req.id)) continue;
      if (req.platform === "slack") {
        if (req.kind === "incident") {
          const card = posts.some((c) => c.body.channel === req.channel && !c.body.thread_ts && /incident IR-\d+:/.test(String(c.body.text)));
          if (!card) missingReplies.push(`slack ${req.id} (incident in ${req.channel})`);
          continue;
        }
        const replies = [...posts, ...ephemerals].filter((c) => c.body.channel === req.channel && c.body.thread_ts === req.ts);
        if (replies.length === 0) missingReplies.push(`slack ${req.id} (${req.kind} in ${req.channel})`);
        if (req.kind === "help" && replies.length > 1) duplicates.push(classify(`help reply to ${req.id}${await this.rows({ thread: req.ts })}`, replies, true));
      } else {
        const replies = teamsSent.filter((c) => teamsThread(c) === req.id && teamsConversation(c) === req.conversation);
        if (replies.length === 0) missingReplies.push(`teams ${req.id} (${req.kind} in ${req.conversation})`);
        if (req.kind === "help" && replies.length > 1) duplicates.push(classify(`help reply to teams ${req.id}${await this.rows({ thread: req.id })}`, replies, false));
      }
    }
    return { tickets: tickets.length, incidents: incidents.length, lostTicketCards, lostIncidentCards, missingReplies, duplicates };
  }
}

export const lostCount = (r: RoundResult) => r.lostTicketCards.length + r.lostIncidentCards.length + r.missingReplies.length;

const KINDS: DuplicateKind[] = ["resent-after-kill", "resent-after-timeout", "effect-twice", "other"];

/** The per-round table. */
export function table(results: RoundResult[]): string {
  const head = ["round", "killed", "at req", "reqs+retries", "acked", "tickets", "incidents", "lost ticket cards", "lost incident cards", "missing replies", ...KINDS.map((k) => `dup ${k}`), "lookups (refused)", "drain s", "round s"];
  const rows = results.map((r) => [
    r.round,
    r.killed,
    r.killedAfter,
    `${r.requests}+${r.retries}`,
    r.acked,
    r.tickets,
    r.incidents,
    r.lostTicketCards.length,
    r.lostIncidentCards.length,
    r.missingReplies.length,
    ...KINDS.map((k) => r.duplicates.filter((d) => d.kind === k).length),
    `${r.lookups} (${r.lookupsRefused})`,
    (r.drainMs / 1000).toFixed(1),
    (r.roundMs / 1000).toFixed(1),
  ]);
  const total = (f: (r: RoundResult) => number) => results.reduce((s, r) => s + f(r), 0);
  rows.push([
    "total",
    "",
    "",
    `${total((r) => r.requests)}+${total((r) => r.retries)}`,
    total((r) => r.acked),
    total((r) => r.tickets),
    total((r) => r.incidents),
    total((r) => r.lostTicketCards.length),
    total((r) => r.lostIncidentCards.length),
    total((r) => r.missingReplies.length),
    ...KINDS.map((k) => total((r) => r.duplicates.filter((d) => d.kind === k).length)),
    `${total((r) => r.lookups)} (${total((r) => r.lookupsRefused)})`,
    "",
    "",
  ]);
  const cells = [head, ...rows].map((row) => row.map(String));
  const widths = head.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  return cells.map((r) => r.map((c, i) => c.padStart(widths[i]!)).join(" | ")).join("\n");
}

/** What each round lost or doubled, line by line. */
export function details(results: RoundResult[]): string[] {
  return results.flatMap((r) => [
    ...r.lostTicketCards.map((x) => `round ${r.round}: lost ticket card ${x}`),
    ...r.lostIncidentCards.map((x) => `round ${r.round}: lost incident card ${x}`),
    ...r.missingReplies.map((x) => `round ${r.round}: no reply to ${x}`),
    ...r.duplicates.map((d) => `round ${r.round}: duplicate (${d.kind}) ${d.what}${d.copies.length ? `: ${d.copies.join("; ")}` : ""}`),
    ...(r.stuck ? [`round ${r.round}: ${r.stuck} inbox/outbox rows still open when the round stopped waiting`] : []),
  ]);
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const opts: SoakOptions = {
    rounds: arg("rounds", 10),
    requests: arg("requests", 500),
    seed: arg("seed", Date.now() % 100_000),
    inFlight: arg("in-flight", 16),
    drainTimeoutMs: arg("drain-timeout", 120) * 1000,
    log: (l) => console.log(l),
  };
  console.log(`kill soak: ${opts.rounds} rounds of ${opts.requests} requests (+ retries), ${opts.inFlight} in flight, seed ${opts.seed}, ${REPLICAS} replicas on PostgreSQL`);
  const soak = new KillSoak(opts);
  const results: RoundResult[] = [];
  try {
    await soak.start();
    for (let round = 1; round <= opts.rounds; round++) {
      const r = await soak.round(round);
      results.push(r);
      console.log(`round ${round}: killed ${r.killed} after ${r.killedAfter} requests; ${r.tickets} tickets, ${r.incidents} incidents; lost ${lostCount(r)}, duplicated ${r.duplicates.length}; ${r.lookups} lookups before a second send; ${(r.roundMs / 1000).toFixed(1)} s`);
    }
  } finally {
    await soak.stop().catch(() => undefined);
  }
  console.log("\n" + table(results));
  for (const line of details(results)) console.log(line);
  const lost = results.reduce((s, r) => s + lostCount(r) + r.stuck, 0);
  console.log(`\n${lost === 0 ? "nothing lost" : `${lost} lost`}; ${results.reduce((s, r) => s + r.duplicates.length, 0)} duplicated`);
  process.exit(lost === 0 ? 0 : 1);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(2);
  });
}
