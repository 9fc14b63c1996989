// What the cadence capability needs from the outside world: its schedules and runs, the data its cards are built
// from, and (optionally) a calendar to put the QBR in. Adapters implement these over the database and Graph.
import type { ChannelRef } from "../conversation/events";
import type { CadenceSnapshot } from "./cadence-data";
import type { ClientCadenceDefaults, Schedule } from "./schedule";
import type { StandupRecord } from "./standup-attendance";

/** A schedule as stored for a client: the core definition plus the handle people type ("standup", "custom-1"). */
export interface StoredSchedule {
  name: string;
  schedule: Schedule;
  /** QBR: the person (UPN, e-mail or AAD object id) whose calendar the meeting goes in. */
  organizer?: string | null;
  /** Everything at or before this instant was handled (sent, missed or skipped). */
  processedThrough: Date;
}

export interface ScheduleStore {
  /** The client's live schedules (removed ones are kept for their history but not listed). */
  list(clientId: string): Promise<StoredSchedule[]>;
  find(clientId: string, name: string): Promise<StoredSchedule | null>;
  /** Stores a new schedule; occurrences before `now` never fire. Returns it with its id. */
  create(clientId: string, name: string, schedule: Omit<Schedule, "id">, now: Date, organizer?: string | null): Promise<StoredSchedule>;
  /** Saves a changed definition (rule, pause, skip-next, organiser). */
  save(stored: StoredSchedule): Promise<void>;
  remove(scheduleId: string): Promise<void>;
  /** The zone and business calendar of the client (from its matrix), for new schedules. */
  calendarOf(clientId: string): Promise<ClientCadenceDefaults>;
  /** Creates the default standup and monthly report once for a client that never had schedules. */
  ensureDefaults(clientId: string, now: Date): Promise<void>;
}

export interface AgendaNote {
  text: string;
  by: string;
  at: string; // ISO instant
}

/** A posted copy of a run's card (one per channel), so every copy shows the same state. */
export interface PostedCard {
  key: string;
  channel: ChannelRef;
}

/** What a run remembers after it was posted (ScheduleRun.agenda). */
export interface RunState {
  kind: Schedule["kind"];
  timezone: string;
  /** The card data as built when posted (the agenda of that moment). */
  card?: Record<string, unknown>;
  posts: PostedCard[];
  notes: AgendaNote[];
  snoozedUntil?: string | null;
  snoozedBy?: string | null;
  snoozes?: number;
  phase?: "lead" | "day";
  qbrDate?: string;
  calendarEvent?: { id: string; link?: string | null; by: string } | null;
}

export interface RunRecord {
  id: string;
  scheduleId: string;
  clientId: string;
  occurrenceAt: Date;
  status: "sent" | "missed" | "skipped";
  heldAt: Date | null;
  heldBy: string | null;
  state: RunState;
}

export interface CadenceRuns {
  get(runId: string): Promise<RunRecord | null>;
  /** Read-modify-write under a row lock, so two clicks at once both count. Returns the saved run. */
  update(runId: string, change: (run: RunRecord) => Pick<RunRecord, "heldAt" | "heldBy" | "state">): Promise<RunRecord | null>;
  /** Standup occurrences (posted or missed) of a schedule, for attendance. */
  standupRecords(scheduleId: string): Promise<StandupRecord[]>;
  /** The occurrence before `before` (any status), where "since last standup" starts. */
  previousOccurrence(scheduleId: string, before: Date): Promise<Date | null>;
  /** Agenda notes added to the client's standups since `since`: the open action items a QBR goes through. */
  notesSince(clientId: string, since: Date): Promise<(AgendaNote & { runId: string })[]>;
}

/** Live operations data for a client over a window (tickets touched in it, all incidents and block hours). */
export interface CadenceSource {
  snapshot(clientId: string, window: { from: Date; to: Date }): Promise<CadenceSnapshot>;
  /** People named in the client's matrix with an e-mail address: who is invited to the QBR. */
  qbrAttendees(clientId: string): Promise<{ name?: string; email: string }[]>;
}

export interface CalendarEvent {
  subject: string;
  body: string;
  start: Date;
  end: Date;
  timezone: string;
  attendees: { name?: string; email: string }[];
  /** Same value on a retry, so the calendar does not create the meeting twice. */
  transactionId: string;
}

/** A calendar Tandem may write to (Microsoft Graph when configured). */
export interface QbrCalendar {
  createEvent(organizer: string, event: CalendarEvent): Promise<{ id: string; link: string | null }>;
}
