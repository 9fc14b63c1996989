// A severity-1 playbook, as Tandem holds it after parsing a playbook file (prisma/seed/playbooks/*.yaml).
import type { Severity } from "../severity";
import { parseDocument } from "yaml";
import { readPlaybook } from "./playbook-fields";

/** Who owns a role or a step. `joint` means both sides work it together. */
export type PlaybookParty = "internal" | "msp" | "joint";
/** Contacts may also sit outside both organisations: insurer, counsel, card processor, police. */
export type ContactParty = PlaybookParty | "external";

export const PLAYBOOK_PARTIES: readonly PlaybookParty[] = ["internal", "msp", "joint"];
export const CONTACT_PARTIES: readonly ContactParty[] = ["internal", "msp", "joint", "external"];

/** Role ids with a meaning the lifecycle relies on. Playbooks may add more roles. */
export const INCIDENT_LEAD = "incident-lead";
export const CLIENT_APPROVER = "client-approver";

export interface PlaybookRole {
  id: string;
  name: string;
  party: PlaybookParty;
  description?: string;
  /** Internal IT may also hold this (MSP) role during the client's business hours (e.g. the incident lead). */
  internalInBusinessHours?: boolean;
}

export interface PlaybookStep {
  id: string;
  text: string;
  party: PlaybookParty;
  /** Role expected to do (or drive) the step. */
  role?: string;
  /** The client approver must approve before the step can be marked done. */
  needsApproval: boolean;
  /** Minutes after the incident starts by which the step should be done. */
  deadlineMinutes?: number;
  /** Longer guidance shown on demand; the checklist shows `text`. */
  detail?: string;
}

/** One line of the call tree: `caller` (a role id or an earlier contact id) calls `callee`. */
export interface PlaybookContact {
  id: string;
  caller: string;
  callee: string;
  party: ContactParty;
  when?: string;
  phone?: string;
  notes?: string;
}

/** A decision only certain roles may take (isolate an endpoint, restore from backup, notify the insurer...). */
export interface PlaybookAuthority {
  id: string;
  decision: string;
  holders: string[];
  /** The client approver must also agree. */
  needsApproval: boolean;
  notes?: string;
}

export interface PlaybookLink {
  title: string;
  url: string;
}

export interface Playbook {
  id: string;
  name: string;
  severity: Severity;
  description?: string;
  /** Other names people use for it ("bec", "phishing"); used by fuzzy lookup. */
  aliases: string[];
  roles: PlaybookRole[];
  steps: PlaybookStep[];
  contactTree: PlaybookContact[];
  /** Contact ids paged in order until the MSP acknowledges. Defaults to the MSP contacts of the tree. */
  escalation: string[];
  authorities: PlaybookAuthority[];
  links: PlaybookLink[];
}

export interface PlaybookProblem {
  /** The file, when the caller named it. */
  source?: string;
  /** Where in the file: a field path like `steps[2].party`, or `line 7` for YAML syntax errors. */
  path: string;
  message: string;
}

export type PlaybookParseResult =
  | { ok: true; playbook: Playbook }
  | { ok: false; problems: PlaybookProblem[] };

/**
 * Parse and validate one playbook file. Every problem is listed (not just the first) so a file can be fixed in one
 * pass. With `source` (a file name), each problem carries it, for messages about several files at once.
 */
export function parsePlaybook(yamlText: string, source?: string): PlaybookParseResult {
  const result = parseUntagged(yamlText);
  if (result.ok || source === undefined) return result;
  return { ok: false, problems: result.problems.map((p) => ({ source, ...p })) };
}

function parseUntagged(yamlText: string): PlaybookParseResult {
  const doc = parseDocument(yamlText, { prettyErrors: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({
        path: e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : "(file)",
        // The library appends the position and a code excerpt; the position is already in `path`.
        message: e.message.split(":\n")[0].replace(/ at line \d+, column \d+$/, ""),
      })),
    };
  }
  const problems: PlaybookProblem[] = [];
  const playbook = readPlaybook(doc.toJS(), problems);
  return problems.length === 0 && playbook ? { ok: true, playbook } : { ok: false, problems };
}

export function findRole(playbook: Playbook, roleId: string): PlaybookRole | undefined {
  return playbook.roles.find((r) => r.id === roleId);
}

export function findStep(playbook: Playbook, stepId: string): PlaybookStep | undefined {
  return playbook.steps.find((s) => s.id === stepId);
}

export function findContact(playbook: Playbook, contactId: string): PlaybookContact | undefined {
  return playbook.contactTree.find((c) => c.id === contactId);
}
