// Typed sample data for every card, made by the real builders from fixed fixtures: the preview
// (npm run cards:preview), the render test and the contract test draw every card from these.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { defaultPlaybookFiles } from "../../src/adapters/db/playbook-repo";
import type { CardData, CardName } from "../../src/core/cards/registry";
import { helpCard } from "../../src/core/help/help-feature";
import { apply, startIncident } from "../../src/core/incidents/incident";
import type { IncidentState } from "../../src/core/incidents/incident-model";
import { incidentCardView } from "../../src/core/incidents/live-card";
import type { Playbook } from "../../src/core/incidents/playbook";
import { getPlaybook, loadPlaybookSet } from "../../src/core/incidents/playbook-set";
import type { IncidentRecord, KnownPerson } from "../../src/core/incidents/ports";
import { incidentSummaryCard, timelineCard } from "../../src/core/incidents/summary-card";
import { parseMatrix } from "../../src/core/matrix/format";
import type { Matrix } from "../../src/core/matrix/model";
import { zonesOf } from "../../src/core/matrix/zones";
import type { Ticket, TicketEvent } from "../../src/core/tickets/model";
import { slaClocks, slaPolicy } from "../../src/core/tickets/sla";
import { ticketCard } from "../../src/core/tickets/ticket-card";
import { hoursCard } from "../../src/core/tickets/time-log";
import { answerFor } from "../../src/core/whohandles/answer";
import { categoryPickerCard, matrixImportCard, matrixSummaryCard, notInMatrixCard, whoHandlesCard } from "../../src/core/whohandles/cards";
import { monthlySample, qbrSample, scheduleListSample, standupSample } from "../unit/schedules/card-samples";
import { listLine } from "../../src/core/tickets/ticket-list";
import { actions } from "../../src/core/cards/contract";
import { TICKET_ACTIONS } from "../../src/core/tickets/buttons";

export const demoMatrix: Matrix = (parseMatrix(readFileSync(join(__dirname, "../../prisma/seed/demo-matrix.yaml"), "utf8")) as { matrix: Matrix }).matrix;
const ZONES = zonesOf(demoMatrix, { timezone: "UTC" });
/** Tue 8 Sep 2026, 10:30 in Toronto: business hours. */
export const SAMPLE_NOW = new Date("2026-09-08T14:30:00Z");
const cat = (id: string) => demoMatrix.categories.find((c) => c.id === id)!;

function whoHandles(): CardData<"who-handles"> {
  const category = cat("printers-scanners");
  const now = answerFor(demoMatrix, category, SAMPLE_NOW);
  return whoHandlesCard(demoMatrix, category, now, { question: "the printer on floor 2 won't print", q: "cq0sample01", key: "whohandles:cq0sample01", confidence: 0.92 });
}

function whoHandlesAway(): CardData<"who-handles"> {
  const category = cat("printers-scanners");
  const now = answerFor(demoMatrix, category, SAMPLE_NOW, new Set(["Alex Example", "Priya Natarajan"]));
  return whoHandlesCard(demoMatrix, category, now, { question: "scan to email stopped working on the 3rd floor copier", q: "cq0sample02", key: "whohandles:cq0sample02", pickedBy: "Priya Natarajan" });
}

const T0 = new Date("2026-09-08T14:00:00Z");
const minutes = (m: number) => new Date(T0.getTime() + m * 60_000);

export function sampleTicket(over: Partial<Ticket> = {}): { ticket: Ticket; events: TicketEvent[] } {
  const ticket: Ticket = {
    id: "cm0sampleticket01", clientId: "demo", number: 42, title: "Payroll export fails with error 0x80070005",
    body: "Payroll export fails with error 0x80070005\nIt started after this morning's update.\nPayroll has to run by 3 pm.",
    categoryId: "business-apps", severity: 1, court: "msp", status: "open", ownerId: "slack:T0MAPLE:U04NIA", ownerName: "Nia Tech",
    requester: "Bob Staff", sourceKey: null, sourceLink: "https://teams.microsoft.com/l/message/19:shared@thread.tacv2/1700000000777",
    escalatedAt: minutes(10), ackedAt: null, ackedBy: null, firstResponseAt: minutes(4), resolvedAt: null, resolvedBy: null,
    createdBy: "slack:T0MAPLE:U05BOB", createdAt: T0, updatedAt: minutes(26), ...over,
  };
  const events: TicketEvent[] = [
    { type: "created", actor: "Bob Staff", toCourt: "internal", at: T0 },
    { type: "taken", actor: "Alex Example", side: "internal", at: minutes(4) },
    { type: "severity", actor: "Alex Example", side: "internal", data: { severity: 1, from: 3 }, at: minutes(8) },
    { type: "escalated", actor: "Alex Example", side: "internal", fromCourt: "internal", toCourt: "msp", text: "payroll runs today at 3 pm", data: { paged: "Sam Sample" }, at: minutes(10) },
    { type: "repaged", actor: null, text: "Nia Tech", data: { paged: "Nia Tech" }, at: minutes(26) },
    { type: "note", actor: "Nia Tech", side: "msp", text: "Looking at the export service logs now", at: minutes(28) },
    { type: "time", actor: "Nia Tech", side: "msp", minutes: 20, text: "log review", at: minutes(29) },
  ];
  return { ticket, events };
}

