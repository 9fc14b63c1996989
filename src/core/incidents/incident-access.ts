// The authorization table's rules that depend on an incident: who may hold each playbook role (by the role, its
// side and the client's business hours), approve (the Client approver's holder or an admin) and assign roles (the
// MSP lead, an admin or the Incident lead's holder).
import { actorKey } from "../conversation/events";
import type { Turn } from "../conversation/feature";
import { mayHoldIncidentRole, requireAccess, requireIncidentRole } from "../access/check";
import type { Role } from "../ports/tenancy";
import { CLIENT_APPROVER, INCIDENT_LEAD, findRole } from "./playbook";
import type { IncidentRecord } from "./ports";
import type { IncidentFeatureDeps } from "./feature";

const holds = (turn: Turn, record: IncidentRecord, roleId: string) => record.state.roles[roleId]?.id === actorKey(turn.actor);

/** The person asking may hold this role now; returns whether it is business hours (the core needs it too). */
export async function requireRoleHolder(deps: Pick<IncidentFeatureDeps, "businessHours">, turn: Turn, record: IncidentRecord, roleId: string): Promise<boolean> {
  const role = findRole(record.state.playbook, roleId);
  const businessHours = await deps.businessHours(record.clientId, turn.now);
  if (role) requireIncidentRole(turn, role, businessHours);
  return businessHours;
}

/** Someone else may be put in this role (the people they are, by their roles). */
export async function mayBeAssigned(deps: Pick<IncidentFeatureDeps, "businessHours">, record: IncidentRecord, roleId: string, roles: readonly Role[], at: Date): Promise<boolean> {
  const role = findRole(record.state.playbook, roleId);
  return !role || mayHoldIncidentRole(roles, role, await deps.businessHours(record.clientId, at));
}

export function requireApprover(turn: Turn, record: IncidentRecord): void {
  const holder = record.state.roles[CLIENT_APPROVER];
  const who = holder ? `${holder.name} (the Client approver)` : "the Client approver (nobody holds that role yet)";
  requireAccess(turn, "incident.approve", { orIf: holds(turn, record, CLIENT_APPROVER), alsoWho: who });
}

export function requireAssigner(turn: Turn, record: IncidentRecord): void {
  const lead = record.state.roles[INCIDENT_LEAD];
  requireAccess(turn, "incident.assign", { orIf: holds(turn, record, INCIDENT_LEAD), alsoWho: lead ? `${lead.name} (the Incident lead)` : "the Incident lead" });
}
