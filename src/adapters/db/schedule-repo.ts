// Schedules and their runs in the Schedule / ScheduleRun tables. Schedule.definition holds the core Schedule;
// lastRunAt is the runner's checkpoint ("everything at or before was handled"); (scheduleId, occurrenceAt) is unique,
// which is what makes each occurrence happen once.
import type { Prisma as PrismaNS } from "../../generated/prisma/client";
import type { Weekday } from "../../core/matrix/model";
import type { AgendaNote, CadenceRuns, RunRecord, RunState, ScheduleStore, StoredSchedule } from "../../core/schedules/cadence-ports";
import { nextOccurrence } from "../../core/schedules/next-run";
import { type ClientCadenceDefaults, type Schedule, defaultSchedules } from "../../core/schedules/schedule";
import type { StandupRecord } from "../../core/schedules/standup-attendance";
import type { Prisma } from "./connect";
import { matrixRowInForce } from "./matrix-repo";

type Tx = PrismaNS.TransactionClient;

interface Definition extends Omit<Schedule, "id"> {
  organizer?: string | null;
  removedAt?: string | null;
}

interface ScheduleRow {
  id: string;
  clientId: string;
  name: string;
  definition: unknown;
  paused: boolean;
  lastRunAt: Date | null;
  createdAt: Date;
}

/** The client's zone and business calendar: its time zone, and the days and holidays of its current matrix. */
export async function clientCalendar(db: Prisma | Tx, clientId: string): Promise<ClientCadenceDefaults> {
  const client = await db.client.findUnique({ where: { id: clientId } });
  const matrix = await matrixRowInForce(db, clientId);
  const hours = (matrix?.document as { businessHours?: { timezone?: string; days?: Weekday[]; holidays?: string[] } } | undefined)?.businessHours;
  return {
    clientId,
    timezone: client?.timezone && client.timezone !== "UTC" ? client.timezone : (hours?.timezone ?? client?.timezone ?? "UTC"),
    holidays: hours?.holidays ?? [],
    ...(hours?.days?.length ? { businessDays: hours.days } : {}),
  };
}

function toStored(row: ScheduleRow, calendar: ClientCadenceDefaults): StoredSchedule {
  const { organizer, removedAt: _removed, ...def } = row.definition as Definition;
  return {
    name: row.name,
    // Holidays follow the client's current matrix, so a new signed calendar applies to existing schedules.
    schedule: { ...def, id: row.id, clientId: row.clientId, paused: row.paused, holidays: [...(calendar.holidays ?? def.holidays ?? [])], businessDays: [...(calendar.businessDays ?? def.businessDays)] },
    organizer: organizer ?? null,
    processedThrough: row.lastRunAt ?? row.createdAt,
  };
}

const isLive = (row: ScheduleRow) => !(row.definition as Definition).removedAt;

function definitionOf(s: Omit<Schedule, "id">, organizer: string | null | undefined): Definition {
  const { id: _id, ...rest } = s as Schedule;
  return { ...rest, organizer: organizer ?? null };
}

export class PrismaScheduleStore implements ScheduleStore {
  constructor(private readonly prisma: Prisma) {}

  async list(clientId: string): Promise<StoredSchedule[]> {
    const rows = await this.prisma.schedule.findMany({ where: { clientId }, orderBy: { createdAt: "asc" } });
    const calendar = await clientCalendar(this.prisma, clientId);
    return rows.filter(isLive).map((r) => toStored(r, calendar));
  }

  /** Every live schedule of every client (the runner's view). */
  async listAll(): Promise<StoredSchedule[]> {
    const rows = (await this.prisma.schedule.findMany({ orderBy: { createdAt: "asc" } })).filter(isLive);
    const calendars = new Map<string, ClientCadenceDefaults>();
    for (const id of new Set(rows.map((r) => r.clientId))) calendars.set(id, await clientCalendar(this.prisma, id));
    return rows.map((r) => toStored(r, calendars.get(r.clientId)!));
  }

  async find(clientId: string, name: string): Promise<StoredSchedule | null> {
    return (await this.list(clientId)).find((s) => s.name === name) ?? null;
  }

