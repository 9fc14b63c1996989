// Data contract of cards/{teams,slack}/incident.json, the live incident card. A playbook may have 30 steps: the
// card shows what needs doing now (open steps, overdue first, a few at a time) and counts the rest; the whole
// checklist is one button away.
import { z } from "zod";
import { buttonSchema, pickerSchema } from "../cards/action";
import { factSchema, lineSchema } from "../cards/contract";
import { formatWhen, type Zones } from "../time/when";
import { INCIDENT_ACTIONS as A } from "./buttons";
import { incidentCardData, type CardStep } from "./card-data";
import type { IncidentStatus } from "./incident-model";
import type { PlaybookParty } from "./playbook";
import type { IncidentRecord, KnownPerson } from "./ports";
import { mayHoldIncidentRole } from "../access/check";

export const incidentCardKey = (incidentId: string) => `incident:${incidentId}`;

/** Open steps with their buttons on the card; the rest are counted, and listed by "Full checklist". */
export const STEPS_SHOWN = 5;

export const incidentCardSchema = z.object({
  /** "" for a real incident. */
  drillBanner: z.string(),
  title: z.string(),
  summary: z.string(),
  /** What needs attention first ("MSP acknowledgement overdue by 5 min"), or "". */
  attention: z.string(),
  facts: z.array(factSchema),
  /** The acknowledge button while the MSP has not acknowledged. */
  ack: z.array(buttonSchema).max(1),
  /** Role lines; their Take and Assign sit behind one "Roles..." entry (Teams: a ShowCard; Slack: menus). */
  roles: z.array(z.object({ text: z.string(), take: z.array(buttonSchema).max(1), assign: z.array(pickerSchema).max(1) })),
  checklistTitle: z.string(),
  approver: z.string(),
  /** Step lines; `label` ("3. Isolate hosts") names a step in the "Mark a step..." choice that holds the buttons. */
  steps: z.array(z.object({ text: z.string(), detail: z.string(), label: z.string(), actions: z.array(buttonSchema).max(1) })),
  /** "22 more open steps, 3 done", or "". */
  moreSteps: z.string(),
  contacts: z.array(lineSchema),
  authorities: z.array(lineSchema),
  links: z.array(z.object({ title: z.string(), url: z.string() })),
  /** The status changes while open: behind "Change status..." in Teams, behind "..." in Slack. */
  status: z.array(buttonSchema).max(3),
  checklist: buttonSchema,
  footer: z.string(),
});
export type IncidentCard = z.infer<typeof incidentCardSchema>;

const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

const PARTY: Record<string, string> = { internal: "internal IT", msp: "MSP", joint: "joint", external: "external" };

function stepText(s: CardStep, n: number): string {
  const mark = s.done ? "✅" : s.skipped ? "⏭️" : s.overdue ? "⏰" : "⬜";
  return `${mark} ${n}. ${s.text}`;
}

function stepDetail(s: CardStep): string {
  const owner = [PARTY[s.party] ?? s.party, s.roleName ? `${s.roleName}${s.holder ? ` (${s.holder})` : ""}` : null].filter(Boolean).join(", ");
  const approval = s.needsApproval ? (s.approval === "pending" ? "needs client approval" : `${s.approval} by ${s.approvalBy}`) : null;
  const closed = s.done ? `done by ${s.closedBy}` : s.skipped ? `skipped by ${s.closedBy}${s.reason ? `: ${s.reason}` : ""}` : null;
  return [owner, s.due, s.overdue ? "overdue" : null, approval, closed].filter(Boolean).join(" · ");
}

