// The `schedule` verbs (list, set, change, pause, resume, skip-next, remove), shared by chat and the CLI.
import { z } from "zod";
import { DomainError } from "../errors";
import { formatWhen } from "../time/when";
import type { ScheduleStore, StoredSchedule } from "./cadence-ports";
import { nextRun, skipNextOccurrence } from "./next-run";
import {
  type Schedule, type SchedulePhrase, applyPhrase, describeSchedule, parseSchedulePhrase, pauseSchedule, resumeSchedule, scheduleFromPhrase,
} from "./schedule";

export const SCHEDULE_VERBS = ["list", "set", "change", "pause", "resume", "skip-next", "remove"] as const;
export type ScheduleVerb = (typeof SCHEDULE_VERBS)[number];

export const SCHEDULE_USAGE = [
  "schedule list",
  "schedule set standup mon 09:30 | monthly 10:00 | qbr 2027-01-15 [09:00] [lead 14] [organiser alex@example.com]",
  "schedule set custom '0 16 * * fri' Friday patch review",
  "schedule change <phrase as for set>   (custom ones: schedule change custom-1 '0 9 * * 1' [new title])",
  "schedule pause|resume|skip-next|remove <name>   (standup, monthly-report, qbr, custom-1, ...)",
  "Add tz Europe/Berlin to use another time zone, no-shift to fire on holidays too.",
].join("\n");

export const scheduleListCardSchema = z.object({
  title: z.string(),
  rows: z.array(z.object({ name: z.string(), text: z.string(), next: z.string() })),
  footer: z.string(),
});
export type ScheduleListCard = z.infer<typeof scheduleListCardSchema>;

export interface AdminResult {
  text: string;
  card?: { name: "schedule-list"; data: ScheduleListCard };
  /** The schedule created or changed (the runner is told to look again). */
  changed?: StoredSchedule;
}

const NAME_ALIASES: Record<string, string> = { monthly: "monthly-report", report: "monthly-report", "monthly-report": "monthly-report", standup: "standup", qbr: "qbr" };

export function normaliseName(name: string): string {
  const n = name.trim().toLowerCase();
  return NAME_ALIASES[n] ?? n;
}

export function nextText(s: Schedule, now: Date): string {
  if (s.paused) return "paused";
  const next = nextRun(s, now);
  return next ? `next ${formatWhen(next.at, { zone: s.timezone })}${next.phase === "lead" ? ` (reminder for the ${next.qbrDate} QBR)` : ""}` : "nothing upcoming";
}

export function describeStored(st: StoredSchedule, now: Date): string {
  return `${st.name}: ${describeSchedule(st.schedule)}; ${nextText(st.schedule, now)}${st.organizer ? `; organiser ${st.organizer}` : ""}`;
}

export function scheduleListCard(clientName: string, list: StoredSchedule[], now: Date): ScheduleListCard {
  const rows = list.map((st) => ({ name: st.name, text: describeSchedule(st.schedule), next: nextText(st.schedule, now) }));
  return {
    title: `Schedules for ${clientName}`,
    rows: rows.length ? rows : [{ name: "none", text: "No schedules. Add one with schedule set standup mon 09:30.", next: "nothing upcoming" }],
    footer: 'Change one by saying "schedule change standup tue 10:00", or "schedule pause qbr".',
  };
}

/** "organiser alex@x" is cadence-level, not part of the phrase grammar; take it out first. */
function takeOrganizer(text: string): { rest: string; organizer?: string } {
  const m = /\s+organi[sz]er\s+(\S+)/i.exec(` ${text}`);
  if (!m) return { rest: text };
  return { rest: ` ${text}`.replace(m[0], "").trim(), organizer: m[1] };
}

function parse(text: string): SchedulePhrase {
  const r = parseSchedulePhrase(text);
  if (!r.ok) throw new DomainError("schedule-phrase", `${r.error}\nUsage:\n${SCHEDULE_USAGE}`);
  return r.phrase;
}

function nameFor(kind: Schedule["kind"]): string {
  return kind === "custom" ? "" : kind;
}

async function mustFind(store: ScheduleStore, clientId: string, raw: string | undefined): Promise<StoredSchedule> {
  if (!raw) throw new DomainError("schedule-name", "Name the schedule: standup, monthly-report, qbr or a custom one (see schedule list).");
  const st = await store.find(clientId, normaliseName(raw));
  if (!st) throw new DomainError("schedule-unknown", `There is no schedule called "${raw}". Say "schedule list" to see them.`);
  return st;
}