  async create(clientId: string, name: string, schedule: Omit<Schedule, "id">, now: Date, organizer?: string | null): Promise<StoredSchedule> {
    const row = await createRow(this.prisma, clientId, name, schedule, now, organizer);
    return toStored(row, await clientCalendar(this.prisma, clientId));
  }

  async save(stored: StoredSchedule): Promise<void> {
    const s = stored.schedule;
    await this.prisma.schedule.update({
      where: { id: s.id },
      data: {
        name: stored.name,
        definition: definitionOf(s, stored.organizer) as object,
        paused: s.paused,
        skipNext: s.skipNext !== null,
        nextRunAt: nextOccurrence(s, stored.processedThrough),
      },
    });
  }

  /** Kept (its runs refer to it) but no longer listed or run. */
  async remove(scheduleId: string): Promise<void> {
    const row = await this.prisma.schedule.findUnique({ where: { id: scheduleId } });
    if (!row) return;
    await this.prisma.schedule.update({
      where: { id: scheduleId },
      data: { definition: { ...(row.definition as object), removedAt: new Date().toISOString() }, paused: true, nextRunAt: null },
    });
  }

  calendarOf(clientId: string): Promise<ClientCadenceDefaults> {
    return clientCalendar(this.prisma, clientId);
  }

  async ensureDefaults(clientId: string, now: Date): Promise<void> {
    if ((await this.prisma.schedule.count({ where: { clientId } })) > 0) return;
    await this.prisma.$transaction(async (tx) => {
      // Replicas starting together: the client row lock lets one of them create the defaults.
      const locked = await tx.$queryRawUnsafe<{ id: string }[]>(`SELECT id FROM "Client" WHERE id = $1 FOR UPDATE`, clientId);
      if (locked.length === 0 || (await tx.schedule.count({ where: { clientId } })) > 0) return;
      const calendar = await clientCalendar(tx, clientId);
      // The QBR schedule is created when someone sets its dates.
      for (const s of defaultSchedules(calendar).filter((d) => d.kind !== "qbr")) {
        const { id: _id, ...def } = s;
        await createRow(tx, clientId, s.kind, def, now, null);
      }
    });
  }

  /** Moves the checkpoint forward (never back: a slower replica must not rewind a faster one). */
  async advance(scheduleId: string, through: Date, next: Date | null): Promise<void> {
    await this.prisma.schedule.updateMany({
      where: { id: scheduleId, OR: [{ lastRunAt: null }, { lastRunAt: { lt: through } }] },
      data: { lastRunAt: through, nextRunAt: next },
    });
  }

  /** A skip-next whose occurrence has passed is done: clear it so the list does not show it. */
  async clearSkip(stored: StoredSchedule): Promise<void> {
    const row = await this.prisma.schedule.findUnique({ where: { id: stored.schedule.id } });
    if (!row) return;
    const def = row.definition as unknown as Definition;
    if (def.skipNext !== stored.schedule.skipNext) return;
    await this.prisma.schedule.update({ where: { id: row.id }, data: { definition: { ...def, skipNext: null } as object, skipNext: false } });
  }
}

async function createRow(db: Prisma | Tx, clientId: string, name: string, schedule: Omit<Schedule, "id">, now: Date, organizer: string | null | undefined): Promise<ScheduleRow> {
  const def = definitionOf(schedule, organizer);
  return db.schedule.create({
    data: {
      clientId,
      kind: schedule.kind,
      name,
      definition: def as object,
      paused: schedule.paused,
      skipNext: schedule.skipNext !== null,
      // Occurrences before the schedule existed are not "missed": the checkpoint starts now.
      lastRunAt: now,
      nextRunAt: nextOccurrence({ ...schedule, id: "new" }, now),
    },
  });
}

interface RunRow {
  id: string;
  scheduleId: string;
  occurrenceAt: Date;
  status: string;
  heldAt: Date | null;
  heldBy: string | null;
  agenda: unknown;
  schedule?: { clientId: string };
}

