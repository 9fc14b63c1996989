// The one severity scale, shared by tickets, matrix categories, playbooks, SLA targets and the cadence reports.

export type Severity = 1 | 2 | 3 | 4;

export function isSeverity(n: unknown): n is Severity {
  return n === 1 || n === 2 || n === 3 || n === 4;
}

export const SEVERITY_LABELS: Record<Severity, string> = {
  1: "Sev 1: critical, business stopped",
  2: "Sev 2: major, many people affected",
  3: "Sev 3: normal",
  4: "Sev 4: low, when convenient",
};
