// A small playbook for lifecycle tests: every feature (approval, deadlines, escalation) with few steps.
import { parsePlaybook, type Playbook } from "../../../src/core/incidents/playbook";
import type { Actor } from "../../../src/core/incidents/incident-model";

export const SAMPLE_YAML = `
id: sample-outage
name: Sample outage
severity: 1
aliases: [sample]
roles:
  - { id: incident-lead, name: Incident lead, party: msp }
  - { id: technical-lead, name: Technical lead, party: msp }
  - { id: communications, name: Communications, party: internal }
  - { id: client-approver, name: Client approver, party: internal }
steps:
  - { id: confirm, text: Confirm the scope, party: joint, role: incident-lead, deadlineMinutes: 15 }
  - { id: isolate, text: Isolate the hosts, party: msp, role: technical-lead, deadlineMinutes: 30 }
  - { id: restore, text: Restore from backup, party: msp, role: technical-lead, needsApproval: true }
  - { id: tell-staff, text: Tell staff, party: internal, role: communications, deadlineMinutes: 60 }
contactTree:
  - { id: oncall, caller: incident-lead, callee: MSP on-call, party: msp }
  - { id: lead, caller: incident-lead, callee: MSP lead, party: msp }
  - { id: manager, caller: lead, callee: MSP manager, party: msp }
  - { id: insurer, caller: client-approver, callee: Insurer hotline, party: external }
escalation: [oncall, lead, manager]
authorities:
  - { id: isolate-endpoint, decision: Isolate an endpoint, holders: [technical-lead, incident-lead] }
  - { id: restore, decision: Restore from backup, holders: [technical-lead], needsApproval: true }
`;

export function samplePlaybook(): Playbook {
  const result = parsePlaybook(SAMPLE_YAML, "sample");
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.playbook;
}

export const T0 = new Date("2026-03-04T14:00:00Z");
export const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

export const mspLead: Actor = { id: "u-sam", name: "Sam Sample", party: "msp" };
export const mspTech: Actor = { id: "u-noc", name: "Nia NOC", party: "msp" };
export const internalIt: Actor = { id: "u-alex", name: "Alex Example", party: "internal" };
export const coo: Actor = { id: "u-coo", name: "Casey COO", party: "internal" };
export const admin: Actor = { id: "u-admin", name: "Ada Admin", admin: true };
