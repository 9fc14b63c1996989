// When a page also rings a phone, and through which of the client's routing keys (Client.settings.paging, set with
// `tandem paging set`): always for sev-1, and below sev-1 outside business hours unless the client said otherwise.
import type { Party } from "../matrix/model";
import type { ClientSettings } from "../ports/tenancy";
import type { PhoneAction, PhoneCall } from "./model";

export interface PagingSettings {
  provider: "pagerduty" | "webhook";
  /** PagerDuty Events API v2 integration keys (32 characters), one per side's on-call service. */
  pagerduty?: Partial<Record<Party, string>>;
  /** A signed webhook (Opsgenie, an SMS gateway, a PSA): the same events, HMAC-signed like the ticket webhook. */
  webhook?: { url: string; secret: string };
  /** Below sev-1: "after-hours" (default), "always" or "never". */
  belowSev1?: "after-hours" | "always" | "never";
}

export function pagingOf(settings: ClientSettings): PagingSettings | null {
  const p = settings.paging as Partial<PagingSettings> | undefined;
  if (!p || (p.provider !== "pagerduty" && p.provider !== "webhook")) return null;
  return p as PagingSettings;
}

/** True when this side can be rung: a routing key for it, or a webhook (which serves both sides). */
export function canRing(settings: ClientSettings, side: Party): boolean {
  const p = pagingOf(settings);
  if (!p) return false;
  return p.provider === "webhook" ? !!p.webhook?.url : !!p.pagerduty?.[side];
}

/** Whether a page of this severity, at this moment, also goes to the phone. */
export function ringsPhone(settings: ClientSettings, severity: number, afterHours: boolean): boolean {
  const p = pagingOf(settings);
  if (!p) return false;
  if (severity === 1) return true;
  const rule = p.belowSev1 ?? "after-hours";
  return rule === "always" || (rule === "after-hours" && afterHours);
}

export function phoneCall(input: Omit<PhoneCall, "action" | "at">, action: PhoneAction, at: Date): PhoneCall {
  return { ...input, action, at: at.toISOString() };
}
