// Data contract of cards/{teams,slack}/incident.json: the core card data plus what the buttons need.
// Slack button values are JSON strings, so they are built here once; Teams templates use the plain fields.
import type { PlaybookParty } from "./playbook";
import { incidentCardData, type CardAuthority, type CardContact, type CardRole, type CardStep, type IncidentCardData } from "./card-data";
import type { IncidentStatus } from "./incident-model";
import type { IncidentRecord, KnownPerson } from "./ports";
import { mayHoldIncidentRole } from "../access/check";

export const INCIDENT_VERBS = {
  ack: "incident-ack",
  take: "incident-take",
  assign: "incident-assign",
  done: "incident-done",
  approve: "incident-approve",
  decline: "incident-decline",
  status: "incident-status",
  link: "incident-link",
  decide: "incident-decide",
  fromTicket: "incident-from-ticket",
} as const;

export const incidentCardKey = (incidentId: string) => `incident:${incidentId}`;

export interface RoleView extends CardRole {
  n: number;
  partyLabel: string;
  holderText: string;
  canTake: boolean;
  canAssign: boolean;
  /** Teams ChoiceSet values are the person id; Slack options carry the whole request (Slack updates by key anyway). */
  candidates: { title: string; value: string; slackValue: string }[];
  takeValue: string;
}

export interface StepView extends CardStep {
  n: number;
  line: string;
  detailLine: string;
  canDone: boolean;
  canApprove: boolean;
  doneValue: string;
  approveValue: string;
  declineValue: string;
}

export interface IncidentCardView extends Omit<IncidentCardData, "roles" | "steps"> {
  key: string;
  /** Database id, carried by every button. */
  incident: string;
  ref: string;
  open: boolean;
  ackNeeded: boolean;
  ackValue: string;
  hasTicket: boolean;
  startedText: string;
  roles: RoleView[];
  assignable: RoleView[];
  hasAssignable: boolean;
  steps: StepView[];
  /** Open steps waiting on the client approver (Slack lists them with an Approve/Decline menu). */
  decisions: { n: number; text: string; approvalText: string; approveChoice: string; declineChoice: string }[];
  hasDecisions: boolean;
  approverText: string;
  contactText: string;
  authorityText: string;
  contactLines: (CardContact & { line: string })[];
  authorityLines: (CardAuthority & { line: string })[];
  hasLinks: boolean;
  linkButtons: { n: number; title: string; url: string }[];
  statusActions: { n: number; title: string; status: IncidentStatus; value: string }[];
  hasStatusActions: boolean;
  footer: string;
}

const PARTY: Record<string, string> = { internal: "internal IT", msp: "MSP", joint: "joint", external: "external" };

