// Composition of the capabilities: each builds its repositories over Prisma and hands the core feature its ports.
// One entry per capability; the router and the job runner get everything from here.
import type { Config } from "./config";
import type { Logger } from "./logger";
import type { Feature } from "./core/conversation/feature";
import type { Clock } from "./core/ports/clock";
import type { JobHandler, Jobs } from "./core/ports/jobs";
import type { AuditLog, Tenancy } from "./core/ports/tenancy";
import type { Prisma } from "./adapters/db/connect";

export interface FeatureDeps {
  config: Config;
  log: Logger;
  prisma: Prisma;
  tenancy: Tenancy;
  audit: AuditLog;
  jobs: Jobs;
  clock: Clock;
}

export interface Capability {
  features: Feature[];
  jobs?: Record<string, JobHandler>;
}

export type CapabilityFactory = (deps: FeatureDeps) => Capability;

/** Every capability beyond help, in the order their free-text handlers are tried. */
export const CAPABILITIES: CapabilityFactory[] = [];
