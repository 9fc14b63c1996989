// The authorization matrix's probes: one request per command, button and message action, each naming the row of
// the authorization table (src/core/access/table.ts) it must be judged by.
import { allows, mayHoldIncidentRole } from "../../src/core/access/check";
import { PERMISSIONS, type PermissionId } from "../../src/core/access/table";
import type { Role } from "../../src/core/ports/tenancy";

/** The objects of the client whose conversation a probe is sent in (so a refusal comes from the table, not tenancy). */
export interface ClientObjects {
  prefix: string;
  openTicket: string;
  resolvedTicket: string;
  incident: string;
}

export type Probe =
  | { kind: "command"; text: (o: ClientObjects) => string; expect: Expectation }
  | { kind: "button"; verb: string; data: (o: ClientObjects, n: number) => Record<string, string>; expect: Expectation }
  | { kind: "message-action"; expect: Expectation };

/** The table's row, or a playbook role's rule (taking a role). */
export type Expectation = { permission: PermissionId } | { incidentRole: { id: string; name: string; party: "internal" | "msp" | "joint" } };

export function expectedAllowed(e: Expectation, roles: readonly Role[]): boolean {
  // The clock stands in the client's business hours; the probed roles are not open to internal IT then anyway.
  return "permission" in e ? allows(PERMISSIONS[e.permission].allowed, roles) : mayHoldIncidentRole(roles, e.incidentRole, true);
}

export const labelOf = (p: Probe): string => (p.kind === "command" ? `command "${p.text({ prefix: "HL", openTicket: "", resolvedTicket: "", incident: "" })}"` : p.kind === "button" ? `button ${p.verb}` : "message action Create ticket");

const cmd = (permission: PermissionId, text: string | ((o: ClientObjects) => string)): Probe => ({ kind: "command", text: typeof text === "string" ? () => text : text, expect: { permission } });
const btn = (permission: PermissionId, verb: string, data: (o: ClientObjects, n: number) => Record<string, string>): Probe => ({ kind: "button", verb, data, expect: { permission } });
const card = (n: number) => `probe:${n}`;

