import os from "node:os";
import { z } from "zod";

// Every environment key Tandem reads, validated once at start-up. `.env.example` documents each one.
const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));
const flag = (dflt: boolean) =>
  z
    .enum(["true", "false", "1", "0", "yes", "no", ""])
    .optional()
    .transform((v) => (v === undefined || v === "" ? dflt : ["true", "1", "yes"].includes(v)));
const positiveInt = (dflt: number) => z.coerce.number().int().positive().default(dflt);
/** A length of time written "90s", "30m", "24h" or "2d", in milliseconds. */
const span = (dflt: string) =>
  z
    .string()
    .default(dflt)
    .transform((v, ctx) => {
      const m = /^\s*(\d+)\s*(s|m|h|d)\s*$/i.exec(v);
      const ms = m ? Number(m[1]) * { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2].toLowerCase() as "s" | "m" | "h" | "d"] : 0;
      if (ms > 0) return ms;
      ctx.addIssue({ code: "custom", message: `"${v}" is not a length of time: write e.g. 90s, 30m, 24h or 2d` });
      return z.NEVER;
    });

/**
 * Sends allowed per conversation, written "7/1s,8/2s,60/30s,1800/1h": at most 7 in any 1 s, 8 in any 2 s and so on
 * (units ms, s, m, h). The outbox paces each conversation to stay inside every window.
 */
