// The QBR card's button: create the meeting in the organiser's calendar (Graph), or hand out an .ics.
import { actorKey, type ActionEvent } from "../conversation/events";
import type { ActionSpec, Turn } from "../conversation/feature";
import { replyPrivately, replyTo } from "../conversation/router";
import { DomainError } from "../errors";
import type { AuditLog, Role } from "../ports/tenancy";
import type { CadenceRuns, CadenceSource, QbrCalendar, ScheduleStore } from "./cadence-ports";
import { type ComposeDeps, qbrAgendaFor } from "./cadence-posts";
import { qbrAgendaOutline, qbrInvitation } from "./qbr-invitation";
import { DEFAULT_QBR_TIME } from "./schedule";
import { onAction } from "../cards/action";
import { QBR_ACTIONS } from "./buttons";
import { fromWall, parseClock, parseIsoDate } from "../calendar/wall-clock";

export const QBR_MEETING_MINUTES = 90;

export interface QbrActionDeps {
  store: ScheduleStore;
  runs: CadenceRuns;
  source: CadenceSource;
  audit: AuditLog;
  calendar: QbrCalendar | null;
}

/** The meeting starts on the QBR date at the schedule's time, in its zone. */
export function qbrMeetingStart(qbrDate: string, time: string, zone: string): Date {
  const day = parseIsoDate(qbrDate);
  const clock = parseClock(time) ?? parseClock(DEFAULT_QBR_TIME)!;
  if (!day) throw new DomainError("qbr-date", `"${qbrDate}" is not a date.`);
  return fromWall({ ...day, ...clock }, zone);
}

export function qbrActions(deps: QbrActionDeps): ActionSpec[] {
  const composeDeps: ComposeDeps = { source: deps.source, runs: deps.runs, calendarConfigured: !!deps.calendar };
  return [
    onAction(QBR_ACTIONS.calendar, "qbr.calendar", async (turn: Turn<ActionEvent>) => {
        const place = `${turn.event.channel.platform}:${turn.event.channel.id}`;
        const run = turn.event.value.run ? await deps.runs.get(turn.event.value.run) : null;
        const stored = run ? (await deps.store.list(turn.client.id)).find((s) => s.schedule.id === run.scheduleId) : undefined;
        if (!run || !stored || run.clientId !== turn.client.id || !run.state.qbrDate) {
          throw new DomainError("qbr-gone", "I can't find that QBR any more. Say \"schedule list\" to see the QBR dates.");
        }
        const s = stored.schedule;
        const qbrDate = run.state.qbrDate;
        const rule = s.rule.type === "qbr" ? s.rule : null;
        const start = qbrMeetingStart(qbrDate, rule?.time ?? DEFAULT_QBR_TIME, s.timezone);
        const agenda = await qbrAgendaFor(composeDeps, turn.client, qbrDate, s.timezone, turn.now);
        const who = turn.actor.name ?? turn.actor.userId;

        if (!deps.calendar) {
          const ics = qbrInvitation(agenda, {
            uid: `qbr-${turn.client.id}-${qbrDate}@tandem`, dtstamp: turn.now, start, durationMinutes: QBR_MEETING_MINUTES,
            timezone: s.timezone, clientName: turn.client.name,
          });
          return [replyPrivately(turn, { text: `Calendar invitation for the QBR on ${qbrDate} (save it as qbr-${qbrDate}.ics and open it):\n\`\`\`\n${ics}\`\`\`` })];
        }
        if (run.state.calendarEvent) {
          return [replyPrivately(turn, { text: `The QBR on ${qbrDate} is already in the calendar (added by ${run.state.calendarEvent.by}).` })];
        }
        const organizer = stored.organizer ?? turn.actor.aadObjectId;
        if (!organizer) {
          throw new DomainError("qbr-organizer", "Tell me whose calendar the QBR goes in: schedule change qbr <dates> organiser name@company.com");
        }
        const attendees = await deps.source.qbrAttendees(turn.client.id);
        const event = await deps.calendar.createEvent(organizer, {
          subject: `Quarterly business review: ${turn.client.name} (${agenda.quarter})`,
          body: qbrAgendaOutline(agenda).join("\n"),
          start,
          end: new Date(start.getTime() + QBR_MEETING_MINUTES * 60_000),
          timezone: s.timezone,
          attendees,
          transactionId: `tandem-qbr-${turn.client.id}-${qbrDate}`,
        });
        await deps.runs.update(run.id, (r) => ({ heldAt: r.heldAt, heldBy: r.heldBy, state: { ...r.state, calendarEvent: { id: event.id, link: event.link, by: who } } }));
        await deps.audit.record({ clientId: turn.client.id, actor: actorKey(turn.actor), action: "qbr.calendar", outcome: "allowed", place, detail: { qbrDate, organizer, eventId: event.id } });
        return [replyTo(turn, { text: `${who} put the QBR on ${qbrDate} in ${organizer}'s calendar, with the matrix review as the first agenda item${attendees.length ? ` and ${attendees.length} people invited` : ""}.${event.link ? ` ${event.link}` : ""}` })];
    }),
  ];
}
