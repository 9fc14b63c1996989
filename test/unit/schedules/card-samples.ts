// The cadence cards' data built from the seeded September 2026 snapshot: the samples in cards/samples are these.
import { buildMonthlyReport } from "../../../src/core/schedules/monthly-report";
import { monthlyReportCard } from "../../../src/core/schedules/monthly-report-card";
import { buildQbrAgenda } from "../../../src/core/schedules/qbr-agenda";
import { qbrCard } from "../../../src/core/schedules/qbr-card";
import { scheduleListCard } from "../../../src/core/schedules/schedule-admin";
import { defaultSchedules } from "../../../src/core/schedules/schedule";
import { buildStandupAgenda } from "../../../src/core/schedules/standup-agenda";
import { standupAgendaView, standupCard } from "../../../src/core/schedules/standup-card";
import { seededSnapshot } from "./cadence-seed";

export const TZ = "America/Toronto";
const t = (s: string) => new Date(s);
export const RUN_ID = "run-sample-0001";
export const KEY = `cadence:${RUN_ID}:slack:C0SHARED`;

export function standupViewSample() {
  const now = t("2026-09-28T13:30:00Z");
  const agenda = buildStandupAgenda({
    snapshot: seededSnapshot(), since: t("2026-09-21T13:30:00Z"), now, timezone: TZ,
    standups: [
      { occurrenceAt: t("2026-09-14T13:30:00Z"), heldAt: null },
      { occurrenceAt: t("2026-09-21T13:30:00Z"), heldAt: t("2026-09-21T14:00:00Z") },
    ],
  });
  return standupAgendaView(agenda, { clientName: "Maple Ridge", title: "Weekly standup", occurrenceAt: now, timezone: TZ });
}

export function standupSample() {
  const now = t("2026-09-28T13:30:00Z");
  const view = standupViewSample();
  const run = {
    id: RUN_ID, heldAt: null, heldBy: null,
    state: { kind: "standup" as const, timezone: TZ, posts: [], notes: [{ text: "Printer lease renewal", by: "Alex Example", at: "2026-09-28T13:35:00.000Z" }] },
  };
  return standupCard(view, run, KEY, TZ, now);
}

export function monthlySample() {
  const report = buildMonthlyReport({ clientName: "Maple Ridge", snapshot: seededSnapshot(), month: "2026-09", timezone: TZ, now: t("2026-10-01T14:00:00Z") });
  return monthlyReportCard(report, "maple-ridge");
}

export function qbrSample() {
  const now = t("2026-10-01T13:00:00Z");
  const agenda = buildQbrAgenda({ snapshot: seededSnapshot(), qbrDate: "2026-10-15", timezone: TZ, now });
  return qbrCard(agenda, { clientName: "Maple Ridge", phase: "lead", timezone: TZ, now, calendarConfigured: true, key: KEY, scheduleId: "sched-qbr-0001", runId: RUN_ID });
}

export function scheduleListSample() {
  const [standup, monthly, qbr] = defaultSchedules({ clientId: "maple-ridge", timezone: TZ, qbrDates: ["2026-10-15"] });
  const stored = [standup!, monthly!, qbr!].map((schedule) => ({ name: schedule.kind, schedule, organizer: null, processedThrough: t("2026-09-28T12:00:00Z") }));
  return scheduleListCard("Maple Ridge", stored, t("2026-09-28T12:00:00Z"));
}

export const SAMPLES = { standup: standupSample, "monthly-report": monthlySample, qbr: qbrSample, "schedule-list": scheduleListSample } as const;
