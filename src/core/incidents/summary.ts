// The post-incident (or drill) summary: the numbers a QBR asks for, the decisions taken, and the whole timeline.
import { formatMinutes } from "../duration";
import { formatStamp } from "../time/when";
import type { PlaybookParty } from "./playbook";
import { minutesBetween, type IncidentState, type IncidentStatus, type TimelineEvent } from "./incident-model";

export interface SummaryStep {
  id: string;
  text: string;
  party: PlaybookParty;
  by: string | null;
  at: string | null;
  reason: string | null;
}

export interface SummaryApproval {
  stepId: string;
  step: string;
  decision: "approved" | "declined";
  by: string;
  at: string;
  note: string | null;
}

export interface IncidentSummary {
  incidentId: string;
  title: string;
  drill: boolean;
  playbookId: string;
  playbookName: string;
  severity: number;
  summary: string;
  ticketId: string | null;
  startedAt: string;
  startedBy: string;
  /** resolvedAt, or `now` for a summary taken before resolution. */
  endedAt: string;
  resolved: boolean;
  resolvedBy: string | null;
  resolution: string | null;
  finalStatus: IncidentStatus;
  durationMinutes: number;
  ackTargetMinutes: number;
  /** null when the MSP never acknowledged. */
  timeToAcknowledgeMinutes: number | null;
  acknowledgedBy: string | null;
  ackWithinTarget: boolean;
  pages: { at: string; callee: string; attempt: number; reason: string; sentOutside: boolean }[];
  deadlinesMissed: { stepId: string; text: string }[];
  steps: { done: SummaryStep[]; skipped: SummaryStep[]; open: SummaryStep[] };
  approvals: SummaryApproval[];
  roles: { role: string; name: string; party: PlaybookParty; holder: string | null }[];
  timeline: TimelineEvent[];
}

export function incidentSummary(state: IncidentState, now: Date): IncidentSummary {
  const { playbook } = state;
  const endedAt = state.resolvedAt ?? now.toISOString();
  const ttaMinutes = state.acknowledgedAt ? minutesBetween(state.startedAt, state.acknowledgedAt) : null;
  const stepsIn = (wanted: "done" | "skipped" | "open"): SummaryStep[] =>
    playbook.steps
      .filter((s) => state.steps[s.id].state === wanted)
      .map((s) => {
        const p = state.steps[s.id];
        return { id: s.id, text: s.text, party: s.party, by: p.by?.name ?? null, at: p.at ?? null, reason: p.reason ?? null };
      });
  const stepText = (id: string) => playbook.steps.find((s) => s.id === id)?.text ?? id;
  return {
    incidentId: state.id,
    title: `${state.drill ? "DRILL: " : ""}SEV ${state.severity} - ${playbook.name}`,
    drill: state.drill,
    playbookId: playbook.id,
    playbookName: playbook.name,
    severity: state.severity,
    summary: state.summary,
    ticketId: state.ticketId,
    startedAt: state.startedAt,
    startedBy: state.startedBy.name,
    endedAt,
    resolved: state.status === "resolved",
    resolvedBy: state.resolvedBy?.name ?? null,
    resolution: state.resolution,
    finalStatus: state.status,
    durationMinutes: minutesBetween(state.startedAt, endedAt),
    ackTargetMinutes: state.ackMinutes,
    timeToAcknowledgeMinutes: ttaMinutes,
    acknowledgedBy: state.acknowledgedBy?.name ?? null,
    ackWithinTarget: ttaMinutes !== null && ttaMinutes <= state.ackMinutes,
    pages: state.pages.map((p) => ({ at: p.at, callee: p.callee, attempt: p.attempt, reason: p.reason, sentOutside: p.sendOutside })),
    deadlinesMissed: state.deadlinesCalledOut.map((id) => ({ stepId: id, text: stepText(id) })),
    steps: { done: stepsIn("done"), skipped: stepsIn("skipped"), open: stepsIn("open") },
    approvals: state.approvals.map((a) => ({
      stepId: a.stepId,
      step: stepText(a.stepId),
      decision: a.decision,
      by: a.by.name,
      at: a.at,
      note: a.note ?? null,
    })),
    roles: playbook.roles.map((r) => ({ role: r.id, name: r.name, party: r.party, holder: state.roles[r.id]?.name ?? null })),
    timeline: state.timeline,
  };
}

