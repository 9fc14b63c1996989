// THE authorization table: who may do what in a client's conversations. Every command, button, card action and
// incident role is listed here once; the router and the incident desk enforce it, every refusal is audited, and
// the README's table is this one (test/unit/access checks they agree). A person's roles come from Tandem's people
// list (tandem people add, or the matrix's parties.*.people); someone of the client's own workspace or tenant with no
// entry is "staff"; anyone else (a guest from another organisation) has no role.
import type { Role } from "../ports/tenancy";
import { INCIDENT_ACTIONS } from "../incidents/buttons";
import { QBR_ACTIONS, STANDUP_ACTIONS } from "../schedules/buttons";
import { TICKET_ACTIONS } from "../tickets/buttons";
import { WHOHANDLES_ACTIONS } from "../whohandles/buttons";

export type PermissionId =
  | "help"
  | "whohandles.ask"
  | "matrix.show"
  | "matrix.import"
  | "ticket.open"
  | "ticket.show"
  | "tickets.list"
  | "tickets.mine"
  | "ticket.take"
  | "ticket.handover"
  | "ticket.note"
  | "ticket.severity"
  | "ticket.log-time"
  | "ticket.resolve"
  | "ticket.reopen"
  | "ticket.escalate"
  | "ticket.acknowledge"
  | "hours.show"
  | "report.monthly"
  | "incident.help"
  | "incident.list"
  | "incident.view"
  | "incident.start"
  | "incident.drill"
  | "incident.acknowledge"
  | "incident.update"
  | "incident.status"
  | "incident.step"
  | "incident.approve"
  | "incident.assign"
  | "schedule.list"
  | "schedule.change"
  | "standup.agenda"
  | "qbr.calendar";

/**
 * What a command or button declares: its permission, or "in-handler" when the rule depends on the data (an
 * incident's role holders, the playbook role asked for); the handler then calls requireAccess /
 * requireIncidentRole itself.
 */
export type Access = PermissionId | "in-handler";

/** `everyone` includes guests with no role; the other sets name the roles allowed. */
export type Allowed = "everyone" | readonly Role[];

export interface Permission {
  /** What it does, as the refusal says it: "Only ... can <label>." */
  label: string;
  allowed: Allowed;
  /** How people reach it: typed commands (chat, Slack slash commands) and buttons (verbs). */
  commands: string[];
  buttons: string[];
  /** Who else may, decided where the data is (the incident's role holders); shown in the README. */
  condition?: string;
  /** What to do instead, added to the refusal. */
  hint?: string;
}

export const PEOPLE: readonly Role[] = ["staff", "internal-it", "msp-tech", "msp-lead", "admin"];
export const AGENTS: readonly Role[] = ["internal-it", "msp-tech", "msp-lead", "admin"];
export const INTERNAL: readonly Role[] = ["internal-it", "admin"];
export const MSP: readonly Role[] = ["msp-tech", "msp-lead", "admin"];
export const LEADS: readonly Role[] = ["msp-lead", "admin"];
export const ADMINS: readonly Role[] = ["admin"];

