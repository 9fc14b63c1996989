import { CronExpressionParser } from "cron-parser";
import type { Weekday } from "../matrix/model";
import { DEFAULT_BUSINESS_DAYS, WEEKDAYS } from "../calendar/business-days";
import { isValidTimezone, parseClock, parseIsoDate } from "../calendar/wall-clock";

export type ScheduleKind = "standup" | "monthly-report" | "qbr" | "custom";

export type ScheduleRule =
  | { type: "weekly"; days: Weekday[]; time: string } // time "HH:MM" local
  | { type: "first-business-day"; time: string }
  | { type: "qbr"; dates: string[]; leadDays: number; time: string } // reminder leadDays before, then on the day
  | { type: "cron"; expression: string }; // 5-field cron, read as local wall time

export interface Schedule {
  id: string;
  clientId: string;
  kind: ScheduleKind;
  title: string;
  timezone: string; // IANA
  rule: ScheduleRule;
  paused: boolean;
  /**
   * ISO instant of the one upcoming occurrence that will not fire, or null. An instant rather than a flag so the
   * skip cannot slide onto a later occurrence if the runner is late to clear it.
   */
  skipNext: string | null;
  /** Move occurrences on weekends/holidays to the next business day (QBR day-of reminders never move). */
  holidayShift: boolean;
  holidays: string[]; // ISO dates
  businessDays: Weekday[];
}

export const DEFAULT_STANDUP_TIME = "09:30";
export const DEFAULT_MONTHLY_TIME = "10:00";
export const DEFAULT_QBR_TIME = "09:00";
export const DEFAULT_QBR_LEAD_DAYS = 14;

export interface ClientCadenceDefaults {
  clientId: string;
  timezone: string;
  holidays?: string[];
  businessDays?: Weekday[];
  /** The agreed QBR meeting dates (ISO). Without them the QBR schedule exists but has nothing to remind of yet. */
  qbrDates?: string[];
}

/** What every new schedule of a client starts with: the client's zone and calendar, running, nothing skipped. */
function clientScheduleBase(client: ClientCadenceDefaults) {
  return {
    clientId: client.clientId,
    timezone: client.timezone,
    paused: false,
    skipNext: null,
    holidayShift: true,
    holidays: [...(client.holidays ?? [])],
    businessDays: [...(client.businessDays ?? DEFAULT_BUSINESS_DAYS)],
  };
}

export function defaultSchedules(client: ClientCadenceDefaults): Schedule[] {
  const base = clientScheduleBase(client);
  return [
    { ...base, id: `${client.clientId}:standup`, kind: "standup", title: "Weekly standup",
      rule: { type: "weekly", days: ["mon"], time: DEFAULT_STANDUP_TIME } },
    { ...base, id: `${client.clientId}:monthly-report`, kind: "monthly-report", title: "Monthly operations report",
      rule: { type: "first-business-day", time: DEFAULT_MONTHLY_TIME } },
    { ...base, id: `${client.clientId}:qbr`, kind: "qbr", title: "Quarterly business review",
      rule: { type: "qbr", dates: [...(client.qbrDates ?? [])].sort(), leadDays: DEFAULT_QBR_LEAD_DAYS, time: DEFAULT_QBR_TIME } },
  ];
}

/** Weekly rules are run through cron-parser like custom ones; this is their cron form. */
export function weeklyCron(rule: { days: Weekday[]; time: string }): string {
  const clock = parseClock(rule.time);
  if (!clock) throw new Error(`Invalid time "${rule.time}"`);
  const dows = rule.days.map((d) => (WEEKDAYS.indexOf(d) + 1) % 7).sort((a, b) => a - b);
  return `${clock.minute} ${clock.hour} * * ${dows.join(",")}`;
}

/** What a user asked for in a schedule phrase; merged onto a client's schedule by `applyPhrase`. */
export interface SchedulePhrase {
  kind: ScheduleKind;
  rule: ScheduleRule;
  title?: string;
  timezone?: string;
  holidayShift?: boolean;
}

export type PhraseResult = { ok: true; phrase: SchedulePhrase } | { ok: false; error: string };

const DAY_ALIASES: Record<string, Weekday> = {
  mon: "mon", monday: "mon", tue: "tue", tues: "tue", tuesday: "tue", wed: "wed", wednesday: "wed",
  thu: "thu", thur: "thu", thurs: "thu", thursday: "thu", fri: "fri", friday: "fri",
  sat: "sat", saturday: "sat", sun: "sun", sunday: "sun",
};