const pace = (dflt: string) =>
  z
    .string()
    .default(dflt)
    .transform((v, ctx) => {
      const windows = v.split(",").map((part) => {
        const m = /^\s*(\d+)\s*\/\s*(\d+)\s*(ms|s|m|h)\s*$/i.exec(part);
        const windowMs = m ? Number(m[2]) * { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[m[3].toLowerCase() as "ms" | "s" | "m" | "h"] : 0;
        return m && Number(m[1]) > 0 && windowMs > 0 ? { max: Number(m[1]), windowMs } : null;
      });
      if (windows.every((w) => w !== null)) return windows as { max: number; windowMs: number }[];
      ctx.addIssue({ code: "custom", message: `"${v}" is not a list of sends per time: write e.g. 7/1s,60/30s,1800/1h (count/length, units ms, s, m, h)` });
      return z.NEVER;
    });

const schema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3978),
    /** Unset: 127.0.0.1 while TEAMS_AUTH=off (an unauthenticated endpoint is never on the network by default), else 0.0.0.0. */
    HOST: z.string().min(1).optional(),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    DATABASE_URL: optional.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
      message: "must be a postgres:// or postgresql:// URL (leave unset for the embedded database)",
    }),
    DATA_DIR: z.string().default("./data"),
    /** PostgreSQL connections per replica (turns, sends and the request path share them). */
    DATABASE_POOL_SIZE: positiveInt(10),
    /** The embedded database's page cache inside its WebAssembly memory (PostgreSQL's shared_buffers). */
    PGLITE_SHARED_BUFFERS_MB: z.coerce.number().int().min(1).max(1024).default(16),
    /**
     * Development mode is on only when asked for: "development" (what `npm start` and `npm run dev` set) or "test".
     * Anything else, unset included, is production: no demo client, unlinked channels belong to no client,
     * TEAMS_AUTH=off and SEED_DEMO=true refused. A service started by hand with real credentials is never open.
     */
    NODE_ENV: optional,
    DEFAULT_CLIENT_ID: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "lower-case letters, digits and dashes").default("demo"),
    /** Unset: on in development mode, off in production (where it may not be turned on). */
    SEED_DEMO: z
      .enum(["true", "false", "1", "0", "yes", "no", ""])
      .optional()
      .transform((v) => (v === undefined || v === "" ? undefined : ["true", "1", "yes"].includes(v))),
    BODY_LIMIT_BYTES: positiveInt(1_000_000),
    REPLICA_ID: z.string().default(`${os.hostname()}-${process.pid}`),
    PUBLIC_URL: optional,

    /** "off": the development switch, /api/messages without authentication (refused in production). */
    TEAMS_AUTH: z
      .enum(["on", "off", ""])
      .optional()
      .transform((v) => v || undefined),
    MICROSOFT_APP_ID: optional,
    MICROSOFT_APP_PASSWORD: optional,
    MICROSOFT_APP_TENANT_ID: optional,
    MICROSOFT_APP_TYPE: z.enum(["MultiTenant", "SingleTenant", "UserAssignedMSI"]).optional(),

    SLACK_SIGNING_SECRET: optional,
    SLACK_BOT_TOKEN: optional.refine((v) => v === undefined || v.startsWith("xoxb-"), { message: "must start with xoxb-" }),
    SLACK_API_URL: z.string().url().default("https://slack.com/api/"),

    GRAPH_TENANT_ID: optional,
    GRAPH_CLIENT_ID: optional,
    GRAPH_CLIENT_SECRET: optional,
    GRAPH_BASE_URL: z.string().url().default("https://graph.microsoft.com"),
    GRAPH_AUTHORITY_HOST: z.string().url().default("https://login.microsoftonline.com"),
    /** Other tenants whose admin consented to the same app (MailboxSettings.Read): out-of-office for their people. */
    GRAPH_CONSENTED_TENANTS: optional.transform((v) => (v ? v.split(",").map((t) => t.trim()).filter(Boolean) : [])),
    GRAPH_TIMEOUT_MS: positiveInt(1500),
    GRAPH_CACHE_SECONDS: positiveInt(300),

    /** Optional language model for "who handles this?" (OpenAI-compatible chat completions); off unless enabled. */
    ROUTING_LLM_ENABLED: flag(false),
    ROUTING_LLM_ENDPOINT: optional.refine((v) => v === undefined || /^https?:\/\/\S+$/.test(v), { message: "must be an http(s) URL of a chat-completions endpoint" }),
    ROUTING_LLM_API_KEY: optional,
    ROUTING_LLM_MODEL: optional,
    ROUTING_LLM_TIMEOUT_MS: positiveInt(3000),

    INBOX_POLL_MS: positiveInt(500),
    /** How long a replica's claim on an inbound event lasts; a crashed replica's events are handled by others after this. */
    INBOX_LEASE_SECONDS: positiveInt(60),
    INBOX_MAX_ATTEMPTS: positiveInt(5),
    /** Conversations each replica handles at once. */
    INBOX_CONCURRENCY: positiveInt(32),
    INBOX_KEEP_HOURS: positiveInt(72),
    /** While Slack/Teams requests wait for their answer, turns wait at most this long before the next batch. */
    INBOX_MAX_YIELD_MS: z.coerce.number().int().min(0).default(250),
    /** A request whose event is not stored within this time is answered 503 (the platform retries; nothing is lost). */
    ACK_TIMEOUT_MS: positiveInt(2500),
    OUTBOX_POLL_MS: positiveInt(500),
    /** How long a replica's claim on an outbox row lasts; a crashed replica's rows are sent by others after this. */
    OUTBOX_LEASE_SECONDS: positiveInt(60),
    /**
     * How long a message (or webhook delivery) that fails for a passing reason (429, 5xx, timeout, no connection) is
     * retried, with capped exponential backoff and jitter, before it is marked failed: "24h" by default.
     */
    RETRY_WINDOW: span("24h"),
    /** Replaced by RETRY_WINDOW (sends are no longer given up after a number of attempts): refused with a pointer. */
    OUTBOX_MAX_ATTEMPTS: optional,
    /** Unset: 15 s, or half the outbox lease if that is shorter. */
    OUTBOX_SEND_TIMEOUT_MS: z.coerce.number().int().positive().optional(),
    /**
     * Sends per Slack channel. Slack allows chat.postMessage about 1 per second per channel, with short bursts over
     * it (their size unpublished): by default bursts of 3, 1 per second on average.
     */
    OUTBOX_PACE_SLACK: pace("3/3s"),
    /** Sends per Teams conversation: Teams' published per bot, per conversation limits for sending. */
    OUTBOX_PACE_TEAMS: pace("7/1s,8/2s,60/30s,1800/1h"),
    SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(500),
    JOBS_POLL_MS: positiveInt(1000),
    /** Scheduled standups, reports and QBR reminders; off keeps the schedule command but posts nothing on a timer. */
    CADENCE_ENABLED: flag(true),

    /** PagerDuty Events API v2 endpoint (EU accounts: https://events.eu.pagerduty.com/v2/enqueue; tests: a fake). */
    PAGERDUTY_EVENTS_URL: z.string().url().default("https://events.pagerduty.com/v2/enqueue"),
    /** A phone page (PagerDuty or the paging webhook) with no answer after this long is retried. */
    PAGING_TIMEOUT_MS: positiveInt(10_000),
  })
  .superRefine((env, ctx) => {
    const teams = ["MICROSOFT_APP_ID", "MICROSOFT_APP_PASSWORD", "MICROSOFT_APP_TYPE"] as const;
    const teamsSet = teams.filter((k) => env[k] !== undefined);
    if (teamsSet.length > 0 && teamsSet.length < teams.length) {
      for (const k of teams.filter((k) => env[k] === undefined))
        ctx.addIssue({ code: "custom", path: [k], message: `required when ${teamsSet.join(", ")} is set (Teams auth needs all of them)` });
    }
    const production = !isDevelopment(env.NODE_ENV);
    const nodeEnv = env.NODE_ENV === undefined ? "NODE_ENV is unset" : `NODE_ENV=${env.NODE_ENV}`;
    if (env.TEAMS_AUTH === "off" && production)
      ctx.addIssue({ code: "custom", path: ["TEAMS_AUTH"], message: `off is a development switch and is refused in production (${nodeEnv}): set MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TYPE, or NODE_ENV=development on your own machine (npm start sets it)` });
    if (env.TEAMS_AUTH === "off" && env.MICROSOFT_APP_ID !== undefined)
      ctx.addIssue({ code: "custom", path: ["TEAMS_AUTH"], message: "off turns request authentication off, yet MICROSOFT_APP_ID is set: remove one (npm start sets TEAMS_AUTH=off unless you set TEAMS_AUTH=on)" });
    if (env.TEAMS_AUTH === "on" && env.MICROSOFT_APP_ID === undefined)
      ctx.addIssue({ code: "custom", path: ["TEAMS_AUTH"], message: "on needs MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TYPE" });
    if (env.SEED_DEMO === true && production)
      ctx.addIssue({ code: "custom", path: ["SEED_DEMO"], message: `the demo client exists only in development mode (NODE_ENV=development): unset it in production (${nodeEnv})` });
    if (env.MICROSOFT_APP_TYPE === "SingleTenant" && !env.MICROSOFT_APP_TENANT_ID)
      ctx.addIssue({ code: "custom", path: ["MICROSOFT_APP_TENANT_ID"], message: "required when MICROSOFT_APP_TYPE is SingleTenant" });
    if (!!env.SLACK_SIGNING_SECRET !== !!env.SLACK_BOT_TOKEN) {
      const missing = env.SLACK_SIGNING_SECRET ? "SLACK_BOT_TOKEN" : "SLACK_SIGNING_SECRET";
      ctx.addIssue({ code: "custom", path: [missing], message: "Slack needs both SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN" });
    }
    const graph = ["GRAPH_TENANT_ID", "GRAPH_CLIENT_ID", "GRAPH_CLIENT_SECRET"] as const;
    const graphSet = graph.filter((k) => env[k] !== undefined);
    if (graphSet.length > 0 && graphSet.length < graph.length) {
      for (const k of graph.filter((k) => env[k] === undefined))
        ctx.addIssue({ code: "custom", path: [k], message: "Graph needs GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET together" });
    }
    if (env.ROUTING_LLM_ENABLED) {
      for (const k of ["ROUTING_LLM_ENDPOINT", "ROUTING_LLM_MODEL"] as const)
        if (env[k] === undefined) ctx.addIssue({ code: "custom", path: [k], message: "required when ROUTING_LLM_ENABLED is true" });
    }
    if (env.OUTBOX_SEND_TIMEOUT_MS !== undefined && env.OUTBOX_SEND_TIMEOUT_MS >= env.OUTBOX_LEASE_SECONDS * 1000)
      ctx.addIssue({ code: "custom", path: ["OUTBOX_SEND_TIMEOUT_MS"], message: "must be shorter than OUTBOX_LEASE_SECONDS, or another replica may send the message while this one still waits" });
    if (env.OUTBOX_MAX_ATTEMPTS !== undefined)
      ctx.addIssue({ code: "custom", path: ["OUTBOX_MAX_ATTEMPTS"], message: "is no longer read: a failing send is retried for RETRY_WINDOW (default 24h) instead; remove it, and set RETRY_WINDOW if a day is not what you want" });
    // Run even when a key above is invalid, so one start-up message lists every problem.
  }, { when: () => true });

