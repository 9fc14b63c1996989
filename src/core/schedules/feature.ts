// The cadence capability in chat: the `schedule` command (admins) and the standup and QBR card buttons.
import { actorKey } from "../conversation/events";
import type { Feature } from "../conversation/feature";
import { replyTo } from "../conversation/router";
import type { Jobs } from "../ports/jobs";
import type { AuditLog } from "../ports/tenancy";
import type { CadenceRuns, CadenceSource, QbrCalendar, ScheduleStore, StoredSchedule } from "./cadence-ports";
import { qbrActions } from "./feature-qbr";
import { standupActions } from "./feature-standup";
import { nextRun } from "./next-run";
import { reportCommand } from "./report-command";
import { SCHEDULE_USAGE, runScheduleCommand } from "./schedule-admin";

export const CADENCE_TICK_JOB = "cadence-tick";

export interface CadenceFeatureDeps {
  store: ScheduleStore;
  runs: CadenceRuns;
  source: CadenceSource;
  audit: AuditLog;
  jobs: Jobs;
  calendar: QbrCalendar | null;
}

/** Wakes the cadence runner at `at` (keys by instant, so asking twice for the same moment queues one job). */
export async function wakeCadenceAt(jobs: Jobs, at: Date): Promise<void> {
  await jobs.schedule({ kind: CADENCE_TICK_JOB, key: `${CADENCE_TICK_JOB}@${at.toISOString()}`, runAt: at });
}

/** After a change, the runner must look again by the schedule's next occurrence (it may be sooner than planned). */
export async function wakeForChange(jobs: Jobs, changed: StoredSchedule | undefined, now: Date): Promise<void> {
  if (!changed) return;
  const next = nextRun(changed.schedule, now);
  if (next) await wakeCadenceAt(jobs, next.at);
}

const verbOf = (args: string) => (args.trim().split(/\s+/)[0] || "list").toLowerCase();

export function cadenceFeature(deps: CadenceFeatureDeps): Feature {
  return {
    name: "cadence",
    commands: [
      {
        name: "schedule",
        aliases: ["schedules"],
        summary: "List or change the standup, monthly report, QBR and custom reminders (admins)",
        usage: "schedule list | set | change | pause | resume | skip-next | remove ...",
        audience: ["admin"],
        access: (args) => (verbOf(args) === "list" ? "schedule.list" : "schedule.change"),
        run: async (turn, args) => {
          const verb = verbOf(args);
          const entry = { clientId: turn.client.id, actor: actorKey(turn.actor), action: `schedule.${verb}`, place: `${turn.event.channel.platform}:${turn.event.channel.id}`, detail: { args } };
          const result = await runScheduleCommand({ store: deps.store, clientId: turn.client.id, clientName: turn.client.name, now: turn.now }, args);
          if (verb !== "list") await deps.audit.record({ ...entry, outcome: "allowed" });
          await wakeForChange(deps.jobs, result.changed, turn.now);
          return [replyTo(turn, { text: result.text, ...(result.card ? { card: result.card } : {}) })];
        },
      },
      reportCommand(deps),
    ],
    actions: [...standupActions(deps), ...qbrActions(deps)],
  };
}

export { SCHEDULE_USAGE };
