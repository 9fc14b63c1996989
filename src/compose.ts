import type { Application } from "express";
import { configWarnings, type Config } from "./config";
import type { Logger } from "./logger";
import { eventLoopDelay, Metrics, openTicketsByCourt } from "./metrics";
import { createHttpApp, errorHandler, Traffic } from "./http";
import { Router } from "./core/conversation/router";
import type { Feature } from "./core/conversation/feature";
import { decide, type TurnDeps } from "./core/conversation/turn";
import { systemClock, type Clock } from "./core/ports/clock";
import { helpFeature } from "./core/help/help-feature";
import { openDatabase, type Database } from "./adapters/db/connect";
import { pendingMigrations } from "./adapters/db/migrate";
import { PrismaAuditLog, PrismaTenancy } from "./adapters/db/tenancy-repo";
import { PrismaIdentities } from "./adapters/db/identities-repo";
import { InboxRepository } from "./adapters/db/inbox-repo";
import { TurnTransactions } from "./adapters/db/turn-transaction";
import { InboxWorker } from "./adapters/inbox/worker";
import { intakeInto } from "./adapters/intake";
import { OutboxRepository } from "./adapters/db/outbox-repo";
import { teamsReferenceKeeper, teamsReferences } from "./adapters/teams/references";
import { CardRenderer } from "./adapters/cards/render";
import { ReplyFitter } from "./adapters/outbox/fit";
import { OutboxDispatcher } from "./adapters/outbox/dispatcher";
import { SLACK_PACED_OPS } from "./adapters/outbox/pace";
import { SEND_RETRY } from "./adapters/retry-policy";
import type { ChatSender } from "./adapters/outbox/sender";
import { mountTeams } from "./adapters/teams/mount";
import type { TeamsAuthentication } from "./adapters/teams/auth";
import type { ServiceUrlPolicy } from "./adapters/teams/service-url";
import { slackProfiles } from "./adapters/slack/profiles";
import type { MessageReaders } from "./core/ports/messages";
import { teamsProfiles } from "./adapters/teams/profiles";
import { PeopleNames, type ProfileLookup } from "./adapters/people/names";
import type { Platform } from "./core/conversation/events";
import { PhoneSender } from "./adapters/paging/sender";
import { demoLeftovers, seedDemo } from "./adapters/db/seed";
import { PrismaMatrixStore } from "./adapters/db/matrix-repo";
import { warmRoutingInTurn } from "./core/routing/warm";
import { JobQueue, JobRunner } from "./adapters/scheduler/jobs";
import { CAPABILITIES, type FeatureDeps } from "./features";
import { noDirectory } from "./core/ports/directory";
import { GraphDirectory } from "./adapters/graph/directory";
import { graphTenants } from "./adapters/graph/tenants";

export interface Overrides {
  /** Teams inbound/outbound auth pointed at local fakes (tests). */
  teamsAuth?: TeamsAuthentication;
  /** Test-only: origins of local fakes (a fake Bot Connector) trusted as service URLs while authentication is on. */
  trustedServiceOrigins?: string[];
  /** Test-only: origins of local file servers that matrix downloads may reach (otherwise public https only). */
  fetchOrigins?: string[];
  clock?: Clock;
  /**
   * Test-only: the outbox's time (when a retry is due, when its window is over), so that an outage of hours can be
   * simulated. Unset, the outbox follows the database's clock, whatever `clock` the turns are given.
   */
  sendClock?: Clock;
  /** An already opened database (tests share one). */
  database?: Database;
  /**
   * Test-only: false leaves out the background warm-up after start (each request then loads what it needs, as a
   * request arriving before the warm-up does). Tests start Tandem a hundred times; the warm-up's CPU competed with
   * their first requests on a loaded machine. Its own test turns it on.
   */
  warmUp?: boolean;
}

export interface Tandem {
  config: Config;
  /** How this process was started that an operator must know (also on /readyz). */
  warnings: string[];
  log: Logger;
  db: Database;
  http: Application;
  metrics: Metrics;
  router: Router;
  outbox: OutboxRepository;
  dispatcher: OutboxDispatcher;
  /** The platforms' senders the dispatcher uses (a test runs a second dispatcher with them). */
  senders: Record<string, ChatSender | undefined>;
  inbox: InboxRepository;
  inboxWorker: InboxWorker;
  jobs: JobQueue;
  jobRunner: JobRunner;
  turn: TurnDeps;
  /** Start background work (outbox sending). */
  start(): void;
  /** Stop background work and close the database (unless it was passed in). */
  stop(): Promise<void>;
}

