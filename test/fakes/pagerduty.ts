import RESPONSES from "../fixtures/pagerduty/responses.json";
import { HttpFake, type RecordedCall } from "./http-fake";

/** An alert as PagerDuty keeps it: one per (routing key, dedup key) while open. */
export interface FakeAlert {
  routingKey: string;
  dedupKey: string;
  summary: string;
  severity: string;
  status: "triggered" | "acknowledged" | "resolved";
  triggers: number;
}

const SEVERITIES = new Set(["critical", "error", "warning", "info"]);
const ACTIONS = new Set(["trigger", "acknowledge", "resolve"]);

/**
 * PagerDuty's Events API v2 (POST /v2/enqueue) as documented (test/fixtures/pagerduty/README.md): validates the event,
 * answers 202 with the dedup key, 400 "invalid event" with the errors, 429 over ~120 events a minute per routing key,
 * and keeps alerts by (routing key, dedup key): acknowledge and resolve apply to an open alert sent through the same
 * key and are dropped otherwise. `failNext` makes the next answers 429 or 5xx.
 */
export class FakePagerDuty extends HttpFake {
  readonly alerts: FakeAlert[] = [];
  private readonly perKey = new Map<string, number[]>();
  private failures: number[] = [];
  /** Events per minute per routing key before 429. */
  limitPerMinute = 120;

  constructor() {
    super((call) => this.answer(call));
  }

  get eventsUrl(): string {
    return `${this.url}/v2/enqueue`;
  }

  /** The next answers, in order: 429 or a 5xx status each. */
  failNext(...statuses: number[]): void {
    this.failures.push(...statuses);
  }

  /** Events PagerDuty accepted (202). */
  accepted(): RecordedCall[] {
    return this.calls.filter((c) => !c.refused && c.path === "/v2/enqueue");
  }

  alert(dedupKey: string): FakeAlert | undefined {
    return [...this.alerts].reverse().find((a) => a.dedupKey === dedupKey);
  }

  private refuse(call: RecordedCall, response: { status: number; body: unknown }, why: string) {
    call.refused = why;
    return response;
  }

  private answer(call: RecordedCall) {
    if (call.method !== "POST" || call.path !== "/v2/enqueue") return { status: 404, body: { status: "error", message: "Not Found" } };
    const failure = this.failures.shift();
    if (failure === 429) return this.refuse(call, RESPONSES.rateLimited, "429");
    if (failure) return this.refuse(call, { ...RESPONSES.serverError, status: failure }, String(failure));
    const e = call.body as Record<string, any>;
    if (!e || typeof e !== "object") return this.refuse(call, { ...RESPONSES.invalidEvent, body: { ...RESPONSES.invalidEvent.body, errors: ["Event object must be JSON"] } }, "400");
    if (typeof e.routing_key !== "string" || e.routing_key.length !== 32) return this.refuse(call, RESPONSES.invalidRoutingKey, "400 routing_key");
    const errors: string[] = [];
    if (!ACTIONS.has(e.event_action)) errors.push("'event_action' is invalid (must be one of: trigger, acknowledge, resolve)");
    if (e.dedup_key !== undefined && (typeof e.dedup_key !== "string" || e.dedup_key.length > 255)) errors.push("'dedup_key' must be a string of at most 255 characters");
    if (e.event_action === "trigger") {
      const p = e.payload ?? {};
      if (typeof p.summary !== "string" || !p.summary) errors.push("'payload.summary' is missing or blank");
      else if (p.summary.length > 1024) errors.push("'payload.summary' is too long (max 1024 characters)");
      if (typeof p.source !== "string" || !p.source) errors.push("'payload.source' is missing or blank");
      if (!SEVERITIES.has(p.severity)) errors.push("'payload.severity' is invalid (must be one of: critical, error, warning, info)");
    } else if (typeof e.dedup_key !== "string" || !e.dedup_key) errors.push("'dedup_key' is required for acknowledge and resolve events");
    if (errors.length) return this.refuse(call, { ...RESPONSES.invalidEvent, body: { ...RESPONSES.invalidEvent.body, errors } }, `400 ${errors.join("; ")}`);

    const now = Date.now();
    const recent = (this.perKey.get(e.routing_key) ?? []).filter((t) => now - t < 60_000);
    if (recent.length >= this.limitPerMinute) return this.refuse(call, RESPONSES.rateLimited, "429 per key");
    recent.push(now);
    this.perKey.set(e.routing_key, recent);

    const dedupKey: string = e.dedup_key ?? `pd-${now}-${this.alerts.length}`;
    const open = this.alerts.find((a) => a.routingKey === e.routing_key && a.dedupKey === dedupKey && a.status !== "resolved");
    if (e.event_action === "trigger") {
      if (open) open.triggers++;
      else this.alerts.push({ routingKey: e.routing_key, dedupKey, summary: e.payload.summary, severity: e.payload.severity, status: "triggered", triggers: 1 });
    } else if (open) {
      open.status = e.event_action === "acknowledge" ? "acknowledged" : "resolved";
    }
    return { status: RESPONSES.accepted.status, body: { ...RESPONSES.accepted.body, dedup_key: dedupKey } };
  }
}
