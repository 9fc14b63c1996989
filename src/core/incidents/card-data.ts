// The typed data the live incident card (Teams and Slack templates) is expanded with, built from state + now.
import { formatMinutes } from "../duration";
import type { ContactParty, PlaybookParty } from "./playbook";
import { latestApproval, minutesBetween, type IncidentState, type IncidentStatus, type StepState } from "./incident-model";
import { ackTimer, isStepOverdue, stepDueAt } from "./timers";

export interface CardRole {
  role: string;
  name: string;
  party: PlaybookParty;
  holder: string | null;
  holderId: string | null;
}

export interface CardStep {
  id: string;
  text: string;
  party: PlaybookParty;
  role: string | null;
  roleName: string | null;
  /** Who holds the step's role right now. */
  holder: string | null;
  state: StepState;
  done: boolean;
  skipped: boolean;
  /** Who closed it and why, once done or skipped. */
  closedBy: string | null;
  reason: string | null;
  needsApproval: boolean;
  /** null for steps that need none; pending until the client approver decides. */
  approval: "pending" | "approved" | "declined" | null;
  approvalBy: string | null;
  overdue: boolean;
  /** "due 30 min after start", or null without a deadline. */
  due: string | null;
  dueAt: string | null;
}

export interface CardContact {
  id: string;
  caller: string;
  callee: string;
  party: ContactParty;
  when: string | null;
  phone: string | null;
  paged: boolean;
}

export interface CardAuthority {
  id: string;
  decision: string;
  /** "Technical lead (Jo Park), Incident lead (unassigned)". */
  holders: string;
  needsApproval: boolean;
  notes: string | null;
}

export interface IncidentCardData {
  incidentId: string;
  title: string;
  drill: boolean;
  /** Shown above everything in drills; null for real incidents. */
  drillBanner: string | null;
  severity: number;
  severityLabel: string;
  status: IncidentStatus;
  statusLabel: string;
  resolved: boolean;
  summary: string;
  ticketId: string | null;
  playbookId: string;
  playbookName: string;
  startedAt: string;
  startedBy: string;
  elapsed: string;
  ack: { acknowledged: boolean; overdue: boolean; text: string };
  roles: CardRole[];
  steps: CardStep[];
  progress: { done: number; skipped: number; open: number; total: number; text: string };
  pendingApprovals: number;
  contactTree: CardContact[];
  authorities: CardAuthority[];
  links: { title: string; url: string }[];
  lastUpdate: string | null;
}

export const DRILL_BANNER = "DRILL - tabletop exercise. Nobody outside this channel is paged.";

export function incidentCardData(state: IncidentState, now: Date): IncidentCardData {
  const { playbook } = state;
  const end = state.resolvedAt ?? now;
  const roleName = (id: string) => playbook.roles.find((r) => r.id === id)?.name ?? id;
  const steps = playbook.steps.map((s): CardStep => {
    const progress = state.steps[s.id];
    const decision = s.needsApproval ? latestApproval(state, s.id) : null;
    return {
      id: s.id,
      text: s.text,
      party: s.party,
      role: s.role ?? null,
      roleName: s.role ? roleName(s.role) : null,
      holder: s.role ? state.roles[s.role]?.name ?? null : null,
      state: progress.state,
      done: progress.state === "done",
      skipped: progress.state === "skipped",
      closedBy: progress.by?.name ?? null,
      reason: progress.reason ?? null,
      needsApproval: s.needsApproval,
      approval: s.needsApproval ? decision?.decision ?? "pending" : null,
      approvalBy: decision?.by.name ?? null,
      overdue: state.status !== "resolved" && isStepOverdue(state, s, now),
      due: s.deadlineMinutes === undefined ? null : `due ${formatMinutes(s.deadlineMinutes)} after start`,
      dueAt: s.deadlineMinutes === undefined ? null : stepDueAt(state, s).toISOString(),
    };
  });
  const count = (st: StepState) => steps.filter((s) => s.state === st).length;
  const progress = { done: count("done"), skipped: count("skipped"), open: count("open"), total: steps.length, text: "" };
  progress.text = `${progress.done} of ${progress.total} steps done` + (progress.skipped ? `, ${progress.skipped} skipped` : "");
  const paged = new Set(state.pages.map((p) => p.contactId));

  return {
    incidentId: state.id,
    title: `${state.drill ? "DRILL: " : ""}SEV ${state.severity} - ${playbook.name}`,
    drill: state.drill,
    drillBanner: state.drill ? DRILL_BANNER : null,
    severity: state.severity,
    severityLabel: `SEV ${state.severity}`,
    status: state.status,
    statusLabel: state.status.charAt(0).toUpperCase() + state.status.slice(1),
    resolved: state.status === "resolved",
    summary: state.summary,
    ticketId: state.ticketId,
    playbookId: playbook.id,
    playbookName: playbook.name,
    startedAt: state.startedAt,
    startedBy: state.startedBy.name,
    elapsed: formatMinutes(minutesBetween(state.startedAt, end)),
    ack: ackText(state, now),
    roles: playbook.roles.map((r) => ({
      role: r.id,
      name: r.name,
      party: r.party,
      holder: state.roles[r.id]?.name ?? null,
      holderId: state.roles[r.id]?.id ?? null,
    })),
    steps,
    progress,
    pendingApprovals: steps.filter((s) => s.approval === "pending" && s.state === "open").length,
    contactTree: playbook.contactTree.map((c) => ({
      id: c.id,
      caller: playbook.roles.some((r) => r.id === c.caller) ? roleName(c.caller) : playbook.contactTree.find((p) => p.id === c.caller)?.callee ?? c.caller,
      callee: c.callee,
      party: c.party,
      when: c.when ?? null,
      phone: c.phone ?? null,
      paged: paged.has(c.id),
    })),
    authorities: playbook.authorities.map((a) => ({
      id: a.id,
      decision: a.decision,
      holders: a.holders.map((h) => `${roleName(h)} (${state.roles[h]?.name ?? "unassigned"})`).join(", "),
      needsApproval: a.needsApproval,
      notes: a.notes ?? null,
    })),
    links: playbook.links,
    lastUpdate: state.timeline.length > 0 ? state.timeline[state.timeline.length - 1].text : null,
  };
}

function ackText(state: IncidentState, now: Date): IncidentCardData["ack"] {
  const timer = ackTimer(state, now);
  if (timer.acknowledged) {
    return { acknowledged: true, overdue: false, text: `MSP acknowledged (${state.acknowledgedBy?.name}) after ${formatMinutes(timer.minutes)}` };
  }
  if (state.status === "resolved") return { acknowledged: false, overdue: false, text: "Resolved without an MSP acknowledgement" };
  if (!timer.overdue) {
    return { acknowledged: false, overdue: false, text: `MSP to acknowledge within ${formatMinutes(timer.minutes)} (${formatMinutes(state.ackMinutes)} response time)` };
  }
  const last = state.pages[state.pages.length - 1];
  const verb = state.drill ? "drill re-page to" : "re-paged";
  const paged = state.pages.length > 1 && last ? `; ${verb} ${last.callee}` : "";
  return { acknowledged: false, overdue: true, text: `MSP acknowledgement overdue by ${formatMinutes(timer.minutes)}${paged}` };
}
