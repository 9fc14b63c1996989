// "incident ..." as typed in chat (Teams "@Tandem incident ...", Slack "/incident ..."), parsed into a request.
import { DomainError } from "../errors";
import { STATUS_ORDER, type IncidentStatus } from "./incident-model";
import type { Playbook } from "./playbook";
import { findPlaybook, getPlaybook, matchPlaybooks, type PlaybookSet } from "./playbook-set";

export type StepVerb = "done" | "skip" | "approve" | "decline";

export type IncidentRequest =
  | { kind: "start"; drill: boolean; rest: string }
  | { kind: "ack"; ref?: string; note: string }
  | { kind: "update"; ref?: string; text: string }
  | { kind: "status"; ref?: string; status: IncidentStatus; reason: string }
  | { kind: "timeline"; ref?: string }
  | { kind: "summary"; ref?: string }
  | { kind: "step"; verb: StepVerb; ref?: string; step: string; note: string }
  | { kind: "take"; ref?: string; role: string }
  | { kind: "release"; ref?: string; role: string }
  | { kind: "list" }
  | { kind: "playbooks" }
  | { kind: "help" };

export const INCIDENT_USAGE = "incident sev1 <playbook> [summary] | drill <playbook> | ack | update <text> | status <status> [reason] | timeline";

export const INCIDENT_HELP = [
  "Incident commands (Slack: /incident ..., Teams: @Tandem incident ...):",
  "• incident sev1 <playbook> [summary]: start a severity-1 incident (MSP lead or admin)",
  "• incident drill <playbook>: run the playbook as a tabletop exercise (nobody outside the channel is paged)",
  "• incident ack [note]: the MSP acknowledges the page",
  "• incident update <text>: post an update to the timeline",
  "• incident status contained|recovering|resolved [reason]",
  "• incident done|skip <step number> [note], incident approve|decline <step number> [note]",
  "• incident take <role>, incident release <role>",
  "• incident timeline, incident summary, incident list, incident playbooks",
  "With several incidents open, name one: incident update IR-3 <text>.",
].join("\n");

const REF = /^ir-?(\d+)$/i;

const SUBCOMMANDS = new Set(["help", "sev1", "sev-1", "sev", "start", "drill", "tabletop", "ack", "acknowledge", "update", "note", "status", "resolve", "resolved", "timeline", "summary", "review", "done", "skip", "approve", "decline", "take", "release", "list", "open", "playbooks"]);

/** "incident ..." is this command only with a known sub-command ("incident with the printer?" is a question). */
export function isIncidentCommand(args: string): boolean {
  const first = args.trim().split(/\s+/)[0]?.toLowerCase() ?? "";
  return first === "" || SUBCOMMANDS.has(first);
}

export function parseIncidentArgs(text: string): IncidentRequest {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const sub = (words.shift() ?? "").toLowerCase();
  const ref = words.length > 0 && REF.test(words[0]) ? `IR-${REF.exec(words.shift()!)![1]}` : undefined;
  const rest = words.join(" ");
  switch (sub) {
    case "":
    case "help":
      return { kind: "help" };
    case "sev1":
    case "sev-1":
    case "start":
      return { kind: "start", drill: false, rest };
    case "sev":
      if (words[0] !== "1") throw new DomainError("sev1-only", "Incidents here are severity 1. For smaller problems open a ticket.");
      return { kind: "start", drill: false, rest: words.slice(1).join(" ") };
    case "drill":
    case "tabletop":
      return { kind: "start", drill: true, rest };
    case "ack":
    case "acknowledge":
      return { kind: "ack", ref, note: rest };
    case "update":
    case "note":
      if (!rest) throw new DomainError("update-empty", "Say what changed: incident update <text>.");
      return { kind: "update", ref, text: rest };
    case "status": {
      const status = (words.shift() ?? "").toLowerCase() as IncidentStatus;
      if (!STATUS_ORDER.includes(status)) {
        throw new DomainError("unknown-status", `Say the new status: incident status ${STATUS_ORDER.join("|")} [reason].`);
      }
      return { kind: "status", ref, status, reason: words.join(" ") };
    }
    case "resolve":
    case "resolved":
      return { kind: "status", ref, status: "resolved", reason: rest };
    case "timeline":
      return { kind: "timeline", ref };
    case "summary":
    case "review":
      return { kind: "summary", ref };
    case "done":
    case "skip":
    case "approve":
    case "decline": {
      const step = words.shift();
      if (!step) throw new DomainError("step-needed", `Say which step: incident ${sub} <step number> [note].`);
      return { kind: "step", verb: sub, ref, step, note: words.join(" ") };
    }
    case "take":
    case "release": {
      if (!rest) throw new DomainError("role-needed", `Say which role: incident ${sub} <role>, for example incident ${sub} technical-lead.`);
      return { kind: sub, ref, role: rest };
    }
    case "list":
    case "open":
      return { kind: "list" };
    case "playbooks":
      return { kind: "playbooks" };
    default:
      throw new DomainError("unknown-incident-command", `I don't know "incident ${sub}".\n${INCIDENT_HELP}`);
  }
}

/**
 * Splits "business email compromise: CFO mailbox" or "ransomware files encrypted on FS01" into the playbook and
 * the summary. A colon separates them explicitly; otherwise the longest leading words naming a playbook win.
 */
export function splitPlaybook(set: PlaybookSet, rest: string): { playbook: Playbook; summary: string } | null {
  const colon = rest.indexOf(":");
  if (colon > 0) {
    const playbook = findPlaybook(set, rest.slice(0, colon));
    if (playbook) return { playbook, summary: rest.slice(colon + 1).trim() };
  }
  const words = rest.split(/\s+/).filter(Boolean);
  for (let n = Math.min(words.length, 6); n >= 1; n--) {
    const query = words.slice(0, n).join(" ");
    const exact = getPlaybook(set, query.toLowerCase()) ?? matchPlaybooks(set, query).find((m) => m.score === 1)?.playbook;
    if (exact) return { playbook: exact, summary: words.slice(n).join(" ") };
  }
  for (const n of [1, 2]) {
    if (words.length < n) break;
    const playbook = findPlaybook(set, words.slice(0, n).join(" "));
    if (playbook) return { playbook, summary: words.slice(n).join(" ") };
  }
  return null;
}

/** A step by its number on the card ("3") or its id ("isolate-hosts"). */
export function stepIdOf(playbook: Playbook, which: string): string {
  const n = Number(which);
  if (Number.isInteger(n) && n >= 1 && n <= playbook.steps.length) return playbook.steps[n - 1].id;
  const step = playbook.steps.find((s) => s.id === which.toLowerCase());
  if (!step) throw new DomainError("unknown-step", `There is no step "${which}"; use the step number shown on the card (1 to ${playbook.steps.length}).`);
  return step.id;
}

/** A role by id ("technical-lead") or name ("technical lead"). */
export function roleIdOf(playbook: Playbook, which: string): string {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  const role = playbook.roles.find((r) => r.id === norm(which) || norm(r.name) === norm(which));
  if (!role) throw new DomainError("unknown-role", `There is no role "${which}"; roles: ${playbook.roles.map((r) => r.id).join(", ")}.`);
  return role.id;
}

export function playbookList(playbooks: { id: string; name: string }[]): string {
  return `Playbooks: ${playbooks.map((p) => `${p.id} (${p.name})`).join(", ")}.`;
}