function toRun(row: RunRow, clientId: string): RunRecord {
  const state = (row.agenda ?? {}) as Partial<RunState>;
  return {
    id: row.id,
    scheduleId: row.scheduleId,
    clientId,
    occurrenceAt: row.occurrenceAt,
    status: row.status as RunRecord["status"],
    heldAt: row.heldAt,
    heldBy: row.heldBy,
    state: { kind: "custom", timezone: "UTC", ...state, posts: state.posts ?? [], notes: state.notes ?? [] } as RunState,
  };
}

export class PrismaCadenceRuns implements CadenceRuns {
  constructor(private readonly prisma: Prisma) {}

  async get(runId: string): Promise<RunRecord | null> {
    const row = await this.prisma.scheduleRun.findUnique({ where: { id: runId }, include: { schedule: { select: { clientId: true } } } });
    return row ? toRun(row, row.schedule.clientId) : null;
  }

  async update(runId: string, change: (run: RunRecord) => Pick<RunRecord, "heldAt" | "heldBy" | "state">): Promise<RunRecord | null> {
    return this.prisma.$transaction(async (tx) => {
      const locked = await tx.$queryRawUnsafe<{ id: string }[]>(`SELECT id FROM "ScheduleRun" WHERE id = $1 FOR UPDATE`, runId);
      if (locked.length === 0) return null;
      const row = await tx.scheduleRun.findUnique({ where: { id: runId }, include: { schedule: { select: { clientId: true } } } });
      if (!row) return null;
      const run = toRun(row, row.schedule.clientId);
      const next = change(run);
      if (next === run) return run;
      await tx.scheduleRun.update({ where: { id: runId }, data: { heldAt: next.heldAt, heldBy: next.heldBy, agenda: next.state as object } });
      return { ...run, ...next };
    });
  }

  async standupRecords(scheduleId: string): Promise<StandupRecord[]> {
    const rows = await this.prisma.scheduleRun.findMany({ where: { scheduleId, status: { in: ["sent", "missed"] } }, orderBy: { occurrenceAt: "asc" } });
    return rows.map((r) => ({ occurrenceAt: r.occurrenceAt, heldAt: r.heldAt }));
  }

  async previousOccurrence(scheduleId: string, before: Date): Promise<Date | null> {
    const row = await this.prisma.scheduleRun.findFirst({ where: { scheduleId, occurrenceAt: { lt: before } }, orderBy: { occurrenceAt: "desc" } });
    return row?.occurrenceAt ?? null;
  }

  async notesSince(clientId: string, since: Date): Promise<(AgendaNote & { runId: string })[]> {
    const rows = await this.prisma.scheduleRun.findMany({
      where: { schedule: { clientId, kind: "standup" }, occurrenceAt: { gte: since }, status: "sent" },
      orderBy: { occurrenceAt: "asc" },
    });
    return rows.flatMap((r) => ((r.agenda as Partial<RunState> | null)?.notes ?? []).map((n) => ({ ...n, runId: r.id })));
  }

  /** Runs of one kind for drift checks: monthly reports due and whether they went out. */
  async runsOf(scheduleId: string, since: Date): Promise<{ occurrenceAt: Date; status: string; createdAt: Date }[]> {
    return this.prisma.scheduleRun.findMany({ where: { scheduleId, occurrenceAt: { gte: since } }, orderBy: { occurrenceAt: "asc" }, select: { occurrenceAt: true, status: true, createdAt: true } });
  }

  async exists(scheduleId: string, occurrenceAt: Date): Promise<boolean> {
    return (await this.prisma.scheduleRun.count({ where: { scheduleId, occurrenceAt } })) > 0;
  }

  /** Records occurrences that were not sent (downtime, skip-next); ones already recorded stay as they are. */
  async record(scheduleId: string, occurrences: Date[], status: "missed" | "skipped"): Promise<number> {
    if (occurrences.length === 0) return 0;
    const r = await this.prisma.scheduleRun.createMany({ data: occurrences.map((occurrenceAt) => ({ scheduleId, occurrenceAt, status })), skipDuplicates: true });
    return r.count;
  }
}
