// Composition of the incident capability: Prisma repositories handed to the core feature, plus its durable timer.
import type { CapabilityFactory } from "../features";
import { PrismaIncidentPeople, PrismaIncidentStore, PrismaTicketLookup } from "../adapters/db/incident-repo";
import { PrismaPlaybookLibrary } from "../adapters/db/playbook-repo";
import { PrismaPageLog } from "../adapters/db/page-log-repo";
import { incidentCapability } from "../core/incidents/feature";
import { isBusinessTime } from "../core/matrix/hours";
import { zonesOf } from "../core/matrix/zones";

export const incidentsCapability: CapabilityFactory = (deps) => {
  const { feature, jobs } = incidentCapability({
    incidents: new PrismaIncidentStore(deps.prisma),
    playbooks: new PrismaPlaybookLibrary(deps.prisma),
    tickets: new PrismaTicketLookup(deps.prisma),
    people: new PrismaIncidentPeople(deps.prisma, deps.names),
    audit: deps.audit,
    jobs: deps.jobs,
    businessHours: async (clientId, at) => {
      const stored = await deps.matrices.current(clientId);
      return stored ? isBusinessTime(stored.matrix.businessHours, at) : false;
    },
    pages: new PrismaPageLog(deps.prisma),
    clients: deps.tenancy,
    zones: async (clientId) => zonesOf((await deps.matrices.current(clientId))?.matrix, (await deps.tenancy.client(clientId)) ?? { timezone: "UTC" }),
  });
  return { features: [feature], jobs };
};
