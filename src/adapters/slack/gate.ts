import { createHmac, timingSafeEqual } from "node:crypto";
import querystring from "node:querystring";
import express, { Router, type NextFunction, type Request, type Response } from "express";

// Runs before Bolt on POST /slack/events. A signed body that is not a Slack request Tandem knows (a JSON
// null, an event_callback without an event, a form without a command...) gets a quick 400 here; Bolt would
// otherwise throw (500) or never acknowledge it (404 after 3 s). Unsigned requests go on to Bolt's 401.

const INTERACTIVE = new Set(["block_actions", "view_submission", "view_closed", "message_action", "shortcut", "block_suggestion"]);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === "string" && v.length > 0;

// Bolt keeps per-team clients in a plain object: a team id such as "constructor" breaks it. Slack ids are
// upper-case letters and digits.
const isTeamId = (v: unknown) => v === undefined || v === null || (typeof v === "string" && /^[A-Z][A-Z0-9]{1,30}$/.test(v));

// Fields Bolt reads before any listener runs ("'id' in channel", "user.id"): absent, an id, or an object.
const idOrObject = (v: unknown) => v === undefined || isText(v) || isObject(v);
const objectIfPresent = (v: unknown, nullable = false) => v === undefined || isObject(v) || (nullable && v === null);

/** True for the request shapes Bolt can route: Events API envelopes, slash commands, interactivity payloads. */
export function isSlackRequest(body: unknown): boolean {
  if (!isObject(body)) return false;
  if (body.type === "url_verification") return isText(body.challenge);
  if (body.type === "ssl_check" || body.type === "app_rate_limited") return true;
  if (![body.team_id, body.enterprise_id, isObject(body.team) ? body.team.id : undefined, isObject(body.enterprise) ? body.enterprise.id : undefined].every(isTeamId)) return false;
  if (body.type === "event_callback") {
    const e = body.event;
    if (!isObject(e) || !isText(e.type) || (body.event_id !== undefined && !isText(body.event_id))) return false;
    if (!["channel", "user", "team", "user_team", "source_team"].every((k) => idOrObject(e[k]))) return false;
    return objectIfPresent(e.item) && (!isObject(e.item) || idOrObject(e.item.channel));
  }
  if (typeof body.type === "string" && INTERACTIVE.has(body.type)) {
    if (!isObject(body.user) || !isText(body.user.id)) return false;
    if (!objectIfPresent(body.team, true) || !objectIfPresent(body.enterprise, true)) return false;
    if (!["channel", "container", "message", "view"].every((k) => objectIfPresent(body[k]))) return false;
    // What Bolt matches listeners on: action ids, callback ids.
    if (body.type === "block_actions" || body.type === "block_suggestion") {
      const actions = body.type === "block_actions" ? body.actions : [body];
      return Array.isArray(actions) && actions.length > 0 && actions.every((a) => isObject(a) && isText(a.action_id) && (a.block_id === undefined || typeof a.block_id === "string"));
    }
    if (body.type === "view_submission" || body.type === "view_closed") return isObject(body.view) && typeof body.view.callback_id === "string";
    return isText(body.callback_id);
  }
  if (body.type === undefined && isText(body.command)) return isText(body.user_id) && isText(body.channel_id) && isText(body.team_id);
  return false;
}

/** Slack's replay window: a request stamped more than 5 minutes away from now, either way, is refused. */
const WINDOW_SECONDS = 300;

/** A timestamp in the future beyond the window (Bolt itself only refuses old ones). */
function fromTheFuture(headers: Request["headers"]): boolean {
  const ts = Number(headers["x-slack-request-timestamp"]);
  return Number.isFinite(ts) && ts > Math.floor(Date.now() / 1000) + WINDOW_SECONDS;
}

function signedBy(secret: string, raw: string, headers: Request["headers"]): boolean {
  const ts = Number(headers["x-slack-request-timestamp"]);
  const sig = headers["x-slack-signature"];
  if (!Number.isFinite(ts) || typeof sig !== "string" || Math.abs(ts - Math.floor(Date.now() / 1000)) > WINDOW_SECONDS) return false;
  const want = Buffer.from("v0=" + createHmac("sha256", secret).update(`v0:${ts}:${raw}`).digest("hex"));
  const got = Buffer.from(sig);
  return got.length === want.length && timingSafeEqual(got, want);
}

/** "application/x-www-form-urlencoded; charset=utf-8" -> "application/x-www-form-urlencoded". */
function mediaType(contentType: string | undefined): string | undefined {
  return contentType?.split(";")[0].trim().toLowerCase();
}

function parse(raw: string, contentType: string | undefined): unknown {
  if (contentType === "application/x-www-form-urlencoded") {
    const form = querystring.parse(raw);
    return typeof form.payload === "string" ? JSON.parse(form.payload) : form;
  }
  return JSON.parse(raw);
}

/** Reads the body once (Bolt reuses `req.rawBody`), and refuses signed bodies Bolt cannot route. */
export function slackGate(signingSecret: string, bodyLimit: number): Router {
  const router = Router();
  router.post("/slack/events", express.raw({ type: () => true, limit: bodyLimit }), (req: Request, res: Response, next: NextFunction) => {
    const raw: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    (req as Request & { rawBody?: Buffer }).rawBody = raw;
    const text = raw.toString("utf8");
    // Bolt refuses only old timestamps: a future one is refused here, the same way (a replay waiting to happen).
    if (fromTheFuture(req.headers)) return void res.status(401).send();
    // Bolt compares the content type exactly: with a parameter (charset) it would read a form as JSON and fail.
    const type = mediaType(req.headers["content-type"]);
    if (type) req.headers["content-type"] = type;
    if (!signedBy(signingSecret, text, req.headers)) return next(); // Bolt answers 401
    let body: unknown;
    try {
      body = parse(text, req.headers["content-type"]);
    } catch {
      return void res.status(400).json({ error: "malformed body" });
    }
    if (!isSlackRequest(body)) return void res.status(400).json({ error: "not a Slack request Tandem understands" });
    next();
  });
  return router;
}