export interface AdminContext {
  store: ScheduleStore;
  clientId: string;
  clientName: string;
  now: Date;
}

/** Runs one `schedule ...` line. User mistakes are DomainErrors with a sentence saying what to type instead. */
export async function runScheduleCommand(ctx: AdminContext, args: string): Promise<AdminResult> {
  const { store, clientId, now } = ctx;
  const trimmed = args.trim();
  const [verbRaw = "list", ...restWords] = trimmed.split(/\s+/);
  const verb = verbRaw.toLowerCase() === "skip" ? "skip-next" : verbRaw.toLowerCase();
  const rest = trimmed.slice(verbRaw.length).trim();
  await store.ensureDefaults(clientId, now);

  switch (verb) {
    case "":
    case "list": {
      const list = await store.list(clientId);
      const card = scheduleListCard(ctx.clientName, list, now);
      return { text: [card.title, ...list.map((s) => describeStored(s, now))].join("\n"), card: { name: "schedule-list", data: card } };
    }
    case "set":
    case "change": {
      let { rest: phraseText, organizer } = takeOrganizer(rest);
      const first = phraseText.split(/\s+/)[0] ?? "";
      let existing: StoredSchedule | null = null;
      // "change custom-1 <cron> [title]": the custom schedule named first.
      if (verb === "change" && /^custom-/i.test(first)) {
        existing = await mustFind(store, clientId, first);
        phraseText = `custom ${phraseText.slice(first.length).trim()}`;
        if (!parseSchedulePhrase(phraseText).ok && parseSchedulePhrase(`${phraseText} ${JSON.stringify(existing.schedule.title)}`).ok) {
          phraseText = `${phraseText} ${JSON.stringify(existing.schedule.title)}`;
        }
      }
      const phrase = parse(phraseText);
      if (!existing && phrase.kind !== "custom") existing = await store.find(clientId, nameFor(phrase.kind));
      if (verb === "change" && !existing) {
        throw new DomainError("schedule-unknown", phrase.kind === "custom"
          ? "Say which custom schedule to change, e.g. schedule change custom-1 '0 9 * * 1'."
          : `There is no ${phrase.kind} schedule yet: use schedule set ${phraseText}.`);
      }
      if (existing) {
        const changed: StoredSchedule = {
          ...existing,
          schedule: applyPhrase(phrase, existing.schedule),
          organizer: organizer ?? existing.organizer ?? null,
        };
        await store.save(changed);
        return { text: `Changed. ${describeStored(changed, now)}`, changed };
      }
      const calendar = await store.calendarOf(clientId);
      const name = phrase.kind === "custom" ? await freeCustomName(store, clientId) : nameFor(phrase.kind);
      const { id: _id, ...definition } = scheduleFromPhrase(phrase, calendar, "new");
      const created = await store.create(clientId, name, definition, now, organizer ?? null);
      return { text: `Scheduled. ${describeStored(created, now)}`, changed: created };
    }
    case "pause":
    case "resume":
    case "skip-next":
    case "remove": {
      const st = await mustFind(store, clientId, restWords.find((w) => w.toLowerCase() !== "next") ?? restWords[0]);
      if (verb === "remove") {
        await store.remove(st.schedule.id);
        return { text: `Removed the ${st.name} schedule (${st.schedule.title}). Its history is kept.` };
      }
      let schedule: Schedule;
      if (verb === "pause") schedule = pauseSchedule(st.schedule);
      else if (verb === "resume") schedule = resumeSchedule(st.schedule);
      else {
        if (st.schedule.paused) throw new DomainError("schedule-paused", `The ${st.name} schedule is paused; resume it first.`);
        schedule = skipNextOccurrence(st.schedule, now);
        if (!schedule.skipNext) throw new DomainError("schedule-nothing-next", `The ${st.name} schedule has nothing upcoming to skip.`);
      }
      const changed = { ...st, schedule };
      await store.save(changed);
      const what =
        verb === "pause" ? "Paused" : verb === "resume" ? "Resumed"
        : `Skipping the one on ${formatWhen(new Date(schedule.skipNext!), { zone: schedule.timezone })}`;
      return { text: `${what}. ${describeStored(changed, now)}`, changed };
    }
    default:
      throw new DomainError("schedule-verb", `"${verbRaw}" is not a schedule verb. Use one of: ${SCHEDULE_VERBS.join(", ")}.\n${SCHEDULE_USAGE}`);
  }
}

async function freeCustomName(store: ScheduleStore, clientId: string): Promise<string> {
  for (let n = 1; ; n++) if (!(await store.find(clientId, `custom-${n}`))) return `custom-${n}`;
}
