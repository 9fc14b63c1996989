import type { BotFrameworkAuthentication } from "botframework-connector";
import type { Application } from "express";
import type { Config } from "./config";
import type { Logger } from "./logger";
import { Metrics, openTicketsByCourt } from "./metrics";
import { createHttpApp, errorHandler, jsonBody } from "./http";
import { Router } from "./core/conversation/router";
import type { Feature } from "./core/conversation/feature";
import type { TurnDeps } from "./core/conversation/turn";
import { systemClock, type Clock } from "./core/ports/clock";
import { helpFeature } from "./core/help/help-feature";
import { openDatabase, type Database } from "./adapters/db/connect";
import { pendingMigrations } from "./adapters/db/migrate";
import { PrismaAuditLog, PrismaEventLedger, PrismaTenancy } from "./adapters/db/tenancy-repo";
import { OutboxRepository } from "./adapters/db/outbox-repo";
import { teamsReferences } from "./adapters/db/references-repo";
import { CardRenderer } from "./adapters/cards/render";
import { OutboxDispatcher } from "./adapters/outbox/dispatcher";
import type { ChatSender } from "./adapters/outbox/sender";
import { createCloudAdapter } from "./adapters/teams/auth";
import { TeamsSender } from "./adapters/teams/sender";
import { teamsEndpoint } from "./adapters/teams/bot";
import { mountSlack } from "./adapters/slack/app";
import { SlackSender } from "./adapters/slack/sender";
import { seedDemo } from "./adapters/db/seed";
import { PrismaMatrixStore } from "./adapters/db/matrix-repo";
import { JobQueue, JobRunner } from "./adapters/scheduler/jobs";
import { CAPABILITIES, type FeatureDeps } from "./features";
import { noDirectory } from "./core/ports/directory";
import { createGraphClient } from "./adapters/graph/client";
import { GraphDirectory } from "./adapters/graph/directory";

export interface Overrides {
  /** Teams inbound/outbound auth pointed at local fakes (tests). */
  teamsAuth?: BotFrameworkAuthentication;
  clock?: Clock;
  /** An already opened database (tests share one). */
  database?: Database;
}

export interface Tandem {
  config: Config;
  log: Logger;
  db: Database;
  http: Application;
  metrics: Metrics;
  router: Router;
  outbox: OutboxRepository;
  dispatcher: OutboxDispatcher;
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
  const db = overrides.database ?? (await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR }));
  const prisma = db.prisma;
  const clock = overrides.clock ?? systemClock;
  const metrics = new Metrics();

  if (config.SEED_DEMO) await seedDemo(prisma, config.DEFAULT_CLIENT_ID, log);

  const tenancy = new PrismaTenancy(prisma, config.DEFAULT_CLIENT_ID);
  const ledger = new PrismaEventLedger(prisma);
  const audit = new PrismaAuditLog(prisma);
  const outbox = new OutboxRepository(prisma);
  const cards = new CardRenderer();
  const jobs = new JobQueue(prisma);
  const jobRunner = new JobRunner(jobs, outbox, clock, log, { replica: config.REPLICA_ID, pollMs: config.JOBS_POLL_MS });

  const graph = createGraphClient(config);
  const directory = graph
    ? new GraphDirectory(graph, clock, log, { timeoutMs: config.GRAPH_TIMEOUT_MS, cacheSeconds: config.GRAPH_CACHE_SECONDS })
    : noDirectory;
  const matrices = new PrismaMatrixStore(prisma);
  const featureDeps: FeatureDeps = { config, log, prisma, tenancy, audit, jobs, clock, directory, graph, matrices };
  let router: Router;
  const features: Feature[] = [helpFeature({ tenancy, commands: () => router.listCommands().filter((c) => c.name !== "welcome") })];
  for (const make of CAPABILITIES) {
    const cap = make(featureDeps);
    features.push(...cap.features);
    for (const [kind, handler] of Object.entries(cap.jobs ?? {})) jobRunner.register(kind, handler);
  }
  router = new Router(features);
  const turn: TurnDeps = { tenancy, ledger, outbox, router, clock };

  const http = createHttpApp({
    log,
    metrics,
    bodyLimit: config.BODY_LIMIT_BYTES,
    ready: async () => {
      const pending = await pendingMigrations(db.sql);
      await db.sql.query("SELECT 1");
      return { ok: pending.length === 0, detail: { database: db.kind, pendingMigrations: pending } };
    },
  });

  const senders: Record<string, ChatSender | undefined> = {};
  const adapter = createCloudAdapter(config, overrides.teamsAuth);
  const teamsSender = new TeamsSender(adapter, config.MICROSOFT_APP_ID ?? "", cards, teamsReferences(prisma));
  senders.teams = teamsSender;
  http.post("/api/messages", jsonBody(config.BODY_LIMIT_BYTES), teamsEndpoint({ adapter, turn, sender: teamsSender, appId: config.MICROSOFT_APP_ID, log }));

  if (config.slackEnabled) {
    const slack = mountSlack(
      http,
      { signingSecret: config.SLACK_SIGNING_SECRET!, token: config.SLACK_BOT_TOKEN!, apiUrl: config.SLACK_API_URL, bodyLimit: config.BODY_LIMIT_BYTES },
      turn,
      log,
    );
    senders.slack = new SlackSender(slack.client, cards);
  } else {
    http.post("/slack/events", (_req, res) => {
      res.status(503).json({ error: "Slack is not configured: set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN" });
    });
  }
  http.use(errorHandler(log));

  const dispatcher = new OutboxDispatcher(outbox, senders, log, {
    replica: config.REPLICA_ID,
    pollMs: config.OUTBOX_POLL_MS,
    leaseSeconds: config.OUTBOX_LEASE_SECONDS,
    maxAttempts: config.OUTBOX_MAX_ATTEMPTS,
    onOutcome: (outcome, platform) => metrics.inc(`tandem_outbox_${outcome}_total`, `Outbox messages ${outcome}`, { platform }),
  });
  let started = false;
  outbox.onEnqueued = () => {
    if (started) dispatcher.kick();
  };
  metrics.gauge("tandem_timers_pending", "Durable timers and jobs waiting", async () => ({ "": await jobs.pending() }));
  metrics.gauge("tandem_outbox_depth", "Outbox messages waiting or failed", async () => {
    const d = await outbox.depth();
    return { "status=pending": d.pending, "status=failed": d.failed };
  });
  metrics.gauge("tandem_tickets_open", "Open tickets by whose court they are in", () => openTicketsByCourt(prisma));

  return {
    config,
    log,
    db,
    http,
    metrics,
    router,
    outbox,
    dispatcher,
    jobs,
    jobRunner,
    turn,
    start() {
      started = true;
      dispatcher.start();
      jobRunner.start();
    },
    async stop() {
      started = false;
      await jobRunner.stop();
      await dispatcher.stop();
      if (!overrides.database) await db.close();
    },
  };
}
