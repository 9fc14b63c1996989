// Enforcing the authorization table: a refusal is a PermissionDenied naming the permission (the router audits it
// and answers privately) with a sentence saying who can do it instead.
import { PermissionDenied } from "../errors";
import type { Role } from "../ports/tenancy";
import { INCIDENT_ROLE_BY_PARTY, INCIDENT_ROLES, PERMISSIONS, type Allowed, type IncidentRoleRule, type PermissionId } from "./table";

interface Asker {
  roles: readonly Role[];
  client: { name: string };
}

const ROLE_NAMES: Record<Role, string> = {
  admin: "a Tandem admin",
  "internal-it": "internal IT",
  "msp-lead": "the MSP lead",
  "msp-tech": "the MSP",
  staff: "staff",
};

export function allows(allowed: Allowed, roles: readonly Role[]): boolean {
  return allowed === "everyone" || roles.some((r) => allowed.includes(r));
}

/** "internal IT, the MSP or a Tandem admin" (msp-tech covers the lead; staff covers everyone of the client). */
export function whoCan(allowed: readonly Role[], clientName: string, also?: string): string {
  if (allowed.includes("staff")) return `people of ${clientName}`;
  const names = allowed.filter((r) => !(r === "msp-lead" && allowed.includes("msp-tech"))).map((r) => ROLE_NAMES[r]);
  if (also) names.push(also);
  return names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
}

function refusal(asker: Asker, label: string, who: string, hint?: string): string {
  const next =
    asker.roles.length === 0
      ? `You have no role at ${asker.client.name} in Tandem: ask their IT team to add you.`
      : (hint ?? "Ask one of them.");
  return `Only ${who} can ${label}. ${next}`;
}

/**
 * Throws PermissionDenied unless the asker's roles allow `id`. `orIf`: a condition on the data that also allows it
 * (the table's condition column, e.g. holding the incident's Client approver role).
 */
export function requireAccess(asker: Asker, id: PermissionId, opts: { orIf?: boolean; alsoWho?: string } = {}): void {
  const p = PERMISSIONS[id];
  if (allows(p.allowed, asker.roles) || opts.orIf) return;
  const allowed = p.allowed as readonly Role[];
  const who = whoCan(allowed, asker.client.name, opts.alsoWho);
  throw new PermissionDenied(id, refusal(asker, p.label, who, p.hint));
}

/** The rule for a playbook role: fixed for the client approver and the incident lead, else by the role's side. */
export function incidentRoleRule(role: { id: string; party: "internal" | "msp" | "joint" }): IncidentRoleRule {
  return INCIDENT_ROLES[role.id] ?? INCIDENT_ROLE_BY_PARTY[role.party];
}

export interface IncidentRoleTerms {
  id: string;
  name: string;
  party: "internal" | "msp" | "joint";
  /** The playbook lets internal IT hold this role during business hours. */
  internalInBusinessHours?: boolean;
}

/** Whether someone with these roles may hold the playbook role now. */
export function mayHoldIncidentRole(roles: readonly Role[], role: IncidentRoleTerms, businessHours: boolean): boolean {
  const rule = incidentRoleRule(role);
  if (allows(rule.allowed, roles)) return true;
  return !!role.internalInBusinessHours && businessHours && roles.includes("internal-it");
}

/** Throws PermissionDenied (permission "incident.role:<id>") unless the asker may hold the role. */
export function requireIncidentRole(asker: Asker, role: IncidentRoleTerms, businessHours: boolean): void {
  if (mayHoldIncidentRole(asker.roles, role, businessHours)) return;
  const rule = incidentRoleRule(role);
  const inHours = role.internalInBusinessHours ? ` (internal IT too, during business hours)` : "";
  throw new PermissionDenied(`incident.role:${role.id}`, refusal(asker, `hold the ${role.name} role${inHours}`, whoCan(rule.allowed, asker.client.name)));
}
