import { isDevelopment, loadConfig } from "../../src/config";
import { createLogger } from "../../src/logger";
import { startTandem, type Running } from "../../src/main";
import type { Overrides } from "../../src/compose";
import type { Database } from "../../src/adapters/db/connect";
import { FakeSlackApi } from "../fakes/slack-api";
import { FakeBotConnector } from "../fakes/bot-connector";
import { freshDatabase, type TestDatabase } from "./databases";
import { SIGNING_SECRET, eventEnvelope, knownSlackUsers, slackSignature } from "./slack-requests";

export interface Harness {
  tandem: Running;
  url: string;
  slack: FakeSlackApi;
  connector: FakeBotConnector;
  db: Database;
  /** POST a signed Slack request (JSON event envelope or form body). */
  slackPost(body: string, contentType: "application/json" | "application/x-www-form-urlencoded", headers?: Record<string, string>): Promise<Response>;
  slackEvent(event: Record<string, unknown>, opts?: { eventId?: string; retryNum?: number }): Promise<Response>;
  slackForm(form: string): Promise<Response>;
  teams(activity: object, headers?: Record<string, string>): Promise<Response>;
  /** Waits until every stored inbound event that is due has been handled (requests are answered before that). */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

export interface HarnessOptions extends Overrides {
  kind?: "pglite" | "postgres";
  env?: Record<string, string>;
  /** Reuse an open database (several Tandem replicas on one database). */
  sharedDatabase?: Database;
  slack?: FakeSlackApi;
  connector?: FakeBotConnector;
  /**
   * Slack at its real pace: the fake Slack Web API refuses more than 1 post a second per channel (after a burst of 3)
   * and Tandem paces its posts to that, as in production. Off by default: most tests here post dozens of replies,
   * cards and thread lines into one channel (C1) within seconds to test other features, and under the real pace they
   * ran 10-60 s slower each and some of their waits ran out (measured: who-handles, Slack Connect, incidents,
   * paging, escalation, tenancy). Off, Tandem's Slack pace is raised and the fake takes any rate. Pacing is tested
   * with it on (pacing.test.ts), and so are flows that should work at the real pace (tickets-slack, outage). Teams
   * keeps its real limits and pace in every test.
   */
  paceSlack?: boolean;
}

/** Starts Tandem on a fresh database with a fake Slack Web API and a fake Bot Connector, over real HTTP. */
export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const slack = opts.slack ?? (await new FakeSlackApi().start());
  if (!opts.paceSlack) slack.rateLimits = false;
  // Slack names people through users.info: the tests' users are known to the fake as Slack would know them.
  for (const u of knownSlackUsers()) if (!slack.profiles.has(u.id)) slack.profiles.set(u.id, { displayName: u.name ?? u.id, realName: u.name ?? u.id });
  const connector = opts.connector ?? (await new FakeBotConnector().start());
  let handle: TestDatabase | undefined;
  let db = opts.sharedDatabase ?? opts.database;
  if (!db) {
    handle = await freshDatabase(opts.kind ?? "pglite");
    db = await handle.open();
  }
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: "xoxb-test",
    SLACK_API_URL: slack.apiUrl,
    OUTBOX_POLL_MS: "100",
    SHUTDOWN_GRACE_MS: "0",
    JOBS_POLL_MS: "100",
    // Scheduled posts would land in every test's channels when a fixed clock jumps; cadence tests turn it on.
    CADENCE_ENABLED: "false",
    // Development mode, as jest runs (NODE_ENV=test): the demo client takes in unlinked channels. Tests of
    // production pass NODE_ENV=production or "" (unset).
    NODE_ENV: "test",
    // Most tests post Teams activities without a token: the explicit development switch (tests that need
    // authentication pass MICROSOFT_APP_* and get it instead).
    ...(opts.env?.MICROSOFT_APP_ID || (opts.env?.NODE_ENV !== undefined && !isDevelopment(opts.env.NODE_ENV)) || opts.env?.TEAMS_AUTH !== undefined ? {} : { TEAMS_AUTH: "off" }),
    ...(opts.paceSlack ? {} : { OUTBOX_PACE_SLACK: "1000/1s" }),
    ...opts.env,
  });
  const log = createLogger(config.LOG_LEVEL);
  // With authentication on, loopback service URLs are not trusted: the fake Bot Connector is, through the
  // test-only setting.
  const trustedServiceOrigins = opts.trustedServiceOrigins ?? (config.teamsAuth ? [connector.url] : undefined);
  const tandem = await startTandem(config, log, { warmUp: false, ...opts, database: db, trustedServiceOrigins });
  const url = tandem.url;

  // Tandem answers once an event is stored and handles it right after; the helpers below wait for that, so a test
  // reads the effects of the request it just made.
  const settle = () => inboxSettled(db!);
  const settled = async (res: Response) => {
    if (res.ok) await settle();
    return res;
  };
  const slackPost = (body: string, contentType: string, headers: Record<string, string> = {}) =>
    fetch(`${url}/slack/events`, { method: "POST", headers: { "content-type": contentType, ...slackSignature(body), ...headers }, body }).then(settled);

  return {
    tandem,
    url,
    slack,
    connector,
    db,
    slackPost,
    slackEvent: (event, o = {}) => {
      // The person's message is in Slack before Slack tells Tandem of it: a thread Tandem looks up under it exists.
      if (typeof event.channel === "string" && typeof event.ts === "string" && (event.type === "app_mention" || event.type === "message") && !event.subtype) {
        slack.addMessage(event.channel, { type: "message", user: event.user, text: event.text, ts: event.ts, ...(event.thread_ts ? { thread_ts: event.thread_ts } : {}) });
      }
      const body = JSON.stringify(eventEnvelope(event, o.eventId));
      return slackPost(body, "application/json", o.retryNum ? { "x-slack-retry-num": String(o.retryNum), "x-slack-retry-reason": "http_timeout" } : {});
    },
    slackForm: (form) => slackPost(form, "application/x-www-form-urlencoded"),
    teams: (activity, headers = {}) =>
      fetch(`${url}/api/messages`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(activity) }).then(settled),
    settle,
    async stop() {
      await tandem.close();
      if (!opts.slack) await slack.stop();
      if (!opts.connector) await connector.stop();
      if (handle) {
        await db!.close();
        await handle.drop();
      }
    },
  };
}

/**
 * Resolves when no stored event is being handled or due (events waiting for a retry later do not count). The bound
 * only matters for events that are never handled: a full run on a loaded machine (load 12 on 2 CPUs) took over 15 s
 * for a burst of the authorization matrix's requests.
 */
export async function inboxSettled(db: Database, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "InboxEvent"
       WHERE payload IS NOT NULL AND (status = 'handling' OR (status = 'pending' AND "availableAt" <= now()))`,
    );
    if (row.n === 0) return;
    if (Date.now() > until) throw new Error(`${row.n} inbound events still not handled after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
