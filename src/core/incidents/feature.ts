// The "incident" chat command (Slack /incident, Teams "@Tandem incident ...") and the incident card's buttons.
import type { Feature, Turn } from "../conversation/feature";
import type { Outgoing } from "../conversation/reply";
import { replyPrivately, replyTo } from "../conversation/router";
import { DomainError } from "../errors";
import { formatWhen, type Zones } from "../time/when";
import type { JobHandler } from "../ports/jobs";
import { INCIDENT_HELP, INCIDENT_USAGE, isIncidentCommand, parseIncidentArgs, playbookList, roleIdOf, splitPlaybook, stepIdOf, type IncidentRequest } from "./command-args";
import { incidentActions } from "./feature-actions";
import { IncidentDesk, type IncidentDeskDeps } from "./incident-desk";
import type { IncidentCommand } from "./incident-model";
import { actorKey } from "../conversation/events";
import type { Access } from "../access/table";
import { requireApprover, requireAssigner, requireRoleHolder } from "./incident-access";
import type { IncidentRecord, PlaybookLibrary, TicketLookup, TicketRef } from "./ports";
import { incidentSummaryCard, timelineCard } from "./summary-card";
import { INCIDENT_PAGE_CHECK } from "./incident-paging";

export interface IncidentFeatureDeps extends IncidentDeskDeps {
  playbooks: PlaybookLibrary;
  tickets: TicketLookup;
}

/** The table's row for each typed "incident ..." (take/release depend on the role: checked by the handler). */
export function incidentAccess(req: IncidentRequest): Access {
  switch (req.kind) {
    case "help":
    case "playbooks":
      return "incident.help";
    case "list":
      return "incident.list";
    case "start":
      return req.drill ? "incident.drill" : "incident.start";
    case "ack":
      return "incident.acknowledge";
    case "update":
      return "incident.update";
    case "status":
      return "incident.status";
    case "timeline":
    case "summary":
      return "incident.view";
    case "step":
      return req.verb === "done" || req.verb === "skip" ? "incident.step" : "in-handler";
    case "take":
    case "release":
      return "in-handler";
  }
}

export function incidentCapability(deps: IncidentFeatureDeps): { feature: Feature; jobs: Record<string, JobHandler> } {
  const desk = new IncidentDesk(deps);
  const feature: Feature = {
    name: "incidents",
    commands: [
      {
        name: "incident",
        summary: "Run a severity-1 incident playbook in this channel (sev1, drill, ack, update, status, timeline)",
        usage: INCIDENT_USAGE,
        matches: isIncidentCommand,
        access: (args) => incidentAccess(parseIncidentArgs(args)),
        run: (turn, args) => runIncidentCommand(deps, desk, turn, parseIncidentArgs(args)),
      },
    ],
    actions: incidentActions(deps, desk),
  };
  return {
    feature,
    jobs: {
      "incident-timer": async (payload, ctx) => desk.tick(String(payload.incident), ctx.now),
      [INCIDENT_PAGE_CHECK]: (payload, ctx) => desk.checkPages(payload, ctx),
    },
  };
}

