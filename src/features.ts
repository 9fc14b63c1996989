// Composition of the capabilities: each builds its repositories over Prisma and hands the core feature its ports.
// One entry per capability; the router and the job runner get everything from here.
import type { Config } from "./config";
import type { Logger } from "./logger";
import type { Feature } from "./core/conversation/feature";
import type { Clock } from "./core/ports/clock";
import type { JobHandler, Jobs } from "./core/ports/jobs";
import type { AuditLog, Tenancy } from "./core/ports/tenancy";
import type { Prisma } from "./adapters/db/connect";
import type { Client as GraphClient } from "@microsoft/microsoft-graph-client";
import type { Directory } from "./core/ports/directory";
import type { Names } from "./core/ports/names";
import type { MatrixStore } from "./core/matrix/store";
import type { Identities } from "./core/ports/identities";
import type { MessageReaders } from "./core/ports/messages";
import { whoHandlesCapability } from "./capabilities/who-handles";
import { ticketsCapability } from "./capabilities/tickets";
import { incidentsCapability } from "./capabilities/incidents";
import { cadenceCapability } from "./capabilities/cadence";
import { membershipCapability } from "./capabilities/membership";

import type { ReplyFitter } from "./adapters/outbox/fit";

export interface FeatureDeps {
  config: Config;
  log: Logger;
  prisma: Prisma;
  tenancy: Tenancy;
  audit: AuditLog;
  jobs: Jobs;
  clock: Clock;
  /** Out of office (Graph when configured, otherwise nobody is ever away). */
  directory: Directory;
  /** The client's matrix versions; one instance so the parsed matrix (and its routing index) is shared. */
  matrices: MatrixStore;
  /** One display name per person (matrix, people list, platform profile). */
  names: Names;
  /** Test-only: origins of local fakes that file downloads may reach (otherwise only public https addresses). */
  fetchOrigins?: readonly string[];
  /** Microsoft Graph, or null without GRAPH_* configuration. */
  graph: GraphClient | null;
  /** Home tenant or workspace of each person (shared channels). */
  identities: Identities;
  /** Reads messages back from their platform (filled in once the platforms' clients exist). */
  messages?: MessageReaders;
  /** Makes replies fit their platform's limits before they are stored (rows written outside the outbox port). */
  fitter?: ReplyFitter;
}

export interface Capability {
  features: Feature[];
  jobs?: Record<string, JobHandler>;
}

export type CapabilityFactory = (deps: FeatureDeps) => Capability;

/** Every capability beyond help, in the order their free-text handlers are tried. */
export const CAPABILITIES: CapabilityFactory[] = [
  whoHandlesCapability,
  ticketsCapability,
  incidentsCapability,
  cadenceCapability,
  membershipCapability,
];