/** `paged`: who was paged, how and when (core/paging/summary.ts), one line per person. */
export function incidentCardView(record: IncidentRecord, people: KnownPerson[], now: Date, zones: Zones = { zone: "UTC" }, paged: readonly string[] = []): IncidentCard {
  const { state } = record;
  const base = incidentCardData(state, now);
  const card = incidentCardKey(record.id);
  const data = { incident: record.id, card };
  const open = !base.resolved;
  const roleOf = (id: string) => state.playbook.roles.find((r) => r.id === id) ?? { id, name: id, party: "joint" as PlaybookParty };

  const roles = base.roles.map((r) => {
    // Offered: whoever the authorization table lets hold the role at some hour (the click checks the hour).
    const candidates = people
      .filter((p) => mayHoldIncidentRole(p.roles, roleOf(r.role), true))
      .filter((p) => `${p.actor.platform}:${p.actor.teamId}:${p.actor.userId}` !== r.holderId)
      .slice(0, 100)
      .map((p) => ({ title: p.name.slice(0, 70), value: p.id }));
    return {
      text: `${r.name} (${PARTY[r.party] ?? r.party}): ${r.holder ?? "unassigned"}`,
      take: open && !r.holder ? [A.take.button("Take", { ...data, role: r.role })] : [],
      assign: open && candidates.length > 0 ? [A.assign.picker("Assign", `Assign ${r.name}`.slice(0, 75), "person", { ...data, role: r.role }, candidates)] : [],
    };
  });

  // Overdue steps first, then in playbook order; closed steps are counted, not listed.
  const numbered = base.steps.map((s, i) => ({ s, n: i + 1 }));
  const openSteps = numbered.filter(({ s }) => s.state === "open").sort((a, b) => Number(b.s.overdue) - Number(a.s.overdue) || a.n - b.n);
  const shown = openSteps.slice(0, STEPS_SHOWN).map(({ s, n }) => ({
    text: stepText(s, n),
    detail: stepDetail(s),
    label: clip(`${n}. ${s.text}`, 52),
    actions: !open
      ? []
      : s.needsApproval && s.approval !== "approved"
        ? [A.decide.button("Approve or decline", { ...data, step: s.id })]
        : [A.done.button("Done", { ...data, step: s.id })],
  }));
  const closed = base.progress.done + base.progress.skipped;
  const hiddenOpen = openSteps.length - shown.length;
  const moreSteps = [hiddenOpen > 0 ? `${hiddenOpen} more open step${hiddenOpen === 1 ? "" : "s"}` : "", closed > 0 ? `${closed} closed` : ""].filter(Boolean).join(", ");

  const next: IncidentStatus[] = (["contained", "recovering", "resolved"] as IncidentStatus[]).filter((s) => s !== state.status);
  const approver = base.roles.find((r) => r.role === "client-approver");
  const facts = [
    { title: "Status", value: base.statusLabel },
    { title: "Started", value: `${formatWhen(state.startedAt, zones)} by ${base.startedBy}, ${base.elapsed} ago` },
    { title: "MSP response", value: base.ack.text },
    ...(paged.length ? [{ title: "Paged", value: paged.join("; ") }] : []),
    { title: "Checklist", value: base.progress.text },
    ...(base.ticketId ? [{ title: "Ticket", value: base.ticketId }] : []),
    { title: "Playbook", value: base.playbookName },
  ];
  const ack = open && !base.ack.acknowledged ? [A.ack.button("Acknowledge (MSP)", data, { style: "positive" })] : [];
  const status = open
    ? next.map((s) => A.status.button(s === "resolved" ? "Resolve" : `Mark ${s}`, { ...data, status: s }, { style: s === "resolved" ? "positive" : "default" }))
    : [];
  const checklist = A.checklist.button("Full checklist", data);
  return {
    drillBanner: base.drillBanner ?? "",
    title: base.title,
    summary: `${state.id}: ${base.summary}`,
    attention: open && base.ack.overdue ? base.ack.text : "",
    facts,
    ack,
    roles,
    checklistTitle: `Checklist: ${base.progress.text}`,
    approver: `Client approver: ${approver?.holder ?? "unassigned (assign the role so approvals can be given)"}. ${base.pendingApprovals} approval${base.pendingApprovals === 1 ? "" : "s"} pending.`,
    steps: shown,
    moreSteps,
    contacts: base.contactTree.map((c) => ({
      text: `${c.caller} → ${c.callee}${c.when ? ` (${c.when})` : ""}${c.phone ? `, ${c.phone}` : ""}${c.paged ? (state.drill ? " · drill page" : " · paged") : ""}`,
    })),
    authorities: base.authorities.map((a) => ({ text: `${a.decision}: ${a.holders}${a.needsApproval ? " + client approval" : ""}` })),
    links: base.links.slice(0, 5).map((l) => ({ title: l.title.slice(0, 70), url: l.url })),
    status,
    checklist,
    footer: `${state.drill ? "Drill · " : ""}${state.id} · say "incident timeline" for the full timeline`,
  };
}

/** Every step, for "Full checklist": plain lines, told to the person who asked. */
export function checklistText(record: IncidentRecord, now: Date): string {
  const base = incidentCardData(record.state, now);
  const lines = base.steps.map((s, i) => `${stepText(s, i + 1)}${stepDetail(s) ? ` (${stepDetail(s)})` : ""}`);
  return `${record.state.id} checklist, ${base.progress.text}:\n${lines.join("\n")}`;
}
