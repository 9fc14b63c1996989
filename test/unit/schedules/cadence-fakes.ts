// In-memory ports for the cadence core: schedules, runs, a fixed snapshot, a recording calendar and job queue.
import type { Outgoing } from "../../../src/core/conversation/reply";
import type { JobSpec, Jobs } from "../../../src/core/ports/jobs";
import type { AuditEntry, AuditLog } from "../../../src/core/ports/tenancy";
import type {
  AgendaNote, CadenceRuns, CadenceSource, CalendarEvent, QbrCalendar, RunRecord, ScheduleStore, StoredSchedule,
} from "../../../src/core/schedules/cadence-ports";
import type { ClientCadenceDefaults, Schedule } from "../../../src/core/schedules/schedule";
import { defaultSchedules } from "../../../src/core/schedules/schedule";
import { seededSnapshot } from "./cadence-seed";

export const TZ = "America/Toronto";

export class MemoryScheduleStore implements ScheduleStore {
  readonly rows: (StoredSchedule & { removed?: boolean })[] = [];
  private n = 0;
  constructor(private readonly calendar: ClientCadenceDefaults = { clientId: "c1", timezone: TZ, holidays: ["2026-10-12"] }) {}
  async list(clientId: string) {
    return this.rows.filter((r) => !r.removed && r.schedule.clientId === clientId).map((r) => structuredClone(r));
  }
  async find(clientId: string, name: string) {
    return (await this.list(clientId)).find((r) => r.name === name) ?? null;
  }
  async create(clientId: string, name: string, schedule: Omit<Schedule, "id">, now: Date, organizer?: string | null) {
    const row = { name, schedule: { ...schedule, clientId, id: `s${++this.n}` } as Schedule, organizer: organizer ?? null, processedThrough: now };
    this.rows.push(row);
    return structuredClone(row);
  }
  async save(stored: StoredSchedule) {
    const i = this.rows.findIndex((r) => r.schedule.id === stored.schedule.id);
    this.rows[i] = structuredClone(stored);
  }
  async remove(id: string) {
    this.rows.find((r) => r.schedule.id === id)!.removed = true;
  }
  async calendarOf() {
    return this.calendar;
  }
  async ensureDefaults(clientId: string, now: Date) {
    if (this.rows.some((r) => r.schedule.clientId === clientId)) return;
    for (const s of defaultSchedules({ ...this.calendar, clientId }).filter((d) => d.kind !== "qbr")) {
      const { id: _id, ...def } = s;
      await this.create(clientId, s.kind, def, now);
    }
  }
}

export class MemoryRuns implements CadenceRuns {
  readonly runs = new Map<string, RunRecord>();
  add(run: RunRecord) {
    this.runs.set(run.id, structuredClone(run));
  }
  async get(id: string) {
    const r = this.runs.get(id);
    return r ? structuredClone(r) : null;
  }
  async update(id: string, change: (run: RunRecord) => Pick<RunRecord, "heldAt" | "heldBy" | "state">) {
    const run = await this.get(id);
    if (!run) return null;
    const next = { ...run, ...change(run) };
    this.runs.set(id, structuredClone(next));
    return next;
  }
  async standupRecords(scheduleId: string) {
    return [...this.runs.values()].filter((r) => r.scheduleId === scheduleId).map((r) => ({ occurrenceAt: r.occurrenceAt, heldAt: r.heldAt }));
  }
  async previousOccurrence() {
    return null;
  }
  async notesSince(): Promise<(AgendaNote & { runId: string })[]> {
    return [];
  }
}

export const snapshotSource: CadenceSource = {
  snapshot: async () => seededSnapshot(),
  qbrAttendees: async () => [{ name: "Alex Example", email: "alex@example.com" }],
};

export class RecordingCalendar implements QbrCalendar {
  readonly created: { organizer: string; event: CalendarEvent }[] = [];
  async createEvent(organizer: string, event: CalendarEvent) {
    this.created.push({ organizer, event });
    return { id: `evt-${this.created.length}`, link: null };
  }
}

export class RecordingJobs implements Jobs {
  readonly scheduled: JobSpec[] = [];
  async schedule(job: JobSpec) {
    this.scheduled.push(job);
  }
  async cancel() {}
}

export class RecordingAudit implements AuditLog {
  readonly entries: AuditEntry[] = [];
  async record(e: AuditEntry) {
    this.entries.push(e);
  }
}

export const texts = (out: Outgoing[]) => out.map((o) => ("reply" in o ? o.reply.text : ""));
