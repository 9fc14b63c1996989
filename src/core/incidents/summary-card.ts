// Data contracts of cards/*/incident-summary.json (post-incident or drill review) and cards/*/incident-timeline.json.
import { z } from "zod";
import { factSchema, lineSchema } from "../cards/contract";
import { formatClock, type Zones } from "../time/when";
import { formatMinutes } from "../duration";
import { DRILL_BANNER } from "./card-data";
import { minutesBetween, type IncidentState, type TimelineEvent } from "./incident-model";
import { incidentSummary, type IncidentSummary } from "./summary";

const linesSchema = z.array(lineSchema);

export const incidentSummaryCardSchema = z.object({
  drillBanner: z.string(),
  heading: z.string(),
  summary: z.string(),
  facts: z.array(factSchema),
  approvals: linesSchema,
  skipped: linesSchema,
  /** The timeline in groups of lines (each fits one Slack text block). */
  timeline: z.array(z.object({ lines: linesSchema })),
  footer: z.string(),
});
export type SummaryCardData = z.infer<typeof incidentSummaryCardSchema>;

const MAX_LINES = 30;

export function incidentSummaryCard(state: IncidentState, now: Date, zones: Zones = { zone: "UTC" }): SummaryCardData & { fallback: string } {
  const s: IncidentSummary = incidentSummary(state, now);
  const tta =
    s.timeToAcknowledgeMinutes === null
      ? `not acknowledged (target ${formatMinutes(s.ackTargetMinutes)})`
      : `${formatMinutes(s.timeToAcknowledgeMinutes)} by ${s.acknowledgedBy} (${s.ackWithinTarget ? "within" : "missed"} the ${formatMinutes(s.ackTargetMinutes)} target)`;
  const facts = [
    { title: "Duration", value: formatMinutes(s.durationMinutes) },
    { title: "Time to acknowledge", value: tta },
    { title: "Steps", value: `${s.steps.done.length} done, ${s.steps.skipped.length} skipped, ${s.steps.open.length} open` },
    { title: "Approvals", value: String(s.approvals.length) },
    { title: "Pages", value: `${s.pages.length}${s.drill ? " (drill: in channel only)" : ""}` },
    { title: "Missed deadlines", value: String(s.deadlinesMissed.length) },
    { title: "Resolution", value: s.resolved ? `${s.resolution ?? "resolved"} (by ${s.resolvedBy})` : `not resolved (${s.finalStatus})` },
  ];
  const approvals = s.approvals.map((a) => ({ text: `${a.decision} by ${a.by}: ${a.step}${a.note ? ` (${a.note})` : ""}` }));
  const skipped = s.steps.skipped.map((st) => ({ text: `${st.text}${st.reason ? `: ${st.reason}` : ""} (by ${st.by ?? "?"})` }));
  const kind = s.drill ? "Drill summary" : "Post-incident summary";
  return {
    drillBanner: s.drill ? DRILL_BANNER : "",
    heading: `${kind}: ${s.incidentId}, ${s.title}`,
    summary: s.summary,
    facts,
    approvals,
    skipped,
    timeline: groups(timelineLines(s.timeline, s.startedAt, zones)),
    footer: `Say "incident timeline ${s.incidentId}" for every event.`,
    fallback: `${s.drill ? "[DRILL] " : ""}${kind} for ${s.incidentId} (${s.playbookName}): ${formatMinutes(s.durationMinutes)}, time to acknowledge ${tta}.`,
  };
}

export const incidentTimelineCardSchema = z.object({
  drillBanner: z.string(),
  heading: z.string(),
  timeline: z.array(z.object({ lines: linesSchema })),
  /** "12 earlier events not shown", or "". */
  more: z.string(),
});
export type TimelineCardData = z.infer<typeof incidentTimelineCardSchema>;

export function timelineCard(state: IncidentState, zones: Zones = { zone: "UTC" }): TimelineCardData & { text: string } {
  const lines = timelineLines(state.timeline, state.startedAt, zones);
  const hidden = state.timeline.length - lines.length;
  return {
    drillBanner: state.drill ? DRILL_BANNER : "",
    heading: `${state.drill ? "Drill · " : ""}Timeline of ${state.id}: ${state.playbook.name}`,
    timeline: groups(lines),
    more: hidden > 0 ? `${hidden} earlier event${hidden === 1 ? "" : "s"} not shown.` : "",
    text: lines.map((l) => l.text).join("\n"),
  };
}

/** "10:02 EDT (+2 min) Sam Sample took the Technical lead role", the latest MAX_LINES events. */
function timelineLines(events: TimelineEvent[], startedAt: string, zones: Zones): { text: string }[] {
  return events.slice(-MAX_LINES).map((e) => ({
    // Most events already name who did it ("Nia NOC acknowledged"): no "Nia NOC: Nia NOC ...".
    text: `${formatClock(e.at, zones)} (+${formatMinutes(minutesBetween(startedAt, e.at))}) ${e.text.startsWith(e.actor.name) ? e.text : `${e.actor.name}: ${e.text}`}`,
  }));
}

/** Lines in groups of at most `size` lines and 2800 characters (a longer single line is cut). */
function groups(lines: { text: string }[], size = 10, max = 2800): { lines: { text: string }[] }[] {
  const out: { lines: { text: string }[] }[] = [];
  let current: { text: string }[] = [];
  let length = 0;
  for (const raw of lines) {
    const line = raw.text.length > max ? { text: `${raw.text.slice(0, max - 1)}…` } : raw;
    if (current.length > 0 && (current.length >= size || length + 1 + line.text.length > max)) {
      out.push({ lines: current });
      current = [];
      length = 0;
    }
    current.push(line);
    length += line.text.length + 1;
  }
  if (current.length > 0) out.push({ lines: current });
  return out;
}