/** The composition root: config -> db -> repositories -> core -> adapters -> http. Only here are SDK clients made. */
export async function composeTandem(config: Config, log: Logger, overrides: Overrides = {}): Promise<Tandem> {
  const db =
    overrides.database ??
    (await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: config.DATABASE_POOL_SIZE, serve: true, sharedBuffersMb: config.PGLITE_SHARED_BUFFERS_MB }));
  if (db.served && "error" in db.served) log.warn({ error: db.served.error }, "the embedded database is not served to tandem commands: stop the service to run them");
  // One commit per turn: every repository works through the turn's transaction while a turn runs. A turn holds a
  // connection throughout, so fewer turns run at once than the pool has connections.
  const turns = new TurnTransactions(db.prisma, {
    // Half the pool at most: the other half answers requests (the inbox insert) and marks sends done in time, before
    // their lease runs out and another replica sends the message again.
    maxConcurrent: db.kind === "pglite" ? 1 : Math.max(1, Math.floor(config.DATABASE_POOL_SIZE / 2)),
    separateCounters: db.kind === "postgres",
  });
  const atomic = <T>(fn: () => Promise<T>) => turns.run(fn);
  const prisma = turns.client;
  const clock = overrides.clock ?? systemClock;
  const metrics = new Metrics();

  if (config.SEED_DEMO) await seedDemo(prisma, config.DEFAULT_CLIENT_ID, log);

  const tenancy = new PrismaTenancy(prisma, config.DEFAULT_CLIENT_ID, { devMode: config.devMode });
  const identities = new PrismaIdentities(prisma);
  const cards = new CardRenderer();
  const fitter = new ReplyFitter(cards);
  const outbox = new OutboxRepository(prisma, fitter);
  // The embedded database has one connection and runs in this thread: one batched insert at a time, gathered for
  // a millisecond; PostgreSQL takes a few in parallel and batches form by themselves.
  const inbox = new InboxRepository(prisma, db.sql, outbox, db.kind === "pglite" ? { maxInFlight: 1, lingerMs: 1 } : { maxInFlight: 4 });
  const jobs = new JobQueue(prisma);
  const jobRunner = new JobRunner(jobs, outbox, clock, log, { replica: config.REPLICA_ID, pollMs: config.JOBS_POLL_MS, atomic });

  // SDKs for what is not configured are never loaded (Graph, Slack; pg or PGlite by database kind).
  const graphSdk = config.graphEnabled ? await import("./adapters/graph/client") : null;
  const graph = graphSdk ? graphSdk.createGraphClient(config) : null;
  // One Graph client per consenting tenant: people of the other organisation are looked up in their own tenant.
  const tenants =
    graphSdk && graph
      ? graphTenants({ home: config.GRAPH_TENANT_ID!, fromEnv: config.GRAPH_CONSENTED_TENANTS, prisma, clientFor: (tenant) => graphSdk.createGraphClient(config, tenant)! })
      : null;
  const directory = tenants
    ? new GraphDirectory(tenants, clock, log, { timeoutMs: config.GRAPH_TIMEOUT_MS, cacheSeconds: config.GRAPH_CACHE_SECONDS }, (ids) => identities.homesOf("teams", ids))
    : noDirectory;
  const matrices = new PrismaMatrixStore(prisma);
  // Platform profiles are added below, once the platforms' clients exist.
  const profiles: Partial<Record<Platform, ProfileLookup>> = {};
  const names = new PeopleNames(prisma, matrices, profiles);
  // Likewise the platforms that can read a message back (Slack), added below.
  const messages: MessageReaders = {};
  const audit = new PrismaAuditLog(prisma, names);
  // The embedded database is opened by one process only (a lock file): claims in it belong to a run that died.
  if (db.kind === "pglite" && !overrides.database) {
    const [events, sends] = await Promise.all([inbox.releaseAll(), outbox.releaseAll()]);
    if (events || sends) log.warn({ events, sends }, "the previous run stopped mid-work; its events and sends are queued again");
  }
  const featureDeps: FeatureDeps = { config, log, prisma, tenancy, audit, jobs, clock, directory, graph, matrices, names, identities, fitter, messages, fetchOrigins: overrides.fetchOrigins };
  let router: Router;
  const features: Feature[] = [helpFeature({ tenancy, commands: () => router.listCommands().filter((c) => c.name !== "welcome") })];
  for (const make of CAPABILITIES) {
    const cap = make(featureDeps);
    features.push(...cap.features);
    for (const [kind, handler] of Object.entries(cap.jobs ?? {})) jobRunner.register(kind, handler);
  }
  router = new Router(features, { audit, cards: outbox });
  // Parsed before listening, not on the first request: every card template and each client's matrix in force.
  cards.preload();
  const inForce: (Awaited<ReturnType<typeof matrices.current>>)[] = [];
  for (const { id } of await prisma.client.findMany({ select: { id: true } })) {
    inForce.push(await matrices.current(id));
    // A version dated ahead starts answering on its day: its routing index is warmed too.
    inForce.push(await matrices.latest(id));
  }
  const turn: TurnDeps = { tenancy, audit, ledger: inbox, router, clock, names, identities, atomic };
  const traffic = new Traffic();
  const intake = intakeInto(inbox, config.ACK_TIMEOUT_MS);
  const inboxWorker = new InboxWorker(inbox, (item) => decide(turn, item.event, item.reference), log, {
    replica: config.REPLICA_ID,
    pollMs: config.INBOX_POLL_MS,
    batch: config.INBOX_CONCURRENCY,
    leaseSeconds: config.INBOX_LEASE_SECONDS,
    maxAttempts: config.INBOX_MAX_ATTEMPTS,
    keepHours: config.INBOX_KEEP_HOURS,
    atomic,
    busy: () => traffic.busy,
    maxYieldMs: config.INBOX_MAX_YIELD_MS,
    // While requests wait, fewer turns at once; on the embedded database (which runs in this thread) one at a time.
    busyBatch: db.kind === "pglite" ? 1 : Math.max(1, Math.floor(config.INBOX_CONCURRENCY / 4)),
    onOutcome: (outcome, platform) => metrics.inc(`tandem_inbox_${outcome}_total`, `Inbound events ${outcome}`, { platform }),
  });

  const warnings = [...configWarnings(config), ...(await demoLeftovers(prisma, config.devMode))];
  const http = createHttpApp({
    log,
    traffic,
    metrics,
    bodyLimit: config.BODY_LIMIT_BYTES,
    ready: async () => {
      const pending = await pendingMigrations(db.sql);
      await db.sql.query("SELECT 1");
      return { ok: pending.length === 0, detail: { database: db.kind, pendingMigrations: pending, ...(warnings.length ? { warnings } : {}) } };
    },
  });

  const senders: Record<string, ChatSender | undefined> = {};
  const serviceUrls: ServiceUrlPolicy = { allowLoopback: config.teamsMode === "development", extraOrigins: overrides.trustedServiceOrigins };
  const teams = mountTeams(http, { config, log, turn, intake, cards, references: teamsReferences(prisma), keepReference: teamsReferenceKeeper(prisma), serviceUrls, auth: overrides.teamsAuth, jobs, identities,
    fitRefresh: async (update, conversation) => {
      const [refresh, ...thread] = fitter.fit(update, { platform: "teams", conversation });
      if (thread.length) await outbox.enqueue(thread);
      return refresh ?? update;
    },
  });
  senders.teams = teams.sender;
  profiles.teams = teamsProfiles(teams);
  for (const [kind, handler] of Object.entries(teams.jobs)) jobRunner.register(kind, handler);

  senders.phone = new PhoneSender(tenancy, { pagerDutyUrl: config.PAGERDUTY_EVENTS_URL, timeoutMs: config.PAGING_TIMEOUT_MS, publicUrl: config.PUBLIC_URL });

  if (config.slackEnabled) {
    const [{ webApi }, { mountSlack, slackClientOptions }, { SlackSender }, { slackMessages }] = await Promise.all([
      import("@slack/bolt"),
      import("./adapters/slack/app"),
      import("./adapters/slack/sender"),
      import("./adapters/slack/messages"),
    ]);
    const slackClient = new webApi.WebClient(config.SLACK_BOT_TOKEN!, slackClientOptions(config.SLACK_API_URL, log));
    mountSlack(
      http,
      { signingSecret: config.SLACK_SIGNING_SECRET!, token: config.SLACK_BOT_TOKEN!, apiUrl: config.SLACK_API_URL, bodyLimit: config.BODY_LIMIT_BYTES },
      slackClient,
      intake,
      log,
    );
    senders.slack = new SlackSender(slackClient, cards);
    profiles.slack = slackProfiles(slackClient);
    messages.slack = slackMessages(slackClient);
  }
  // Without a signing secret nothing can be verified: /slack/events is not mounted at all (404).
  http.use(errorHandler(log));

  const dispatcher = new OutboxDispatcher(outbox, senders, log, {
    replica: config.REPLICA_ID,
    pollMs: config.OUTBOX_POLL_MS,
    leaseSeconds: config.OUTBOX_LEASE_SECONDS,
    retry: { ...SEND_RETRY, windowMs: config.RETRY_WINDOW },
    clock: overrides.sendClock,
    dueClock: clock,
    sendTimeoutMs: config.OUTBOX_SEND_TIMEOUT_MS,
    pace: { slack: { windows: config.OUTBOX_PACE_SLACK, ops: SLACK_PACED_OPS }, teams: { windows: config.OUTBOX_PACE_TEAMS } },
    onOutcome: (outcome, platform) => metrics.inc(`tandem_outbox_${outcome}_total`, `Outbox messages ${outcome}`, { platform }),
    onLookup: (result, platform) =>
      metrics.inc("tandem_outbox_unconfirmed_lookups_total", "Messages claimed while an earlier attempt may have reached the platform, by what looking for it found (found: not sent again)", { platform, result }),
    onLostClaim: (when, platform) => metrics.inc("tandem_outbox_lost_claims_total", "Sends whose claim another replica had taken by the time they were sent or marked", { platform, when }),
    busy: () => traffic.busy,
    maxYieldMs: config.INBOX_MAX_YIELD_MS,
    busyBatch: db.kind === "pglite" ? 1 : 5,
  });
  let started = false;
  const warming: { stopped: boolean; timer?: NodeJS.Timeout } = { stopped: false };
  outbox.onEnqueued = () => {
    if (started) dispatcher.kick();
  };
  inbox.onAccepted = () => {
    if (started) inboxWorker.kick();
  };
  const byStatus = (d: { pending: number; failed: number }) => [
    { labels: { status: "pending" }, value: d.pending },
    { labels: { status: "failed" }, value: d.failed },
  ];
  metrics.gauge("tandem_timers_pending", "Durable timers and jobs waiting", [], async () => [{ value: await jobs.pending() }]);
  metrics.gauge("tandem_inbox_depth", "Inbound events waiting or failed", ["status"], async () => byStatus(await inbox.depth()));
  metrics.gauge("tandem_outbox_depth", "Outbox messages waiting or failed", ["status"], async () => byStatus(await outbox.depth()));
  metrics.gauge("tandem_event_loop_delay_seconds", "Event loop delay since the previous scrape (requests wait this long)", ["quantile"], eventLoopDelay());
  metrics.gauge("tandem_tickets_open", "Open tickets by whose court they are in", ["court"], () => openTicketsByCourt(prisma));

  return {
    config,
    warnings,
    log,
    db,
    http,
    metrics,
    router,
    outbox,
    dispatcher,
    senders,
    inbox,
    inboxWorker,
    jobs,
    jobRunner,
    turn,
    start() {
      started = true;
      // What is not needed to answer the first request loads in the background once the server has listened for
      // half a second (readiness probes and the first requests go first): the routing knowledge and each matrix's
      // routing index (not on the first question), the Bot Framework SDK, the card expressions. A request that needs
      // one of them before then loads it itself.
      if (overrides.warmUp !== false) warming.timer = setTimeout(() => {
        const step = () => new Promise((r) => setImmediate(r));
        void step()
          .then(() =>
            warming.stopped
              ? 0
              : warmRoutingInTurn(new Set(inForce.flatMap((m) => (m ? [m.matrix] : []))), () => warming.stopped).catch((err) =>
                  log.warn({ err }, "warming up routing after start failed; the first question will load it instead"),
                ),
          )
          .then(step)
          .then(() => teams.warm())
          .then(step)
          .then(() => cards.warm(warming))
          .then(() => !warming.stopped && log.info({ warmMs: Math.round(performance.now()) }, "warmed up"))
          .catch((err) => log.warn({ err }, "warming up after start failed; the first request will load it instead"));
      }, 500);
      warming.timer?.unref();
      inboxWorker.start();
      dispatcher.start();
      jobRunner.start();
    },
    async stop() {
      started = false;
      warming.stopped = true;
      clearTimeout(warming.timer);
      await inboxWorker.stop();
      await jobRunner.stop();
      await dispatcher.stop();
      if (!overrides.database) await db.close();
    },
  };
}
