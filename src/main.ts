import "./runtime";
import type { Server } from "node:http";
import http from "node:http";
import net from "node:net";
import { ConfigError, loadConfig, type Config } from "./config";
import { createLogger, type Logger } from "./logger";
import { composeTandem, type Overrides, type Tandem } from "./compose";
import { DatabaseOpenError } from "./adapters/db/connect";

export interface Running extends Tandem {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** Builds Tandem and listens; `close()` stops taking requests, finishes in-flight work and releases claims. */
export async function startTandem(config: Config, log: Logger, overrides: Overrides = {}): Promise<Running> {
  const tandem = await composeTandem(config, log, overrides);
  let server: Server;
  try {
    server = await listen(tandem.http, config.PORT, config.HOST);
  } catch (err) {
    await tandem.stop();
    throw err;
  }
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : config.PORT;
  tandem.start();
  const url = `http://${config.HOST === "0.0.0.0" ? "127.0.0.1" : config.HOST}:${port}`;
  // Since the process started: wall-clock and CPU time (start-up goals: 2 s on an existing database, 5 s on a new one).
  const startup = { ms: Math.round(performance.now()), cpuMs: Math.round(Object.values(process.cpuUsage()).reduce((a, b) => a + b, 0) / 1000) };
  log.info({ url, database: tandem.db.kind, teams: config.teamsMode, slack: config.slackEnabled, devMode: config.devMode, startup }, "Tandem is listening");
  for (const warning of tandem.warnings) log.warn(warning);
  return {
    ...tandem,
    server,
    url,
    async close() {
      // Drain first: requests already on a keep-alive connection are answered with "Connection: close", so no
      // client sends its next request on a socket we are about to close. Then stop listening and close what's idle.
      tandem.http.locals.draining = true;
      if (config.SHUTDOWN_GRACE_MS > 0) await new Promise((r) => setTimeout(r, config.SHUTDOWN_GRACE_MS));
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), 10_000);
        // Stop listening without http.Server#close, which also drops idle connections at once: a connection
        // accepted a moment ago may still be sending its first request. Those get a short while, then idle
        // keep-alive connections are closed (busy ones end after their answer, which says "Connection: close").
        net.Server.prototype.close.call(server, () => {
          clearTimeout(force);
          resolve();
        });
        setTimeout(() => server.closeIdleConnections(), 250).unref();
      });
      await tandem.stop();
    },
  };
}

/** The port is taken (or not ours to take): start-up stops with this message instead of claiming to listen. */
export class ListenError extends Error {}

// Express 5's app.listen hands a listen error to the callback it was given, as if listening had started:
// listen with Node's server directly so a busy port is an error.
function listen(app: Tandem["http"], port: number, host: string): Promise<Server> {
  const server = http.createServer(app);
  // Idle keep-alive connections stay open longer than the 60 s idle timeout of the usual reverse proxies and load
  // balancers (Node's 5 s default makes them send a request on a socket Node is closing: a 502 for Slack or Teams).
  // Clients that read the Keep-Alive hint let go of the socket before Tandem closes it.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return new Promise<Server>((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) => {
      const where = `${host}:${port}`;
      if (err.code === "EADDRINUSE") reject(new ListenError(`Port ${port} is already in use on ${host}: another program listens there. Stop it, or start Tandem with another PORT.`));
      else if (err.code === "EACCES") reject(new ListenError(`Tandem may not listen on ${where} (${err.code}). Choose a PORT above 1023, or run with the needed permission.`));
      else reject(new ListenError(`Tandem cannot listen on ${where}: ${err.message}`));
    });
    server.listen(port, host, () => resolve(server));
  });
}

/**
 * What `npm start` prints in development mode. `npm run playground` talks to $PORT (3978 unless set), so on another
 * port the command says which.
 */
export function developmentHint(url: string): string {
  const port = new URL(url).port || "80";
  const playground = port === "3978" ? "npm run playground" : `PORT=${port} npm run playground`;
  return (
    `\nTandem is running on ${url} for development (TEAMS_AUTH=off: anyone who reaches this port can talk to it).\n` +
    `Chat with it: ${playground}  (or: npx @microsoft/m365agentsplayground -e ${url}/api/messages -c msteams)\n` +
    `Then say "help" or "who handles a printer that won't print?"\n\n`
  );
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSee .env.example for every setting.\n`);
      process.exit(78);
    }
    throw err;
  }
  const log = createLogger(config.LOG_LEVEL);
  let running: Running;
  try {
    running = await startTandem(config, log);
  } catch (err) {
    if (err instanceof ListenError) {
      log.fatal(err.message);
      process.stderr.write(`${err.message}\n`);
      process.exit(69);
    }
    if (err instanceof DatabaseOpenError) {
      log.fatal(err.message);
      process.stderr.write(`${err.message}\n`);
      process.exit(70);
    }
    throw err;
  }
  if (config.teamsMode === "development") {
    process.stdout.write(developmentHint(running.url));
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    const force = setTimeout(() => process.exit(1), 15_000).unref();
    running.close().then(
      () => {
        clearTimeout(force);
        process.exit(0);
      },
      (err) => {
        log.error({ err }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`Tandem failed to start: ${(err as Error).stack ?? err}\n`);
    process.exit(1);
  });
}
