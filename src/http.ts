import { randomUUID } from "node:crypto";
import express, { type Application, type NextFunction, type Request, type Response } from "express";
import type { Logger } from "./logger";
import type { Metrics } from "./metrics";

/** Platform requests (Slack, Teams) being answered right now: background work gives way to them. */
export class Traffic {
  inFlight = 0;
  private lastAt = 0;
  /** Under load the next requests arrive just after the last answers: a quiet moment is 20 ms with none. */
  get busy(): boolean {
    return this.inFlight > 0 || performance.now() - this.lastAt < 20;
  }
  started(): void {
    this.inFlight++;
    this.lastAt = performance.now();
  }
  ended(): void {
    this.inFlight--;
    this.lastAt = performance.now();
  }
}

export interface HttpDeps {
  log: Logger;
  traffic?: Traffic;
  metrics: Metrics;
  bodyLimit: number;
  ready: () => Promise<{ ok: boolean; detail: Record<string, unknown> }>;
}

/** The one HTTP server: Teams and Slack endpoints are mounted on it by the composition root. */
export function createHttpApp(deps: HttpDeps): Application {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", true);

  app.use((req: Request, res: Response, next: NextFunction) => {
    const id = (req.header("x-request-id") ?? "").slice(0, 100) || randomUUID();
    res.setHeader("x-request-id", id);
    (req as Request & { id: string }).id = id;
    const started = process.hrtime.bigint();
    const platform = req.path === "/api/messages" || req.path === "/slack/events";
    if (platform && deps.traffic) {
      deps.traffic.started();
      res.once("close", () => deps.traffic!.ended());
    }
    res.on("finish", () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = platform || ["/healthz", "/readyz", "/metrics"].includes(req.path) ? req.path : "other";
      deps.metrics.inc("tandem_http_requests_total", "HTTP requests", { route, status: String(res.statusCode) });
      if (res.statusCode >= 500) deps.metrics.inc("tandem_http_errors_total", "HTTP 5xx responses", { route });
      deps.metrics.observe("tandem_http_request_seconds", "HTTP request latency", { route }, seconds);
      deps.log.info({ reqId: id, method: req.method, path: req.path, status: res.statusCode, ms: Math.round(seconds * 1000) }, "request");
    });
    // Shutting down: answer, then let the client open its next connection elsewhere instead of reusing this one.
    if (app.locals.draining) res.setHeader("connection", "close");
    // Refuse oversized bodies before anyone reads them.
    const length = Number(req.header("content-length") ?? 0);
    if (length > deps.bodyLimit) {
      res.status(413).json({ error: `request body over ${deps.bodyLimit} bytes` });
      return;
    }
    next();
  });

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res) => {
    // Shutting down: tell the load balancer to send new requests elsewhere.
    if (app.locals.draining) return void res.status(503).json({ status: "draining" });
    // Anyone who reaches the port may ask: what failed goes to the log, not into the answer (a database error names
    // its address and user).
    const r = await deps.ready().catch((err: Error) => {
      deps.log.error({ err }, "readiness check failed");
      return { ok: false, detail: { error: "the database did not answer" } };
    });
    res.status(r.ok ? 200 : 503).json({ status: r.ok ? "ready" : "not ready", ...r.detail });
  });
  app.get("/metrics", async (_req, res) => {
    res.type(deps.metrics.contentType()).send(await deps.metrics.render());
  });
  return app;
}

/** Parses JSON for the Teams endpoint: malformed JSON is 400, oversized 413, never 500. */
export function jsonBody(limit: number) {
  return express.json({ limit, type: () => true });
}

/** Last handler: errors from body parsing and handlers become clean JSON answers. */
export function errorHandler(log: Logger) {
  return (err: Error & { status?: number; statusCode?: number; type?: string }, req: Request, res: Response, _next: NextFunction) => {
    const status = err.status ?? err.statusCode ?? 500;
    if (status >= 500) log.error({ err, path: req.path }, "request failed");
    if (res.headersSent) return;
    const message =
      err.type === "entity.parse.failed" ? "malformed JSON body" : err.type === "entity.too.large" ? "request body too large" : status >= 500 ? "internal error" : err.message;
    res.status(status).json({ error: message });
  };
}
