// PagerDuty Events API v2: one POST per event to /v2/enqueue with the client's integration (routing) key for the side.
import type { PhoneCall } from "../../core/paging/model";
import { SendError } from "../outbox/sender";

const SEVERITY = { 1: "critical", 2: "error", 3: "warning", 4: "info" } as const;

/** The event body: a trigger carries the alert; acknowledge and resolve only name it. */
export function pagerDutyEvent(call: PhoneCall, routingKey: string, clientUrl?: string): Record<string, unknown> {
  const base = { routing_key: routingKey, event_action: call.action, dedup_key: call.dedupKey };
  if (call.action !== "trigger") return base;
  return {
    ...base,
    payload: {
      summary: call.summary.slice(0, 1024),
      source: call.source,
      severity: SEVERITY[call.severity],
      timestamp: call.at,
      component: "tandem",
      group: call.clientId,
      class: call.side === "msp" ? "msp page" : "internal IT page",
      custom_details: { side: call.side, paged: call.people ?? [] },
    },
    client: "Tandem",
    ...(clientUrl ? { client_url: clientUrl } : {}),
  };
}

/**
 * Sends one event. 202 is done; 400 is permanent (the errors say why); 429, 5xx and network failures are retried by
 * the outbox (PagerDuty suggests waiting a while: 30 s when it gives no Retry-After).
 */
export async function sendToPagerDuty(url: string, event: Record<string, unknown>, timeoutMs: number): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(event), signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    throw new SendError(`PagerDuty unreachable: ${(err as Error).message}`, "transient");
  }
  const body = (await res.json().catch(() => ({}))) as { message?: string; errors?: string[] };
  if (res.status === 202 || res.ok) return;
  const why = [body.message, ...(body.errors ?? [])].filter(Boolean).join(": ") || `HTTP ${res.status}`;
  if (res.status === 429) {
    const ra = Number(res.headers.get("retry-after"));
    throw new SendError(`PagerDuty rate limit (${why})`, "rate-limited", Number.isFinite(ra) && ra > 0 ? ra * 1000 : 30_000);
  }
  if (res.status >= 500 || res.status === 408) throw new SendError(`PagerDuty HTTP ${res.status}`, "transient");
  throw new SendError(`PagerDuty refused the event (HTTP ${res.status}: ${why})`, "permanent");
}
