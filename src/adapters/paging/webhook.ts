// A generic signed webhook for phone paging (Opsgenie, an SMS gateway, a PSA): the same signature and headers as the
// ticket webhook, so one receiver can check both.
import type { PhoneCall } from "../../core/paging/model";
import { SendError } from "../outbox/sender";
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signBody } from "../webhook/signature";

export async function sendToPageWebhook(hook: { url: string; secret: string }, call: PhoneCall, delivery: string, timeoutMs: number): Promise<void> {
  const body = JSON.stringify({ type: `page.${call.action}`, ...call });
  let res: Response;
  try {
    res = await fetch(hook.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Tandem-Webhook/1",
        [SIGNATURE_HEADER]: signBody(hook.secret, body),
        [TIMESTAMP_HEADER]: String(Math.floor(Date.now() / 1000)),
        [EVENT_HEADER]: `page.${call.action}`,
        [DELIVERY_HEADER]: delivery,
      },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw new SendError(`paging webhook unreachable: ${(err as Error).message}`, "transient");
  }
  await res.arrayBuffer().catch(() => undefined);
  if (res.ok) return;
  if (res.status === 429) {
    const ra = Number(res.headers.get("retry-after"));
    throw new SendError("paging webhook rate limit", "rate-limited", Number.isFinite(ra) && ra > 0 ? ra * 1000 : 30_000);
  }
  if (res.status >= 500 || res.status === 408) throw new SendError(`paging webhook HTTP ${res.status}`, "transient");
  throw new SendError(`paging webhook refused the page (HTTP ${res.status})`, "permanent");
}