/**
 * The Markdown export, for the QBR pack and the ticket. Drills say so in the title and in a banner. Times are in
 * `zone` (the client's, as its people read them; UTC when asked for) and every one names its zone.
 */
export function summaryMarkdown(s: IncidentSummary, zone = "UTC"): string {
  const when = (iso: string) => formatStamp(iso, zone);
  const out: string[] = [];
  const kind = s.drill ? "DRILL summary" : "Post-incident summary";
  out.push(`# ${kind}: SEV ${s.severity} - ${md(s.playbookName)}`, "");
  if (s.drill) out.push("> **DRILL** - tabletop exercise. Nobody outside the channel was paged.", "");
  out.push(
    `- **What happened:** ${md(s.summary)}`,
    `- **Playbook:** ${md(s.playbookName)} (\`${s.playbookId}\`)`,
    `- **Severity:** ${s.severity}`,
    ...(s.ticketId ? [`- **Ticket:** ${md(s.ticketId)}`] : []),
    `- **Started:** ${when(s.startedAt)} by ${md(s.startedBy)}`,
    s.resolved
      ? `- **Resolved:** ${when(s.endedAt)} by ${md(s.resolvedBy ?? "unknown")}${s.resolution ? `: ${md(s.resolution)}` : ""}`
      : `- **Not resolved** at ${when(s.endedAt)} (status: ${s.finalStatus})`,
    `- **Duration:** ${formatMinutes(s.durationMinutes)}`,
    `- **Time to acknowledge (MSP):** ${ackLine(s)}`,
    `- **Pages:** ${s.pages.length}${s.drill ? " (drill: in channel only)" : ""}`,
    `- **Steps:** ${s.steps.done.length} done, ${s.steps.skipped.length} skipped, ${s.steps.open.length} open`,
    "",
  );

  out.push("## Roles", "", "| Role | Party | Held by |", "| --- | --- | --- |");
  for (const r of s.roles) out.push(`| ${cell(r.name)} | ${r.party} | ${cell(r.holder ?? "unassigned")} |`);
  out.push("");

  out.push("## Checklist", "");
  for (const st of s.steps.done) out.push(`- [x] ${md(st.text)} (${st.party}; ${md(st.by ?? "?")}${st.at ? `, ${when(st.at)}` : ""})`);
  for (const st of s.steps.skipped) out.push(`- [ ] ~~${md(st.text)}~~ skipped by ${md(st.by ?? "?")}${st.reason ? `: ${md(st.reason)}` : ""}`);
  for (const st of s.steps.open) out.push(`- [ ] ${md(st.text)} (${st.party}; still open)`);
  out.push("");

  if (s.deadlinesMissed.length > 0) {
    out.push("## Missed deadlines", "");
    for (const d of s.deadlinesMissed) out.push(`- ${md(d.text)}`);
    out.push("");
  }

  out.push("## Approvals", "");
  if (s.approvals.length === 0) out.push("None requested or given.");
  for (const a of s.approvals) out.push(`- **${a.decision}** by ${md(a.by)} at ${when(a.at)}: ${md(a.step)}${a.note ? ` (${md(a.note)})` : ""}`);
  out.push("");

  out.push("## Timeline", "", "| Time | + | Who | Event |", "| --- | --- | --- | --- |");
  for (const e of s.timeline) {
    out.push(`| ${when(e.at)} | ${formatMinutes(minutesBetween(s.startedAt, e.at))} | ${cell(e.actor.name)} | ${cell(e.text)} |`);
  }
  out.push("");
  return out.join("\n");
}

function ackLine(s: IncidentSummary): string {
  if (s.timeToAcknowledgeMinutes === null) return `not acknowledged (target ${formatMinutes(s.ackTargetMinutes)})`;
  const verdict = s.ackWithinTarget ? "within" : "missed";
  return `${formatMinutes(s.timeToAcknowledgeMinutes)} by ${md(s.acknowledgedBy ?? "?")} (${verdict} the ${formatMinutes(s.ackTargetMinutes)} target)`;
}

/** Free text must not break Markdown structure (it comes from chat). */
function md(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/([\\`*_[\]<>])/g, "\\$1");
}

function cell(text: string): string {
  return md(text).replace(/\|/g, "\\|");
}
