import type { Clock } from "../../core/ports/clock";
import type { Jobs } from "../../core/ports/jobs";
import type { Tenancy } from "../../core/ports/tenancy";
import type { TicketSink, TicketSinkEvent } from "../../core/tickets/ports";

export const WEBHOOK_JOB = "ticket-webhook";

export interface WebhookSettings {
  url: string;
  secret: string;
  events?: string[];
}

export function webhookOf(settings: Record<string, unknown>): WebhookSettings | null {
  const w = settings.webhook as Partial<WebhookSettings> | undefined;
  return w && typeof w.url === "string" && w.url && typeof w.secret === "string" ? { url: w.url, secret: w.secret, events: w.events } : null;
}

/**
 * The generic signed webhook for a client's PSA (Client.settings.webhook; off when absent). Each event becomes a
 * durable job, so a PSA that is down gets it later instead of never.
 */
export class WebhookTicketSink implements TicketSink {
  constructor(
    private readonly tenancy: Tenancy,
    private readonly jobs: Jobs,
    private readonly clock: Clock,
  ) {}

  async publish(event: TicketSinkEvent): Promise<void> {
    const client = await this.tenancy.client(event.clientId);
    const hook = client ? webhookOf(client.settings) : null;
    if (!hook) return;
    if (hook.events?.length && !hook.events.includes(event.type)) return;
    await this.jobs.schedule({
      kind: WEBHOOK_JOB,
      key: `webhook:${event.id}:1`,
      runAt: this.clock.now(),
      payload: { clientId: event.clientId, delivery: event.id, type: event.type, body: JSON.stringify(event), attempt: 1 },
    });
  }
}