export const PERMISSIONS: Record<PermissionId, Permission> = {
  help: { label: "see the help", allowed: "everyone", commands: ["help", "welcome (when Tandem is added)"], buttons: [] },
  "whohandles.ask": {
    label: "ask who handles something",
    allowed: PEOPLE,
    commands: ["who handles <question>", "ask <question>", "a question to Tandem (1:1, or ending in ?)"],
    buttons: [WHOHANDLES_ACTIONS.pick.verb, WHOHANDLES_ACTIONS.choose.verb, WHOHANDLES_ACTIONS.ask.verb],
  },
  "matrix.show": { label: "see the responsibility matrix", allowed: PEOPLE, commands: ["matrix", "show the matrix"], buttons: [WHOHANDLES_ACTIONS.showMatrix.verb] },
  "matrix.import": {
    label: "replace the responsibility matrix",
    allowed: ADMINS,
    hint: "An admin can also use `tandem matrix import FILE` on the server.",
    commands: ["matrix import <link>", "a .yaml file attached in a 1:1 chat"],
    buttons: [WHOHANDLES_ACTIONS.applyImport.verb, WHOHANDLES_ACTIONS.cancelImport.verb],
  },
  "ticket.open": {
    label: "open a ticket",
    allowed: PEOPLE,
    commands: ["ticket <what happened>", "open ticket <what happened>", "Create ticket (message action / shortcut)", "ticket this / make this a ticket (in the message's thread)"],
    buttons: [TICKET_ACTIONS.open.verb],
  },
  "ticket.show": { label: "look up a ticket", allowed: AGENTS, commands: ["ticket HL-42", "tickets show HL-42"], buttons: [] },
  "tickets.list": { label: "list the client's open tickets", allowed: AGENTS, commands: ["tickets [list] [msp|internal|waiting]", "open tickets"], buttons: [`${TICKET_ACTIONS.more.verb} (open tickets)`] },
  "tickets.mine": { label: "list your own tickets", allowed: PEOPLE, commands: ["my tickets", "tickets mine"], buttons: [`${TICKET_ACTIONS.more.verb} (my tickets)`] },
  "ticket.take": { label: "take a ticket", allowed: AGENTS, commands: [], buttons: [TICKET_ACTIONS.take.verb] },
  "ticket.handover": { label: "hand a ticket over", allowed: AGENTS, commands: [], buttons: [TICKET_ACTIONS.handOver.verb] },
  "ticket.note": { label: "add a note to a ticket", allowed: AGENTS, commands: [], buttons: [TICKET_ACTIONS.note.verb], condition: "also the person who opened the ticket" },
  "ticket.severity": { label: "change a ticket's severity", allowed: AGENTS, commands: [], buttons: [TICKET_ACTIONS.severity.verb] },
  "ticket.log-time": { label: "log time on a ticket", allowed: AGENTS, commands: ["log 30m HL-42 [note]"], buttons: [`${TICKET_ACTIONS.note.verb} (with a time)`] },
  "ticket.resolve": { label: "resolve a ticket", allowed: AGENTS, commands: [], buttons: [TICKET_ACTIONS.resolve.verb], condition: "also the person who opened the ticket" },
  "ticket.reopen": { label: "reopen a ticket", allowed: AGENTS, commands: [], buttons: [TICKET_ACTIONS.reopen.verb], condition: "also the person who opened the ticket" },
  "ticket.escalate": {
    label: "escalate a ticket to the MSP",
    allowed: INTERNAL,
    hint: 'Open a ticket with "ticket <what happened>" and internal IT will pick it up.', commands: ["escalate HL-42 [severity] [reason]", "escalate <what happened>"], buttons: [TICKET_ACTIONS.escalate.verb] },
  "ticket.acknowledge": { label: "acknowledge an escalation", allowed: MSP, commands: [], buttons: [TICKET_ACTIONS.ack.verb] },
  "hours.show": { label: "see the MSP block hours", allowed: AGENTS, commands: ["hours"], buttons: [] },
  "report.monthly": {
    label: "see the monthly operations report",
    allowed: AGENTS,
    hint: "It is posted in the channel on the first business day of each month.",
    commands: ["report [YYYY-MM]", "monthly report"],
    buttons: [],
  },
  "incident.help": { label: "see the incident commands and playbooks", allowed: PEOPLE, commands: ["incident", "incident help", "incident playbooks"], buttons: [] },
  "incident.list": { label: "list open incidents", allowed: AGENTS, commands: ["incident list"], buttons: [] },
  "incident.view": { label: "read an incident's timeline, summary or full checklist", allowed: AGENTS, commands: ["incident timeline", "incident summary"], buttons: [INCIDENT_ACTIONS.checklist.verb] },
  "incident.start": {
    label: "start a severity-1 incident",
    allowed: LEADS,
    hint: "Tell the MSP lead now, or open a sev-1 ticket so they can start it from there.", commands: ["incident sev1 <playbook> [summary]"], buttons: [INCIDENT_ACTIONS.fromTicket.verb] },
  "incident.drill": { label: "start an incident drill", allowed: LEADS, commands: ["incident drill <playbook>"], buttons: [] },
  "incident.acknowledge": { label: "acknowledge an incident page for the MSP", allowed: MSP, commands: ["incident ack [note]"], buttons: [INCIDENT_ACTIONS.ack.verb] },
  "incident.update": { label: "post an incident update", allowed: AGENTS, commands: ["incident update <text>"], buttons: [] },
  "incident.status": { label: "change an incident's status (or resolve it)", allowed: AGENTS, commands: ["incident status <status> [reason]", "incident resolve <resolution>"], buttons: [INCIDENT_ACTIONS.status.verb] },
  "incident.step": { label: "mark a playbook step done or skipped", allowed: AGENTS, commands: ["incident done|skip <step> [note]"], buttons: [INCIDENT_ACTIONS.done.verb] },
  "incident.approve": {
    label: "approve or decline a playbook step",
    allowed: ADMINS,
    commands: ["incident approve|decline <step> [note]"],
    buttons: [INCIDENT_ACTIONS.decide.verb],
    condition: "also the person holding the incident's Client approver role",
  },
  "incident.assign": {
    label: "assign an incident role to someone",
    allowed: LEADS,
    commands: ["incident release <role> (someone else's)"],
    buttons: [INCIDENT_ACTIONS.assign.verb],
    condition: "also the person holding the incident's Incident lead role; the person assigned must be allowed to hold the role",
  },
  "schedule.list": { label: "list the schedules", allowed: AGENTS, commands: ["schedule list"], buttons: [] },
  "schedule.change": {
    label: "change the schedules",
    allowed: ADMINS,
    hint: "An admin can also use `tandem schedule` on the server.", commands: ["schedule set|change|pause|resume|skip-next|remove ..."], buttons: [] },
  "standup.agenda": { label: "add to, hold or snooze the standup", allowed: AGENTS, commands: [], buttons: [STANDUP_ACTIONS.addItem.verb, STANDUP_ACTIONS.held.verb, STANDUP_ACTIONS.snooze.verb] },
  "qbr.calendar": { label: "put the QBR in a calendar", allowed: ["internal-it", "msp-lead", "admin"], commands: [], buttons: [QBR_ACTIONS.calendar.verb] },
};

/** Taking, releasing or being assigned a playbook role: by the role's id and its side. */
export interface IncidentRoleRule {
  label: string;
  allowed: readonly Role[];
  /** Also internal IT during the client's business hours, when the playbook says so for this role. */
  internalInBusinessHours?: boolean;
}

/** The incident roles with a fixed rule; any other playbook role goes by its side (INCIDENT_ROLE_BY_PARTY). */
export const INCIDENT_ROLES: Record<string, IncidentRoleRule> = {
  "client-approver": { label: "hold the Client approver role", allowed: INTERNAL },
  "incident-lead": { label: "hold the Incident lead role", allowed: LEADS },
};

export const INCIDENT_ROLE_BY_PARTY: Record<"internal" | "msp" | "joint", IncidentRoleRule> = {
  internal: { label: "hold an internal IT role", allowed: INTERNAL },
  msp: { label: "hold an MSP role", allowed: MSP },
  joint: { label: "hold a joint role", allowed: AGENTS },
};