export const PROBES: Probe[] = [
  cmd("help", "help"),
  cmd("whohandles.ask", "who handles the printer on floor 2"),
  btn("whohandles.ask", "whohandles-pick", (_o, n) => ({ q: "printer jammed", card: card(n) })),
  btn("whohandles.ask", "whohandles-choose", (_o, n) => ({ q: "printer jammed", card: card(n), category: "printers-scanners" })),
  btn("whohandles.ask", "whohandles-ask", (_o, n) => ({ q: "printer jammed", card: card(n), side: "msp" })),
  cmd("matrix.show", "matrix"),
  btn("matrix.show", "matrix-show", (_o, n) => ({ card: card(n) })),
  cmd("matrix.import", "matrix import"),
  btn("matrix.import", "matrix-import-apply", (_o, n) => ({ id: "no-such-import", card: card(n) })),
  btn("matrix.import", "matrix-import-cancel", (_o, n) => ({ id: "no-such-import", card: card(n) })),
  cmd("ticket.open", "ticket the probe printer is jammed"),
  btn("ticket.open", "ticket-open", (_o, n) => ({ text: "probe from a who-handles answer", category: "printers-scanners", card: card(n) })),
  { kind: "message-action", expect: { permission: "ticket.open" } },
  // The message action by @mention: outside a thread it only says how, but the table is asked first.
  cmd("ticket.open", "make this a ticket"),
  cmd("ticket.show", (o) => `ticket ${o.prefix}-1`),
  cmd("tickets.list", "tickets"),
  btn("tickets.list", "tickets-more", (_o, n) => ({ scope: "open", offset: "0", card: card(n) })),
  cmd("tickets.mine", "my tickets"),
  btn("tickets.mine", "tickets-more", (_o, n) => ({ scope: "mine", offset: "0", card: card(n) })),
  btn("ticket.take", "ticket-take", (o, n) => ({ ticket: o.openTicket, card: card(n) })),
  btn("ticket.handover", "ticket-handover", (o, n) => ({ ticket: o.openTicket, card: card(n), to: "msp", note: "probe" })),
  btn("ticket.note", "ticket-note", (o, n) => ({ ticket: o.openTicket, card: card(n), note: "probe note" })),
  btn("ticket.log-time", "ticket-note", (o, n) => ({ ticket: o.openTicket, card: card(n), time: "15m" })),
  cmd("ticket.log-time", (o) => `log 15m ${o.prefix}-1 probe`),
  btn("ticket.severity", "ticket-severity", (o, n) => ({ ticket: o.openTicket, card: card(n), severity: "2" })),
  btn("ticket.escalate", "ticket-escalate", (o, n) => ({ ticket: o.openTicket, card: card(n), note: "probe", severity: "2" })),
  cmd("ticket.escalate", (o) => `escalate ${o.prefix}-1 probe`),
  btn("ticket.acknowledge", "ticket-ack", (o, n) => ({ ticket: o.openTicket, card: card(n) })),
  btn("ticket.reopen", "ticket-reopen", (o, n) => ({ ticket: o.resolvedTicket, card: card(n) })),
  btn("ticket.resolve", "ticket-resolve", (o, n) => ({ ticket: o.openTicket, card: card(n), note: "probe" })),
  cmd("hours.show", "hours"),
  cmd("report.monthly", "report"),
  cmd("incident.help", "incident help"),
  cmd("incident.help", "incident playbooks"),
  cmd("incident.list", "incident list"),
  cmd("incident.view", "incident timeline IR-1"),
  cmd("incident.view", "incident summary IR-1"),
  btn("incident.view", "incident-checklist", (o, n) => ({ incident: o.incident, card: card(n) })),
  // Before any role is taken: nobody holds the Client approver or the Incident lead, so the roles alone decide.
  btn("incident.approve", "incident-decide", (o, n) => ({ incident: o.incident, card: card(n), step: "cut-remote-access", decision: "approve" })),
  cmd("incident.approve", "incident approve IR-1 cut-remote-access"),
  btn("incident.assign", "incident-assign", (o, n) => ({ incident: o.incident, card: card(n), role: "communications", person: "no-such-person" })),
  cmd("incident.acknowledge", "incident ack IR-1 probe"),
  btn("incident.acknowledge", "incident-ack", (o, n) => ({ incident: o.incident, card: card(n) })),
  cmd("incident.update", "incident update IR-1 probe update"),
  cmd("incident.status", "incident status IR-1 contained probe"),
  btn("incident.status", "incident-status", (o, n) => ({ incident: o.incident, card: card(n), status: "recovering" })),
  cmd("incident.step", "incident done IR-1 confirm-scope"),
  btn("incident.step", "incident-done", (o, n) => ({ incident: o.incident, card: card(n), step: "isolate-hosts" })),
  cmd("incident.start", "incident sev1 ransomware probe start"),
  btn("incident.start", "incident-from-ticket", (o, n) => ({ ticket: o.openTicket, card: card(n), playbook: "ransomware" })),
  cmd("incident.drill", "incident drill ransomware probe drill"),
  { kind: "button", verb: "incident-take", data: (o, n) => ({ incident: o.incident, card: card(n), role: "technical-lead" }), expect: { incidentRole: { id: "technical-lead", name: "Technical lead", party: "msp" } } },
  { kind: "button", verb: "incident-take", data: (o, n) => ({ incident: o.incident, card: card(n), role: "communications" }), expect: { incidentRole: { id: "communications", name: "Communications", party: "internal" } } },
  { kind: "command", text: () => "incident take IR-1 client-approver", expect: { incidentRole: { id: "client-approver", name: "Client approver", party: "internal" } } },
  { kind: "command", text: () => "incident take IR-1 incident-lead", expect: { incidentRole: { id: "incident-lead", name: "Incident lead", party: "msp" } } },
  cmd("schedule.list", "schedule list"),
  cmd("schedule.change", "schedule pause standup"),
  btn("standup.agenda", "standup.add-item", (_o, n) => ({ card: card(n), run: "no-such-run", item: "probe" })),
  btn("standup.agenda", "standup.held", (_o, n) => ({ card: card(n), run: "no-such-run" })),
  btn("standup.agenda", "standup.snooze", (_o, n) => ({ card: card(n), run: "no-such-run" })),
  btn("qbr.calendar", "qbr.calendar", (_o, n) => ({ card: card(n), schedule: "no-such-schedule", run: "no-such-run" })),
];

export type RoleName = "guest" | "staff" | Exclude<Role, "staff">;
export const ROLE_NAMES: RoleName[] = ["guest", "staff", "internal-it", "msp-tech", "msp-lead", "admin"];
export const rolesOfName = (r: RoleName): Role[] => (r === "guest" ? [] : [r]);
