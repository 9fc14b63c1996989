// The outbox's sender for phone pages (platform "phone"): the client's provider and keys are read at send time, so a
// rotated routing key or webhook secret applies to retries. Retries and backoff are the outbox's.
import type { Outgoing } from "../../core/conversation/reply";
import { pagingOf } from "../../core/paging/policy";
import type { Tenancy } from "../../core/ports/tenancy";
import { SendError, type ChatSender } from "../outbox/sender";
import { pagerDutyEvent, sendToPagerDuty } from "./pagerduty";
import { sendToPageWebhook } from "./webhook";

export interface PhoneSenderOptions {
  pagerDutyUrl: string;
  timeoutMs: number;
  /** Links back to Tandem in the alert (PUBLIC_URL). */
  publicUrl?: string;
}

export class PhoneSender implements ChatSender {
  constructor(
    private readonly tenancy: Tenancy,
    private readonly opts: PhoneSenderOptions,
  ) {}

  async send(item: Outgoing): Promise<{ messageId: string } | void> {
    if (item.op !== "phone") throw new SendError(`the phone sender cannot send a ${item.op}`, "permanent");
    const call = item.call;
    const client = await this.tenancy.client(call.clientId);
    const paging = client ? pagingOf(client.settings) : null;
    if (!paging) throw new SendError(`phone paging is not configured for client ${call.clientId} (tandem paging set)`, "permanent");
    if (paging.provider === "webhook") {
      if (!paging.webhook?.url) throw new SendError("the paging webhook has no url", "permanent");
      await sendToPageWebhook(paging.webhook, call, `${call.dedupKey}:${call.action}:${call.at}`, this.opts.timeoutMs);
      return { messageId: `${call.dedupKey}:${call.action}` };
    }
    const key = paging.pagerduty?.[call.side];
    if (!key) throw new SendError(`no PagerDuty routing key for the ${call.side === "msp" ? "MSP" : "internal IT"} side of client ${call.clientId}`, "permanent");
    await sendToPagerDuty(this.opts.pagerDutyUrl, pagerDutyEvent(call, key, this.opts.publicUrl), this.opts.timeoutMs);
    return { messageId: call.dedupKey };
  }
}