function tokenize(text: string): string[] | null {
  const tokens: string[] = [];
  const re = /'([^']*)'|"([^"]*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) tokens.push(m[1] ?? m[2] ?? m[3] ?? "");
  const quotes = (text.match(/'/g)?.length ?? 0) + (text.match(/"/g)?.length ?? 0);
  return quotes % 2 === 0 ? tokens : null;
}

function parseDays(token: string): Weekday[] | null {
  const t = token.toLowerCase();
  if (t === "weekdays") return ["mon", "tue", "wed", "thu", "fri"];
  if (t === "daily") return [...WEEKDAYS];
  const range = /^([a-z]+)-([a-z]+)$/.exec(t);
  if (range && DAY_ALIASES[range[1]!] && DAY_ALIASES[range[2]!]) {
    const from = WEEKDAYS.indexOf(DAY_ALIASES[range[1]!]!);
    const to = WEEKDAYS.indexOf(DAY_ALIASES[range[2]!]!);
    if (from > to) return null;
    return WEEKDAYS.slice(from, to + 1);
  }
  const days = t.split(",").map((d) => DAY_ALIASES[d]);
  if (days.length === 0 || days.some((d) => d === undefined)) return null;
  return [...new Set(days as Weekday[])].sort((a, b) => WEEKDAYS.indexOf(a) - WEEKDAYS.indexOf(b));
}

export function isValidCron(expression: string): boolean {
  if (expression.trim().split(/\s+/).length !== 5) return false;
  try {
    CronExpressionParser.parse(expression, { tz: "UTC" }).next();
    return true;
  } catch {
    return false;
  }
}

/**
 * Parses "standup mon 09:30", "standup tue,thu 09:00", "monthly first-business-day 10:00", "qbr 2027-01-15 [more
 * dates] [09:00] [lead 14]", "custom '0 16 * * fri' Friday patch review". Anywhere: "tz Europe/Berlin",
 * "no-shift" (fire on holidays too). Omitted times/days take the defaults.
 */
export function parseSchedulePhrase(text: string): PhraseResult {
  const raw = tokenize(text.trim());
  if (!raw) return { ok: false, error: "Unbalanced quotes." };
  const tokens: string[] = [];
  let timezone: string | undefined;
  let holidayShift: boolean | undefined;
  for (let i = 0; i < raw.length; i++) {
    const t = raw[i]!;
    const lower = t.toLowerCase();
    if (lower === "tz" || lower === "timezone") {
      const zone = raw[++i];
      if (!zone || !isValidTimezone(zone)) return { ok: false, error: `Unknown time zone "${zone ?? ""}".` };
      timezone = zone;
    } else if (lower === "no-shift" || lower === "on-holidays") holidayShift = false;
    else if (lower === "shift") holidayShift = true;
    else tokens.push(t);
  }
  const head = tokens.shift()?.toLowerCase();
  const extras = { ...(timezone ? { timezone } : {}), ...(holidayShift !== undefined ? { holidayShift } : {}) };
  switch (head) {
    case "standup": {
      let days: Weekday[] = ["mon"];
      let time = DEFAULT_STANDUP_TIME;
      for (const t of tokens) {
        if (parseClock(t)) time = t.padStart(5, "0");
        else {
          const parsed = parseDays(t);
          if (!parsed) return { ok: false, error: `"${t}" is neither a day (mon, tue,thu, mon-fri) nor a time (09:30).` };
          days = parsed;
        }
      }
      return { ok: true, phrase: { kind: "standup", rule: { type: "weekly", days, time }, ...extras } };
    }
    case "monthly":
    case "monthly-report": {
      let time = DEFAULT_MONTHLY_TIME;
      for (const t of tokens) {
        if (parseClock(t)) time = t.padStart(5, "0");
        else if (t.toLowerCase() !== "first-business-day")
          return { ok: false, error: `Monthly reports run on the first business day; "${t}" is not understood.` };
      }
      return { ok: true, phrase: { kind: "monthly-report", rule: { type: "first-business-day", time }, ...extras } };
    }
    case "qbr": {
      const dates: string[] = [];
      let time = DEFAULT_QBR_TIME;
      let leadDays = DEFAULT_QBR_LEAD_DAYS;
      for (let i = 0; i < tokens.length; i++) {
        const t = tokens[i]!;
        if (parseIsoDate(t)) dates.push(t);
        else if (parseClock(t)) time = t.padStart(5, "0");
        else if (t.toLowerCase() === "lead") {
          const n = Number(tokens[++i]?.replace(/d$/i, ""));
          if (!Number.isInteger(n) || n < 1 || n > 90) return { ok: false, error: "lead takes a number of days (1-90)." };
          leadDays = n;
        } else return { ok: false, error: `"${t}" is not a date (2027-01-15), a time or "lead N".` };
      }
      if (dates.length === 0) return { ok: false, error: "Give the QBR date, e.g. qbr 2027-01-15." };
      return { ok: true, phrase: { kind: "qbr", rule: { type: "qbr", dates: [...new Set(dates)].sort(), leadDays, time }, ...extras } };
    }
    case "custom": {
      let expression: string;
      let rest: string[];
      if (tokens[0] && tokens[0].trim().split(/\s+/).length === 5) [expression, rest] = [tokens[0].trim(), tokens.slice(1)];
      else [expression, rest] = [tokens.slice(0, 5).join(" "), tokens.slice(5)];
      if (!isValidCron(expression)) return { ok: false, error: `"${expression}" is not a valid 5-field cron expression.` };
      const title = rest.join(" ").trim();
      if (!title) return { ok: false, error: "A custom schedule needs a title after the cron expression." };
      return { ok: true, phrase: { kind: "custom", rule: { type: "cron", expression }, title, ...extras } };
    }
    default:
      return { ok: false, error: "Start with standup, monthly, qbr or custom." };
  }
}

const DEFAULT_TITLES: Record<ScheduleKind, string> = {
  standup: "Weekly standup", "monthly-report": "Monthly operations report", qbr: "Quarterly business review", custom: "Custom reminder",
};

/** Set or change: the phrase applied over an existing schedule (or a new one). A changed rule clears skip-next. */
export function applyPhrase(phrase: SchedulePhrase, base: Omit<Schedule, "kind" | "rule" | "title"> & Partial<Schedule>): Schedule {
  const ruleChanged = JSON.stringify(base.rule) !== JSON.stringify(phrase.rule);
  return {
    ...base,
    kind: phrase.kind,
    rule: phrase.rule,
    title: phrase.title ?? base.title ?? DEFAULT_TITLES[phrase.kind],
    timezone: phrase.timezone ?? base.timezone,
    holidayShift: phrase.holidayShift ?? base.holidayShift,
    skipNext: ruleChanged || phrase.timezone ? null : base.skipNext,
  };
}

/** Set: a new schedule for the client from a phrase, with the client's zone and calendar unless the phrase names a zone. */
export function scheduleFromPhrase(phrase: SchedulePhrase, client: ClientCadenceDefaults, id: string): Schedule {
  return applyPhrase(phrase, { id, ...clientScheduleBase(client) });
}

export function pauseSchedule(s: Schedule): Schedule {
  return { ...s, paused: true };
}

export function resumeSchedule(s: Schedule): Schedule {
  return { ...s, paused: false };
}

const DAY_LABEL: Record<Weekday, string> = { mon: "Mon", tue: "Tue", wed: "Wed", thu: "Thu", fri: "Fri", sat: "Sat", sun: "Sun" };

/** One line for "list schedules". */
export function describeSchedule(s: Schedule): string {
  const r = s.rule;
  const when =
    r.type === "weekly" ? `every ${r.days.map((d) => DAY_LABEL[d]).join(", ")} at ${r.time}`
    : r.type === "first-business-day" ? `first business day of each month at ${r.time}`
    : r.type === "qbr" ? (r.dates.length ? `${r.leadDays} days before and on ${r.dates.join(", ")} at ${r.time}` : "no QBR date set")
    : `cron "${r.expression}"`;
  const flags = [s.paused ? "paused" : "", s.skipNext ? `skipping ${s.skipNext}` : "", s.holidayShift ? "" : "fires on holidays"]
    .filter(Boolean);
  return `${s.title}: ${when} (${s.timezone})${flags.length ? ` [${flags.join("; ")}]` : ""}`;
}