function ticket(over: Partial<Ticket> = {}, now = minutes(30)): CardData<"ticket"> {
  const { ticket: t, events } = sampleTicket(over);
  const clocks = slaClocks(t, events, slaPolicy({}, demoMatrix), demoMatrix.businessHours, now);
  return ticketCard({
    ticket: t, events, prefix: "HL", parties: { internal: demoMatrix.parties.internal.name, msp: demoMatrix.parties.msp.name },
    categoryName: "Business applications", clocks, zones: ZONES, hoursLeft: 12 * 60, now,
  });
}

function ticketList(): CardData<"ticket-list"> {
  const base = sampleTicket().ticket;
  const items = [
    { ...base, number: 42 },
    { ...base, number: 43, title: "New starter needs a laptop and accounts by Monday", severity: 3 as const, court: "internal" as const, ownerName: "Alex Example", escalatedAt: null },
    { ...base, number: 47, title: "VPN drops every 20 minutes for remote staff", severity: 2 as const, court: "requester" as const, ownerName: null, escalatedAt: null },
  ].map((t) => listLine(t, "HL"));
  return {
    title: "Open tickets",
    summary: "1–3 of 14",
    items,
    actions: actions(TICKET_ACTIONS.more.button("Next 10", { card: "ticket-list:evt1", scope: "open", offset: "10" })),
  };
}

const set = loadPlaybookSet(defaultPlaybookFiles()).set;
const people: KnownPerson[] = [
  { id: "p-alex", actor: { platform: "slack", teamId: "T1", userId: "UALEX" }, name: "Alex Example", roles: ["internal-it"] },
  { id: "p-sam", actor: { platform: "slack", teamId: "T1", userId: "USAM" }, name: "Sam Sample", roles: ["msp-lead"] },
  { id: "p-nia", actor: { platform: "slack", teamId: "T1", userId: "UNIA" }, name: "Nia Tech", roles: ["msp-tech"] },
  { id: "p-casey", actor: { platform: "slack", teamId: "T1", userId: "UCASEY" }, name: "Casey COO", roles: ["staff"] },
];
const person = (id: string, name: string, party: "internal" | "msp") => ({ id, name, party });
const sam = person("slack:T1:USAM", "Sam Sample", "msp");
const nia = person("slack:T1:UNIA", "Nia Tech", "msp");
const alex = person("slack:T1:UALEX", "Alex Example", "internal");
const casey = person("slack:T1:UCASEY", "Casey COO", "internal");
const I0 = new Date("2026-09-08T14:00:00Z");
const at = (m: number) => new Date(I0.getTime() + m * 60_000);

export function runningIncident(playbook: Playbook = getPlaybook(set, "ransomware")!, drill = false): IncidentState {
  let s = startIncident({ id: "IR-7", playbook, summary: "Files encrypted on FS01 and FS02; ransom note on the shared drive", drill }, sam, at(0)).state;
  s = apply(s, { type: "take-role", role: playbook.roles[1]?.id ?? playbook.roles[0]!.id }, nia, at(5)).state;
  if (playbook.roles.some((r) => r.id === "client-approver")) s = apply(s, { type: "assign-role", role: "client-approver", holder: casey }, alex, at(6)).state;
  s = apply(s, { type: "step-done", stepId: playbook.steps[0]!.id }, nia, at(10)).state;
  s = apply(s, { type: "note", text: "EDR isolated 3 hosts" }, alex, at(14)).state;
  return s;
}

/** A 30-step playbook: the card must stay readable and within the platforms' limits. */
export function longPlaybook(): Playbook {
  const base = getPlaybook(set, "ransomware")!;
  const steps = Array.from({ length: 30 }, (_, i) => ({
    ...base.steps[i % base.steps.length]!,
    id: `step-${i + 1}`,
    text: `${base.steps[i % base.steps.length]!.text} (${Math.floor(i / base.steps.length) + 1})`,
  }));
  return { ...base, id: "long-drill", name: "Thirty-step drill", steps };
}

const incidentRecord = (state: IncidentState): IncidentRecord => ({ id: "cinc123", clientId: "demo", number: 7, channel: { platform: "slack", id: "C1", isDirect: false }, state });

function resolvedIncident(): IncidentState {
  let s = runningIncident();
  s = apply(s, { type: "acknowledge" }, nia, at(12)).state;
  s = apply(s, { type: "set-status", status: "contained" }, sam, at(40)).state;
  s = apply(s, { type: "set-status", status: "resolved", note: "restored from backup" }, sam, at(180)).state;
  return s;
}

