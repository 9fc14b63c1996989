// Data contract of cards/<platform>/qbr.json: the QBR reminder, matrix review first.
import { DateTime } from "luxon";
import type { QbrAgenda } from "./qbr-agenda";
import { type Line, formatMinutes, hoursText, lines, plural } from "./cadence-text";

export interface QbrCard {
  title: string;
  subtitle: string;
  matrixFacts: { title: string; value: string }[];
  contradictions: Line[];
  metrics: Line[];
  incidents: Line[];
  tabletop: string;
  tabletopWarning: string;
  hasTabletopWarning: boolean;
  blockHours: Line[];
  actionItems: Line[];
  calendarLabel: string;
  key: string;
  schedule: string;
  run: string;
}

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
  const actions = rest.find((i) => i.kind === "action-items");

  const metricLines: string[] = [];
  if (metrics?.kind === "metrics") {
    const m = metrics.metrics;
    const opened = m.byCategory.reduce((n, r) => n + r.opened, 0);
    const resolved = m.byCategory.reduce((n, r) => n + r.resolved, 0);
    const fr = m.firstResponse.find((r) => r.severity === "all");
    const res = m.resolution.find((r) => r.severity === "all");
    metricLines.push(`${opened} tickets opened, ${resolved} resolved`);
    metricLines.push(`First response: median ${formatMinutes(fr?.median ?? null)}, p90 ${formatMinutes(fr?.p90 ?? null)}, ${fr?.breached ?? 0} over target`);
    metricLines.push(`Resolution: median ${formatMinutes(res?.median ?? null)}, p90 ${formatMinutes(res?.p90 ?? null)}, ${res?.breached ?? 0} over target`);
    metricLines.push(`Escalations: ${m.escalations.raised} raised, ${m.escalations.unacknowledged} not acknowledged`);
  }
  const incidentLines =
    incidents?.kind === "incidents-and-drills"
      ? [
          ...incidents.incidents.map((i) => `Sev ${i.severity} ${i.title}: ${i.durationMinutes === null ? "still open" : `resolved in ${formatMinutes(i.durationMinutes)}`}`),
          ...incidents.drills.map((d) => `Drill: ${d.title} (${DateTime.fromJSDate(d.startedAt, { zone: c.timezone }).toISODate()})`),
        ]
      : [];
  const lastTabletop = incidents?.kind === "incidents-and-drills" ? incidents.lastTabletop : null;
  const warning = incidents?.kind === "incidents-and-drills" ? incidents.warning : null;

  return {
    title,
    subtitle: `${qbrDay.toFormat("cccc d LLLL yyyy")}, reviewing ${agenda.quarter}. The matrix review comes first.`,
    matrixFacts: [
      { title: "Version", value: String(review.version) },
      { title: "Signed", value: `${review.signedDate}${review.signedBy.length ? ` by ${review.signedBy.join(", ")}` : ""}` },
      { title: "Age", value: `${plural(review.ageDays, "day")}` },
      { title: "Last review", value: review.lastReview ?? "never recorded" },
      { title: "Tickets outside the matrix", value: String(review.uncategorisedTickets) },
    ],
    contradictions: lines(review.contradictions.map((x) => x.summary), "No category's ticket flow contradicts the matrix."),
    metrics: lines(metricLines, "No metrics for the quarter."),
    incidents: lines(incidentLines, "No incidents or drills in the quarter."),
    tabletop: lastTabletop ? `Last tabletop drill: ${DateTime.fromJSDate(lastTabletop, { zone: c.timezone }).toISODate()}` : "No tabletop drill on record.",
    tabletopWarning: warning ? `⚠ ${warning} Plan one before the next quarter.` : "",
    hasTabletopWarning: !!warning,
    blockHours: lines(
      blocks?.kind === "block-hours" ? blocks.months.map((m) => `${m.month}: ${hoursText(m.used)} used, ${hoursText(m.purchased)} bought, ${hoursText(m.leftAtEnd)} left`) : [],
      "No block of hours.",
    ),
    actionItems: lines(actions?.kind === "action-items" ? actions.open.map((a) => a.text + (a.owner ? ` (${a.owner})` : "")) : [], "No open action items.", 10),
    calendarLabel: c.calendarConfigured ? "Create the meeting in Outlook" : "Get the calendar invitation (.ics)",
    key: c.key,
    schedule: c.scheduleId,
    run: c.runId,
  };
}

export function qbrText(card: QbrCard): string {
  return `${card.title}. ${card.subtitle} Matrix version ${card.matrixFacts[0]!.value}, signed ${card.matrixFacts[1]!.value}.`;
}
