import type { JobHandler, Jobs } from "../../core/ports/jobs";
import type { Tenancy } from "../../core/ports/tenancy";
import type { Logger } from "../../logger";
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signBody } from "./signature";
import { nextTry, type RetryPolicy } from "../retry-policy";
import { WEBHOOK_JOB, webhookOf } from "./sink";

export interface DeliveryOptions {
  /** How long a failing delivery is retried (RETRY_WINDOW); the job is then left failed with the last error. */
  windowMs?: number;
  timeoutMs?: number;
}

/** A client's webhook: 30 s, 1 min, 2 min ... then hourly, for the retry window. */
const WEBHOOK_BACKOFF = { firstDelayMs: 30_000, maxDelayMs: 3_600_000 };

/**
 * POSTs one ticket event to the client's webhook, signed (settings read at delivery time, so a fixed URL or a rotated
 * secret applies to retries). A failure schedules the next attempt with the retry policy's backoff as a new durable
 * job, until RETRY_WINDOW after the first failure.
 */
export function webhookDelivery(deps: { tenancy: Tenancy; jobs: Jobs; log: Logger }, o: DeliveryOptions = {}): JobHandler {
  const policy: RetryPolicy = { ...WEBHOOK_BACKOFF, windowMs: o.windowMs ?? 24 * 3_600_000 };
  return async (payload, ctx) => {
    const clientId = String(payload.clientId ?? "");
    const body = String(payload.body ?? "");
    const delivery = String(payload.delivery ?? "");
    const attempt = Number(payload.attempt ?? 1);
    const client = await deps.tenancy.client(clientId);
    const hook = client ? webhookOf(client.settings) : null;
    if (!hook) return; // switched off since: nothing to deliver to
    let problem: string | null = null;
    try {
      const res = await fetch(hook.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "Tandem-Webhook/1",
          [SIGNATURE_HEADER]: signBody(hook.secret, body),
          [TIMESTAMP_HEADER]: String(Math.floor(ctx.now.getTime() / 1000)),
          [EVENT_HEADER]: String(payload.type ?? ""),
          [DELIVERY_HEADER]: delivery,
        },
        body,
        signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) problem = `HTTP ${res.status}`;
    } catch (err) {
      problem = (err as Error).message || String(err);
    }
    if (!problem) return;
    const firstFailedAt = new Date(String(payload.firstFailedAt ?? ctx.now.toISOString()));
    const next = nextTry(policy, { attempt, firstFailedAt, now: ctx.now });
    if ("expired" in next) throw new Error(`webhook delivery ${delivery} to ${hook.url} failed ${attempt} times, ${next.expired}; last: ${problem}`);
    const runAt = new Date(ctx.now.getTime() + next.retryInMs);
    deps.log.warn({ delivery, attempt, problem, retryAt: runAt.toISOString() }, "webhook delivery failed, will retry");
    await deps.jobs.schedule({
      kind: WEBHOOK_JOB,
      key: `webhook:${delivery}:${attempt + 1}`,
      runAt,
      payload: { ...payload, attempt: attempt + 1, firstFailedAt: firstFailedAt.toISOString() },
    });
  };
}
