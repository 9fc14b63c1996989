// A timer that fires after its moment (Tandem was down, or the platform was): its message says so, once.
import { formatWhen, type Zones } from "./when";

/** A timer this long past its moment counts as late (the job runner polls every second or so). */
export const LATE_AFTER_MS = 2 * 60_000;

/** " (late: due Tue 8 Sep, 10:15 EDT)" when `now` is well past `due`, else "". */
export function lateNote(due: Date, now: Date, zones: Zones): string {
  return now.getTime() - due.getTime() >= LATE_AFTER_MS ? ` (late: due ${formatWhen(due, zones)})` : "";
}

/**
 * A queued message made for a moment (a page, a re-page): the outbox sends it marked late when it reaches the platform
 * LATE_AFTER_MS or more after that moment (the platform was down), and a newer re-page of the same subject replaces it
 * while it is unsent (`supersede`), so an outage ends in one late page per subject, not a burst of them.
 */
export interface DueMark {
  /** The moment it was made for (ISO), by the clock of the turns and timers. */
  at: string;
  /** The zones its time is written in (the cards' one format). */
  zones: Zones;
  /** Where in the text the note goes (before the sentence's period); else before the text's last period. */
  noteAt?: number;
  /** Re-pages of one subject: "ticket:<id>:<escalated at>", "incident:<id>:re-page". */
  supersede?: string;
}

// A note already in the text (the timer itself fired late); the time may carry the other side's "(16:25 CEST)".
const NOTE = /\s\(late: due [^()]*(?:\([^()]*\)[^()]*)?\)/;

/**
 * The text as sent at `now`: with one late note naming `due` (the first moment any of the pages it replaced was due)
 * when `now` is well past it, in place of a note it already had, else at `noteAt`, else before its last period.
 */
export function withLateNote(text: string, due: Date, now: Date, mark: Pick<DueMark, "zones" | "noteAt">): string {
  const note = lateNote(due, now, mark.zones);
  if (!note) return text;
  if (NOTE.test(text)) return text.replace(NOTE, note);
  const at = mark.noteAt !== undefined && mark.noteAt <= text.length && text[mark.noteAt] === "." ? mark.noteAt : text.endsWith(".") ? text.length - 1 : text.length;
  return `${text.slice(0, at)}${note}${text.slice(at)}`;
}
