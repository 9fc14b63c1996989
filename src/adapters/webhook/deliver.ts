import type { JobHandler, Jobs } from "../../core/ports/jobs";
import type { Tenancy } from "../../core/ports/tenancy";
import type { Logger } from "../../logger";
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signBody } from "./signature";
import { WEBHOOK_JOB, webhookOf } from "./sink";

export interface DeliveryOptions {
  /** Attempts before giving up (the job is then left failed with the last error, visible in the database). */
  maxAttempts?: number;
  /** Delay before the first retry; doubles each time up to `maxDelayMs`. */
  firstDelayMs?: number;
  maxDelayMs?: number;
  timeoutMs?: number;
}

export function retryDelay(attempt: number, o: DeliveryOptions = {}): number {
  return Math.min(o.maxDelayMs ?? 3_600_000, (o.firstDelayMs ?? 30_000) * 2 ** (attempt - 1));
}

/**
 * POSTs one ticket event to the client's webhook, signed (settings read at delivery time, so a fixed URL or a rotated
 * secret applies to retries). A failure schedules the next attempt with backoff as a new durable job.
 */
export function webhookDelivery(deps: { tenancy: Tenancy; jobs: Jobs; log: Logger }, o: DeliveryOptions = {}): JobHandler {
  const max = o.maxAttempts ?? 12;
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
    if (attempt >= max) throw new Error(`webhook delivery ${delivery} to ${hook.url} failed ${attempt} times; last: ${problem}`);
    const runAt = new Date(ctx.now.getTime() + retryDelay(attempt, o));
    deps.log.warn({ delivery, attempt, problem, retryAt: runAt.toISOString() }, "webhook delivery failed, will retry");
    await deps.jobs.schedule({ kind: WEBHOOK_JOB, key: `webhook:${delivery}:${attempt + 1}`, runAt, payload: { ...payload, attempt: attempt + 1 } });
  };
}