async function runIncidentCommand(deps: IncidentFeatureDeps, desk: IncidentDesk, turn: Turn, req: IncidentRequest): Promise<Outgoing[]> {
  switch (req.kind) {
    case "help":
      return [replyPrivately(turn, { text: INCIDENT_HELP })];
    case "playbooks": {
      const set = await deps.playbooks.playbooksFor(turn.client.id);
      return [replyPrivately(turn, { text: playbookList(set.playbooks) })];
    }
    case "list": {
      const open = await deps.incidents.open(turn.client.id);
      const zones = await zonesFor(deps, turn);
      const text = open.length === 0 ? "No incident is open." : `Open incidents:\n${open.map((r) => `• ${line(r, zones)}`).join("\n")}`;
      return [replyPrivately(turn, { text })];
    }
    case "start": {
      const set = await deps.playbooks.playbooksFor(turn.client.id);
      const split = req.rest ? splitPlaybook(set, req.rest) : null;
      if (!split) {
        const asked = req.rest ? `I found no playbook for "${req.rest.split(/\s+/).slice(0, 4).join(" ")}". ` : "Say which playbook. ";
        // The example's summary fits its playbook: ransomware when the client has it, else the first one's name.
        const ransomware = set.playbooks.some((p) => p.id === "ransomware");
        const example = ransomware || !set.playbooks[0] ? "ransomware files encrypted on FS01" : `${set.playbooks[0].id} ${set.playbooks[0].name}`;
        throw new DomainError("unknown-playbook", `${asked}${playbookList(set.playbooks)}\nExample: incident ${req.drill ? "drill" : "sev1"} ${example}`);
      }
      const { ticket, summary } = await linkedTicket(deps, turn, split.summary);
      return desk.start(turn, { playbook: split.playbook, summary, drill: req.drill, ticket });
    }
    case "timeline": {
      const record = await target(deps, turn, req.ref);
      const { text, ...data } = timelineCard(record.state, await zonesFor(deps, turn));
      return [replyTo(turn, { text: `${data.heading}\n${text}`, card: { name: "incident-timeline", data } })];
    }
    case "summary": {
      const record = await target(deps, turn, req.ref);
      const { fallback, ...data } = incidentSummaryCard(record.state, turn.now, await zonesFor(deps, turn));
      return [replyTo(turn, { text: fallback, card: { name: "incident-summary", data } })];
    }
    case "take": {
      const record = await target(deps, turn, req.ref);
      const roleId = roleIdOf(record.state.playbook, req.role);
      const businessHours = await requireRoleHolder(deps, turn, record, roleId);
      return desk.act(turn, record, { type: "take-role", role: roleId, businessHours });
    }
    case "release": {
      const record = await target(deps, turn, req.ref);
      const roleId = roleIdOf(record.state.playbook, req.role);
      // Your own role you may give up; someone else's is taken from them by whoever may assign roles.
      if (record.state.roles[roleId]?.id !== actorKey(turn.actor)) requireAssigner(turn, record);
      return desk.act(turn, record, { type: "release-role", role: roleId });
    }
    case "ack":
      return desk.act(turn, await target(deps, turn, req.ref), { type: "acknowledge", note: req.note || undefined });
    case "update":
      return desk.act(turn, await target(deps, turn, req.ref), { type: "note", text: req.text });
    case "status":
      return desk.act(turn, await target(deps, turn, req.ref), { type: "set-status", status: req.status, note: req.reason || undefined });
    case "step": {
      const record = await target(deps, turn, req.ref);
      if (req.verb === "approve" || req.verb === "decline") requireApprover(turn, record);
      return desk.act(turn, record, (s): IncidentCommand => {
        const stepId = stepIdOf(s.playbook, req.step);
        const note = req.note || undefined;
        if (req.verb === "done") return { type: "step-done", stepId, note };
        if (req.verb === "skip") return { type: "step-skipped", stepId, reason: note };
        return { type: req.verb === "approve" ? "approve" : "decline", stepId, note };
      });
    }
  }
}

async function zonesFor(deps: IncidentFeatureDeps, turn: Turn) {
  return (await deps.zones?.(turn.client.id).catch(() => undefined)) ?? { zone: turn.client.timezone };
}

/** The incident a command is about: the one named, or the only open one. */
export async function target(deps: IncidentFeatureDeps, turn: Turn, ref: string | undefined): Promise<IncidentRecord> {
  if (ref) {
    const found = await deps.incidents.findByRef(turn.client.id, ref);
    if (!found) throw new DomainError("incident-not-found", `There is no incident ${ref}. Say "incident list" to see the open ones.`);
    return found;
  }
  const open = await deps.incidents.open(turn.client.id);
  if (open.length === 1) return open[0];
  if (open.length > 1) {
    throw new DomainError("incident-ambiguous", `Several incidents are open (${open.map((r) => r.state.id).join(", ")}): name one, for example "incident update ${open[0].state.id} <text>".`);
  }
  throw new DomainError("no-open-incident", "No incident is open. Name a finished one (incident timeline IR-3), or start one with: incident sev1 <playbook> [summary].");
}

/** "HL-12 printer fire" links ticket HL-12 when it exists; otherwise the words stay in the summary. */
async function linkedTicket(deps: IncidentFeatureDeps, turn: Turn, summary: string): Promise<{ ticket: TicketRef | null; summary: string }> {
  const m = /^([A-Za-z]+-\d+)\b\s*(.*)$/.exec(summary);
  if (!m || /^ir-/i.test(m[1])) return { ticket: null, summary };
  const ticket = await deps.tickets.ticket(turn.client.id, { key: m[1].toUpperCase() });
  return ticket ? { ticket, summary: m[2] } : { ticket: null, summary };
}

/** One open incident, its start in the client's time zone like every time people read. */
function line(r: IncidentRecord, zones: Zones): string {
  const s = r.state;
  return `${s.drill ? "[DRILL] " : ""}${s.id}: ${s.playbook.name} (${s.status}, started ${formatWhen(s.startedAt, zones)}): ${s.summary}`;
}