export type Env = z.infer<typeof schema>;

/** Development mode is explicit: NODE_ENV=development (npm start, npm run dev) or test (jest); never by default. */
export function isDevelopment(nodeEnv: string | undefined): boolean {
  return nodeEnv === "development" || nodeEnv === "test";
}

/** How /api/messages treats requests: Bot Connector tokens checked, the development switch, or refused. */
export type TeamsMode = "authenticated" | "development" | "closed";

export interface Config extends Omit<Env, "SEED_DEMO" | "HOST"> {
  /** The interface to listen on (see the schema for the default). */
  HOST: string;
  OUTBOX_SEND_TIMEOUT_MS: number;
  SEED_DEMO: boolean;
  /** NODE_ENV is development or test: the demo client, unlinked channels in the default client, TEAMS_AUTH=off allowed. */
  devMode: boolean;
  teamsMode: TeamsMode;
  teamsAuth: boolean;
  slackEnabled: boolean;
  graphEnabled: boolean;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Tandem cannot start: the configuration has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Parses the environment once; throws a ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".") || "(env)"}: ${i.message}`));
  }
  const c = parsed.data;
  const devMode = isDevelopment(c.NODE_ENV);
  const teamsAuth = c.MICROSOFT_APP_ID !== undefined;
  const teamsMode: TeamsMode = teamsAuth ? "authenticated" : c.TEAMS_AUTH === "off" ? "development" : "closed";
  return {
    ...c,
    HOST: c.HOST ?? (teamsMode === "development" ? "127.0.0.1" : "0.0.0.0"),
    OUTBOX_SEND_TIMEOUT_MS: c.OUTBOX_SEND_TIMEOUT_MS ?? Math.min(15_000, c.OUTBOX_LEASE_SECONDS * 500),
    SEED_DEMO: c.SEED_DEMO ?? devMode,
    devMode,
    teamsMode,
    teamsAuth,
    slackEnabled: c.SLACK_SIGNING_SECRET !== undefined,
    graphEnabled: c.GRAPH_CLIENT_ID !== undefined,
  };
}

/** What an operator must know about how this process was started (logged at start-up, shown on /readyz). */
export function configWarnings(c: Config): string[] {
  const warnings: string[] = [];
  if (c.teamsMode === "development")
    warnings.push("TEAMS_AUTH=off: /api/messages accepts requests without a Bot Connector token. For development only; never expose this port.");
  if (c.devMode && (c.teamsAuth || c.slackEnabled))
    warnings.push(`Development mode (NODE_ENV=${c.NODE_ENV}) with platform credentials: channels nobody linked belong to the default client "${c.DEFAULT_CLIENT_ID}". Set NODE_ENV=production for a real workspace or tenant.`);
  if (c.teamsMode === "closed")
    warnings.push("Teams is off: /api/messages refuses every request. Set MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TYPE (or TEAMS_AUTH=off for local development).");
  return warnings;
}
