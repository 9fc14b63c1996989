// Data contract of cards/<platform>/qbr.json: the QBR reminder, matrix review first.
import { DateTime } from "luxon";
import type { QbrAgenda } from "./qbr-agenda";
import { z } from "zod";
import { actions, actionsSchema, factSchema, lineSchema } from "../cards/contract";
import { formatDay } from "../time/when";
import { QBR_ACTIONS } from "./buttons";
import { hoursText, lines, measuredMinutes, plural } from "./cadence-text";

export const qbrCardSchema = z.object({
  title: z.string(),
  subtitle: z.string(),
  /** The agenda, matrix review first; headings are numbered "1 · Matrix review" (not "1." , which markdown lists). */
  sections: z.array(z.object({ title: z.string(), facts: z.array(factSchema), lines: z.array(lineSchema) })),
  actions: actionsSchema,
});
export type QbrCard = z.infer<typeof qbrCardSchema>;

export interface QbrCardContext {
  clientName: string;
  phase: "lead" | "day";
  timezone: string;
  now: Date;
  /** Graph is configured: the button creates the meeting; otherwise it hands out an .ics. */
  calendarConfigured: boolean;
  key: string;
  scheduleId: string;
  runId: string;
}

export function qbrCard(agenda: QbrAgenda, c: QbrCardContext): QbrCard {
  const [review, ...rest] = agenda.items;
  const qbrDay = DateTime.fromISO(agenda.qbrDate, { zone: c.timezone });
  const daysLeft = Math.round(qbrDay.diff(DateTime.fromJSDate(c.now, { zone: c.timezone }).startOf("day"), "days").days);
  const title = c.phase === "day" || daysLeft <= 0
    ? `Quarterly business review today: ${c.clientName}`
    : `Quarterly business review in ${plural(daysLeft, "day")}: ${c.clientName}`;
  const metrics = rest.find((i) => i.kind === "metrics");
  const incidents = rest.find((i) => i.kind === "incidents-and-drills");
  const blocks = rest.find((i) => i.kind === "block-hours");
  const actions_ = rest.find((i) => i.kind === "action-items");

  const metricLines: string[] = [];
  if (metrics?.kind === "metrics") {
    const m = metrics.metrics;
    const opened = m.byCategory.reduce((n, r) => n + r.opened, 0);
    const resolved = m.byCategory.reduce((n, r) => n + r.resolved, 0);
    const fr = m.firstResponse.find((r) => r.severity === "all");
    const res = m.resolution.find((r) => r.severity === "all");
    metricLines.push(`${opened} tickets opened, ${resolved} resolved`);
    metricLines.push(`First response: median ${measuredMinutes(fr?.median ?? null)}, p90 ${measuredMinutes(fr?.p90 ?? null)}, ${fr?.breached ?? 0} over target`);
    metricLines.push(`Resolution: median ${measuredMinutes(res?.median ?? null)}, p90 ${measuredMinutes(res?.p90 ?? null)}, ${res?.breached ?? 0} over target`);
    metricLines.push(`Escalations: ${m.escalations.raised} raised, ${m.escalations.unacknowledged} not acknowledged`);
  }
  const incidentLines =
    incidents?.kind === "incidents-and-drills"
      ? [
          ...incidents.incidents.map((i) => `Sev ${i.severity} ${i.title}: ${i.durationMinutes === null ? "still open" : `resolved in ${measuredMinutes(i.durationMinutes)}`}`),
          ...incidents.drills.map((d) => `Drill: ${d.title} (${formatDay(d.startedAt, c.timezone)})`),
        ]
      : [];
  const lastTabletop = incidents?.kind === "incidents-and-drills" ? incidents.lastTabletop : null;
  const warning = incidents?.kind === "incidents-and-drills" ? incidents.warning : null;

  const day = (d: Date | string) => formatDay(d, c.timezone);
  const incidentSection = lines(incidentLines, "No incidents or drills in the quarter.");
  incidentSection.push({ text: lastTabletop ? `Last tabletop drill: ${day(lastTabletop)}` : "No tabletop drill on record." });
  if (warning) incidentSection.push({ text: `⚠ ${warning} Plan one before the next quarter.` });
  const sections = [
    {
      title: "Matrix review",
      facts: [
        { title: "Version", value: String(review.version) },
        { title: "Signed", value: `${day(review.signedDate)}${review.signedBy.length ? ` by ${review.signedBy.join(", ")}` : ""}` },
        { title: "Age", value: `${plural(review.ageDays, "day")}` },
        { title: "Last review", value: review.lastReview ? day(review.lastReview) : "never recorded" },
        { title: "Tickets outside the matrix", value: String(review.uncategorisedTickets) },
      ],
      lines: lines(review.contradictions.map((x) => x.summary), "No category's ticket flow contradicts the matrix."),
    },
    { title: "The quarter's metrics", facts: [], lines: lines(metricLines, "No metrics for the quarter.") },
    { title: "Incidents and drills", facts: [], lines: incidentSection },
    {
      title: "Block-hour trend",
      facts: [],
      lines: lines(
        blocks?.kind === "block-hours" ? blocks.months.map((m) => `${m.month}: ${hoursText(m.used)} used, ${hoursText(m.purchased)} bought, ${hoursText(m.leftAtEnd)} left`) : [],
        "No block of hours.",
      ),
    },
    { title: "Open action items", facts: [], lines: lines(actions_?.kind === "action-items" ? actions_.open.map((a) => a.text + (a.owner ? ` (${a.owner})` : "")) : [], "No open action items.", 10) },
  ].map((sec, i) => ({ ...sec, title: `${i + 1} · ${sec.title}` }));

  return {
    title,
    subtitle: `${qbrDay.setLocale("en-US").toFormat("cccc d LLLL yyyy")}, reviewing ${agenda.quarter}. The matrix review comes first.`,
    sections,
    actions: actions(
      QBR_ACTIONS.calendar.button(c.calendarConfigured ? "Create the meeting in Outlook" : "Get the calendar invitation (.ics)", { card: c.key, schedule: c.scheduleId, run: c.runId }, { style: "positive" }),
    ),
  };
}

export function qbrText(card: QbrCard): string {
  const facts = card.sections[0]?.facts ?? [];
  return `${card.title}. ${card.subtitle} Matrix version ${facts[0]?.value ?? "?"}, signed ${facts[1]?.value ?? "?"}.`;
}
