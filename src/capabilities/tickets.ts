// Composition of the tickets capability: Prisma repositories, the webhook sink for the client's PSA, the core
// feature, and the durable timers (acknowledgement re-pages, webhook deliveries).
import type { CapabilityFactory } from "../features";
import { PrismaTicketRepository } from "../adapters/db/ticket-repo";
import { PrismaHourBank } from "../adapters/db/hours-repo";
import { PrismaPageLog } from "../adapters/db/page-log-repo";
import { WebhookTicketSink, WEBHOOK_JOB } from "../adapters/webhook/sink";
import { webhookDelivery } from "../adapters/webhook/deliver";
import type { TicketDeps } from "../core/tickets/desk";
import { OutboxRepository } from "../adapters/db/outbox-repo";
import { ticketJobs, ticketsFeature } from "../core/tickets/feature";

export const ticketsCapability: CapabilityFactory = (deps) => {
  const desk: TicketDeps = {
    tickets: new PrismaTicketRepository(deps.prisma),
    hours: new PrismaHourBank(deps.prisma),
    sink: new WebhookTicketSink(deps.tenancy, deps.jobs, deps.clock),
    jobs: deps.jobs,
    tenancy: deps.tenancy,
    audit: deps.audit,
    matrices: deps.matrices,
    directory: deps.directory,
    names: deps.names,
    pages: new PrismaPageLog(deps.prisma),
    identities: deps.identities,
    cards: new OutboxRepository(deps.prisma),
    messages: deps.messages,
  };
  return {
    features: [ticketsFeature(desk)],
    jobs: { ...ticketJobs(desk), [WEBHOOK_JOB]: webhookDelivery({ tenancy: deps.tenancy, jobs: deps.jobs, log: deps.log }, { windowMs: deps.config.RETRY_WINDOW }) },
  };
};
