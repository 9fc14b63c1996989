// Data contracts of cards/*/incident-summary.json (post-incident or drill review) and cards/*/incident-timeline.json.
import { durationText } from "./duration-text";
import { DRILL_BANNER } from "./card-data";
import { minutesBetween, type IncidentState, type TimelineEvent } from "./incident-model";
import { incidentSummary, type IncidentSummary } from "./summary";

export interface SummaryCardData {
  ref: string;
  title: string;
  drill: boolean;
  drillBanner: string | null;
  heading: string;
  summary: string;
  facts: { title: string; value: string }[];
  factText: string;
  approvals: { line: string }[];
  hasApprovals: boolean;
  approvalText: string;
  skipped: { line: string }[];
  hasSkipped: boolean;
  skippedText: string;
  timeline: { line: string }[];
  timelineText: string;
  /** The timeline in pieces that fit a Slack text block (3000 characters). */
  timelineChunks: { text: string }[];
  footer: string;
  /** Plain text for notifications. */
  fallback: string;
}

const MAX_LINES = 30;

export function incidentSummaryCard(state: IncidentState, now: Date): SummaryCardData {
  const s: IncidentSummary = incidentSummary(state, now);
  const tta =
    s.timeToAcknowledgeMinutes === null
      ? `not acknowledged (target ${s.ackTargetMinutes} min)`
      : `${durationText(s.timeToAcknowledgeMinutes)} by ${s.acknowledgedBy} (${s.ackWithinTarget ? "within" : "missed"} the ${s.ackTargetMinutes} min target)`;
  const facts = [
    { title: "Duration", value: durationText(s.durationMinutes) },
    { title: "Time to acknowledge", value: tta },
    { title: "Steps", value: `${s.steps.done.length} done, ${s.steps.skipped.length} skipped, ${s.steps.open.length} open` },
    { title: "Approvals", value: String(s.approvals.length) },
    { title: "Pages", value: `${s.pages.length}${s.drill ? " (drill: in channel only)" : ""}` },
    { title: "Missed deadlines", value: String(s.deadlinesMissed.length) },
    { title: "Resolution", value: s.resolved ? `${s.resolution ?? "resolved"} (by ${s.resolvedBy})` : `not resolved (${s.finalStatus})` },
  ];
  const approvals = s.approvals.map((a) => ({ line: `${a.decision} by ${a.by}: ${a.step}${a.note ? ` (${a.note})` : ""}` }));
  const skipped = s.steps.skipped.map((st) => ({ line: `${st.text}${st.reason ? `: ${st.reason}` : ""} (by ${st.by ?? "?"})` }));
  const timeline = timelineLines(s.timeline, s.startedAt);
  const kind = s.drill ? "Drill summary" : "Post-incident summary";
  return {
    ref: s.incidentId,
    title: s.title,
    drill: s.drill,
    drillBanner: s.drill ? DRILL_BANNER : null,
    heading: `${kind}: ${s.incidentId}, ${s.title}`,
    summary: s.summary,
    facts,
    factText: facts.map((f) => `*${f.title}:* ${f.value}`).join("\n"),
    approvals,
    hasApprovals: approvals.length > 0,
    approvalText: approvals.map((a) => `• ${a.line}`).join("\n"),
    skipped,
    hasSkipped: skipped.length > 0,
    skippedText: skipped.map((a) => `• ${a.line}`).join("\n"),
    timeline,
    timelineText: timeline.map((t) => t.line).join("\n"),
    timelineChunks: chunks(timeline.map((t) => t.line)),
    footer: `Markdown for the QBR: tandem incidents export ${s.incidentId}`,
    fallback: `${s.drill ? "[DRILL] " : ""}${kind} for ${s.incidentId} (${s.playbookName}): ${durationText(s.durationMinutes)}, time to acknowledge ${tta}.`,
  };
}

export interface TimelineCardData {
  ref: string;
  title: string;
  drill: boolean;
  drillBanner: string | null;
  heading: string;
  events: { line: string }[];
  text: string;
  chunks: { text: string }[];
  more: string | null;
  hasMore: boolean;
}

export function timelineCard(state: IncidentState): TimelineCardData {
  const lines = timelineLines(state.timeline, state.startedAt);
  const heading = `${state.drill ? "[DRILL] " : ""}Timeline of ${state.id}: ${state.playbook.name}`;
  return {
    ref: state.id,
    title: `${state.drill ? "DRILL: " : ""}SEV ${state.severity} - ${state.playbook.name}`,
    drill: state.drill,
    drillBanner: state.drill ? DRILL_BANNER : null,
    heading,
    events: lines,
    text: lines.map((l) => l.line).join("\n"),
    chunks: chunks(lines.map((l) => l.line)),
    hasMore: state.timeline.length > MAX_LINES,
    more: state.timeline.length > MAX_LINES ? `${state.timeline.length - MAX_LINES} earlier events not shown; the full timeline is in the export.` : null,
  };
}

/** "14:02 UTC (+2 min) Sam Sample: text", the latest MAX_LINES events. */
function timelineLines(events: TimelineEvent[], startedAt: string): { line: string }[] {
  return events.slice(-MAX_LINES).map((e) => ({
    line: `${e.at.slice(11, 16)} UTC (+${durationText(minutesBetween(startedAt, e.at))}) ${e.actor.name}: ${e.text}`,
  }));
}

/** Lines joined into texts of at most `max` characters (a longer single line is cut). */
function chunks(lines: string[], max = 2800): { text: string }[] {
  const out: { text: string }[] = [];
  let current = "";
  for (const raw of lines) {
    const line = raw.length > max ? `${raw.slice(0, max - 1)}…` : raw;
    if (current && current.length + 1 + line.length > max) {
      out.push({ text: current });
      current = "";
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) out.push({ text: current });
  return out;
}
