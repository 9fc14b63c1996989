// Composition of the cadence capability: schedules, runs and the operations snapshot over Prisma, the QBR
// calendar over Graph when configured, the `schedule` command and card buttons, and the durable runner.
import type { CapabilityFactory } from "../features";
import { PrismaCadenceSource } from "../adapters/db/cadence-repo";
import { GraphCalendar } from "../adapters/graph/calendar";
import { CadenceRunner, cadenceTickHandler, startCadence } from "../adapters/scheduler/cadence";
import { CADENCE_TICK_JOB, cadenceFeature } from "../core/schedules/feature";
import { SNOOZE_JOB, snoozeEndedHandler } from "../core/schedules/feature-standup";

export const cadenceCapability: CapabilityFactory = (deps) => {
  const source = new PrismaCadenceSource(deps.prisma);
  const calendar = deps.graph ? new GraphCalendar(deps.graph) : null;
  const runner = new CadenceRunner({ prisma: deps.prisma, tenancy: deps.tenancy, source, log: deps.log, calendarConfigured: !!calendar, fitter: deps.fitter });
  const feature = cadenceFeature({ store: runner.store, runs: runner.runs, source, audit: deps.audit, jobs: deps.jobs, calendar });
  // Disabled: schedules can still be listed and changed, and wake-ups queued by changes finish without posting.
  const enabled = deps.config.CADENCE_ENABLED;
  if (enabled) startCadence(deps.jobs, deps.clock, deps.log);
  return {
    features: [feature],
    jobs: {
      [CADENCE_TICK_JOB]: enabled ? cadenceTickHandler(runner, deps.jobs) : async () => [],
      [SNOOZE_JOB]: snoozeEndedHandler({ runs: runner.runs }),
    },
  };
};