export interface Sample<N extends CardName = CardName> {
  name: N;
  /** Short name of this state of the card (file names, the gallery). */
  variant: string;
  data: CardData<N>;
}

const sample = <N extends CardName>(name: N, variant: string, data: CardData<N>): Sample => ({ name, variant, data } as unknown as Sample);

/** Every card, in the states worth looking at. The first sample of each card is its main one. */
export function cardSamples(): Sample[] {
  const matrixChanges = [
    'Category "Printers & scanners": after hours moves from the MSP to internal IT',
    'New category "Conference rooms" (owner: joint, internal IT leads)',
    'Removed category "Fax machines"',
    "Business hours end at 18:00 instead of 17:30",
  ];
  return [
    sample("who-handles", "main", whoHandles()),
    sample("who-handles", "away", whoHandlesAway()),
    sample("not-in-matrix", "main", notInMatrixCard(demoMatrix, { question: "where's the lunch menu?", q: "cq0sample03", key: "whohandles:cq0sample03", closest: ["facilities-av", "email"].filter((id) => demoMatrix.categories.some((c) => c.id === id)) })),
    sample("category-picker", "main", categoryPickerCard(demoMatrix, { question: "the printer on floor 2 won't print", q: "cq0sample01", key: "whohandles:cq0sample01", alternatives: demoMatrix.categories.slice(0, 3).map((c) => c.id) })),
    sample("category-picker", "unsure", categoryPickerCard(demoMatrix, { question: "the screen is flickering", q: "cq0sample03", key: "whohandles:cq0sample03", alternatives: demoMatrix.categories.slice(0, 3).map((c) => c.id), unsure: true })),
    sample("matrix-summary", "main", matrixSummaryCard(demoMatrix, SAMPLE_NOW)),
    sample("matrix-import", "main", matrixImportCard({ matrix: { ...demoMatrix, version: 5 }, previousVersion: 4, changes: matrixChanges, id: "imp-1", key: "matrix-import:imp-1" })),
    sample("help", "main", helpCard("Maple Ridge", [
      { usage: "who handles <question>", summary: "Who owns this right now, by the signed matrix (with backup, after hours and escalation)" },
      { usage: "ticket <what happened>", summary: "Open a ticket both sides see, routed by the matrix" },
      { usage: "tickets [mine|msp|internal|waiting]", summary: "List open tickets" },
      { usage: "escalate HL-42 [severity] [reason]", summary: "Internal IT: hand a ticket to the MSP and page their owner" },
      { usage: "log 30m HL-42 [what you did]", summary: "Log time on a ticket (MSP time draws down block hours)" },
      { usage: "incident sev1 <playbook> [summary]", summary: "Run a severity-1 incident playbook in this channel" },
      { usage: "matrix", summary: "Show the responsibility matrix" },
      { usage: "hours", summary: "MSP block hours left" },
    ])),
    sample("ticket", "escalated", ticket()),
    sample("ticket", "resolved", ticket({ status: "resolved", resolvedAt: minutes(90), resolvedBy: "Nia Tech", ackedAt: minutes(27), ackedBy: "Nia Tech" }, minutes(95))),
    sample("ticket", "new", ticket({ severity: 3, court: "internal", ownerId: null, ownerName: null, escalatedAt: null, firstResponseAt: null, sourceLink: null }, minutes(2))),
    sample("ticket-list", "main", ticketList()),
    sample("hours", "main", hoursCard(
      { id: "demo", name: "Maple Ridge", ticketPrefix: "HL", timezone: "America/Toronto", settings: {} } as never,
      [
        { minutes: 40 * 60, note: "block hours bought", actor: "tandem hours add", ticketId: null, at: new Date("2026-08-01T14:00:00Z") },
        { minutes: -90, note: "HL-40: firewall rule review", actor: "Nia Tech", ticketId: "t40", at: new Date("2026-09-02T15:00:00Z") },
        { minutes: -20, note: "HL-42: log review", actor: "Nia Tech", ticketId: "t42", at: new Date("2026-09-08T14:29:00Z") },
      ] as never,
      "America/Toronto",
    )),
    sample("incident", "main", incidentCardView(incidentRecord(runningIncident()), people, at(50), ZONES)),
    sample("incident", "thirty-steps", incidentCardView(incidentRecord(runningIncident(longPlaybook(), true)), people, at(50), ZONES)),
    sample("incident-summary", "main", (({ fallback: _f, ...d }) => d)(incidentSummaryCard(resolvedIncident(), at(181), ZONES))),
    sample("incident-timeline", "main", (({ text: _t, ...d }) => d)(timelineCard(runningIncident(), ZONES))),
    sample("standup", "main", standupSample()),
    sample("monthly-report", "main", monthlySample()),
    sample("qbr", "main", qbrSample()),
    sample("schedule-list", "main", scheduleListSample()),
  ];
}

/** The main sample of a card. */
export function sampleOf<N extends CardName>(name: N): CardData<N> {
  return cardSamples().find((s) => s.name === name)!.data as CardData<N>;
}