export function incidentCardView(record: IncidentRecord, people: KnownPerson[], now: Date): IncidentCardView {
  const { state } = record;
  const base = incidentCardData(state, now);
  const key = incidentCardKey(record.id);
  const open = !base.resolved;
  const value = (extra: Record<string, string>) => JSON.stringify({ incident: record.id, key, ...extra });
  const roleOf = (id: string) => state.playbook.roles.find((r) => r.id === id) ?? { id, name: id, party: "joint" as PlaybookParty };

  const roles = base.roles.map((r, i): RoleView => {
    // Offered: whoever the authorization table lets hold the role at some hour (the click checks the hour).
    const candidates = people
      .filter((p) => mayHoldIncidentRole(p.roles, roleOf(r.role), true))
      .filter((p) => `${p.actor.platform}:${p.actor.teamId}:${p.actor.userId}` !== r.holderId)
      .slice(0, 100)
      .map((p) => ({ title: p.name.slice(0, 70), value: p.id, slackValue: JSON.stringify({ incident: record.id, role: r.role, person: p.id }) }));
    return {
      ...r,
      n: i + 1,
      partyLabel: PARTY[r.party] ?? r.party,
      holderText: r.holder ?? "unassigned",
      canTake: open && !r.holder,
      canAssign: open && candidates.length > 0,
      candidates,
      takeValue: value({ role: r.role }),
    };
  });

  const steps = base.steps.map((s, i): StepView => {
    const mark = s.done ? "✅" : s.skipped ? "⏭️" : s.overdue ? "⏰" : "⬜";
    const owner = [PARTY[s.party] ?? s.party, s.roleName ? `${s.roleName}${s.holder ? ` (${s.holder})` : ""}` : null].filter(Boolean).join(", ");
    const approval = s.needsApproval ? (s.approval === "pending" ? "needs client approval" : `${s.approval} by ${s.approvalBy}`) : null;
    const closed = s.done ? `done by ${s.closedBy}` : s.skipped ? `skipped by ${s.closedBy}${s.reason ? `: ${s.reason}` : ""}` : null;
    const detail = [owner, s.due, s.overdue ? "OVERDUE" : null, approval, closed].filter(Boolean).join(" · ");
    const isOpen = open && s.state === "open";
    return {
      ...s,
      n: i + 1,
      line: `${mark} ${i + 1}. ${s.text}`,
      detailLine: detail,
      canDone: isOpen && (!s.needsApproval || s.approval === "approved"),
      canApprove: isOpen && s.needsApproval,
      doneValue: value({ step: s.id }),
      approveValue: value({ step: s.id }),
      declineValue: value({ step: s.id }),
    };
  });

  const contactLines = base.contactTree.map((c) => ({
    ...c,
    line: `${c.caller} → ${c.callee}${c.when ? ` (${c.when})` : ""}${c.phone ? `, ${c.phone}` : ""}${c.paged ? (state.drill ? " · drill page" : " · paged") : ""}`,
  }));
  const authorityLines = base.authorities.map((a) => ({
    ...a,
    line: `${a.decision}: ${a.holders}${a.needsApproval ? " + client approval" : ""}`,
  }));
  const next: IncidentStatus[] = (["contained", "recovering", "resolved"] as IncidentStatus[]).filter((s) => s !== state.status);
  const statusActions = open
    ? next.map((status, i) => ({ n: i + 1, title: status === "resolved" ? "Resolve" : `Mark ${status}`, status, value: value({ status }) }))
    : [];
  const approver = base.roles.find((r) => r.role === "client-approver");
  const { roles: _r, steps: _s, ...rest } = base;

  return {
    ...rest,
    key,
    incident: record.id,
    ref: state.id,
    open,
    ackNeeded: open && !base.ack.acknowledged,
    ackValue: value({}),
    hasTicket: base.ticketId !== null,
    startedText: `${state.startedAt.slice(0, 16).replace("T", " ")} UTC`,
    roles,
    assignable: roles.filter((r) => r.canAssign),
    hasAssignable: roles.some((r) => r.canAssign),
    steps,
    decisions: steps
      .filter((s) => s.canApprove && s.approval !== "approved")
      .map((s) => ({
        n: s.n,
        text: s.text,
        approvalText: s.approval === "declined" ? `declined by ${s.approvalBy}` : "waiting for the client approver",
        approveChoice: JSON.stringify({ incident: record.id, step: s.id, decision: "approve" }),
        declineChoice: JSON.stringify({ incident: record.id, step: s.id, decision: "decline" }),
      })),
    hasDecisions: steps.some((s) => s.canApprove && s.approval !== "approved"),
    approverText: `Client approver: ${approver?.holder ?? "unassigned (assign the role so approvals can be given)"}. ${base.pendingApprovals} approval(s) pending.`,
    contactText: contactLines.map((c) => `• ${c.line}`).join("\n"),
    authorityText: authorityLines.map((a) => `• ${a.line}`).join("\n"),
    contactLines,
    authorityLines,
    hasLinks: base.links.length > 0,
    linkButtons: base.links.slice(0, 5).map((l, i) => ({ n: i + 1, title: l.title.slice(0, 70), url: l.url })),
    statusActions,
    hasStatusActions: statusActions.length > 0,
    footer: `${state.drill ? "[DRILL] " : ""}${state.id} · ${base.progress.text} · say "incident timeline" for the full timeline`,
  };
}
