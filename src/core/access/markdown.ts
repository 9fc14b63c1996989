// The authorization table as Markdown, for the README (a test keeps the README's copy equal to this).
import type { Role } from "../ports/tenancy";
import { INCIDENT_ROLE_BY_PARTY, INCIDENT_ROLES, PERMISSIONS, type Allowed } from "./table";

const COLUMNS: (Role | "guest")[] = ["guest", "staff", "internal-it", "msp-tech", "msp-lead", "admin"];

function marks(allowed: Allowed): string[] {
  return COLUMNS.map((c) => (allowed === "everyone" || (c !== "guest" && allowed.includes(c)) ? "yes" : ""));
}

const code = (items: string[]) => items.map((i) => `\`${i}\``).join(", ");

export function accessTableMarkdown(): string {
  const head = `| action | commands | buttons | ${COLUMNS.join(" | ")} | also |`;
  const rule = `|${"---|".repeat(COLUMNS.length + 4)}`;
  const rows = Object.entries(PERMISSIONS).map(
    ([id, p]) => `| ${id}: ${p.label} | ${code(p.commands)} | ${code(p.buttons)} | ${marks(p.allowed).join(" | ")} | ${p.condition ?? ""} |`,
  );
  const roleRows = [
    ...Object.entries(INCIDENT_ROLES).map(([id, r]) => [`incident role \`${id}\``, r.allowed, id === "incident-lead" ? "internal IT too, in business hours, when the playbook's role says `internalInBusinessHours: true`" : ""] as const),
    ...Object.entries(INCIDENT_ROLE_BY_PARTY).map(([party, r]) => [`any other ${party} role`, r.allowed, ""] as const),
  ].map(([what, allowed, also]) => `| ${what}: take it or be assigned it (whoever holds it may release it) | \`incident take <role>\` | \`incident-take\`, \`incident-assign\` | ${marks(allowed).join(" | ")} | ${also} |`);
  return [head, rule, ...rows, ...roleRows].join("\n");
}
