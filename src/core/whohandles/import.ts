// Importing a matrix file: validate it completely, compare it with the version in force, and find the named people
// whose chat ids give them roles. Pure: the CLI and the chat upload both build on it.
import { describeChanges, diffMatrices } from "../matrix/diff";
import { parseMatrix, type MatrixProblem } from "../matrix/format";
import type { Matrix, NamedPerson, Party } from "../matrix/model";
import { isRole, type Role } from "../ports/tenancy";
import type { PersonRecord } from "./ports";

export type ImportCheck =
  | { ok: false; problems: MatrixProblem[] }
  | {
      ok: true;
      matrix: Matrix;
      previousVersion: number | null;
      /** Human lines: what changes against the version in force. */
      changes: string[];
      /** The version is not higher than the one in force (refused unless forced). */
      notHigher: boolean;
    };

export function checkImport(yamlText: string, previous: Matrix | null): ImportCheck {
  const parsed = parseMatrix(yamlText);
  if (!parsed.ok) return { ok: false, problems: parsed.problems };
  const matrix = parsed.matrix;
  if (!previous) {
    return {
      ok: true,
      matrix,
      previousVersion: null,
      changes: [`First version for this client: ${matrix.categories.length} categories, effective ${matrix.effective}`],
      notHigher: false,
    };
  }
  const changes = describeChanges(diffMatrices(previous, matrix));
  return {
    ok: true,
    matrix,
    previousVersion: previous.version,
    changes: changes.length ? changes : ["No changes in meaning"],
    notHigher: matrix.version <= previous.version,
  };
}

export function notHigherMessage(version: number, stored: number): string {
  return `Version ${version} is not higher than the stored version ${stored}. Raise "version" in the file (signed changes get a new version).`;
}

function rolesOf(person: NamedPerson, party: Party): Role[] {
  const listed = (person.role ?? "")
    .split(/[,\s]+/)
    .map((r) => r.trim().toLowerCase())
    .filter(isRole);
  if (listed.length) return listed;
  if (party === "internal") return ["internal-it"];
  return /\blead\b|account manager/i.test(person.role ?? "") ? ["msp-lead", "msp-tech"] : ["msp-tech"];
}

/** "T0MAPLE:U01ALEX" is team + user; a plain "U01ALEX" lives in the client's Slack workspace. */
function splitSlackId(id: string, home?: string): { teamId: string; userId: string } {
  const i = id.indexOf(":");
  return i > 0 ? { teamId: id.slice(0, i), userId: id.slice(i + 1) } : { teamId: home ?? "", userId: id };
}

/** People named in parties.*.people with a Slack or Teams id, as chat identities with roles. */
export function peopleFromMatrix(matrix: Matrix, homes: { slack?: string; teams?: string } = {}): PersonRecord[] {
  const out: PersonRecord[] = [];
  for (const party of ["internal", "msp"] as const) {
    for (const p of matrix.parties[party].people ?? []) {
      const common = { name: p.name, email: p.email, aadObjectId: p.aadObjectId, roles: rolesOf(p, party) };
      if (p.slackId) out.push({ platform: "slack", ...splitSlackId(p.slackId, homes.slack), ...common });
      // Teams identifies people by their AAD object id (what the bot sees as the sender), in their own tenant when the
      // matrix names one (the other organisation of a shared channel).
      if (p.teamsId || (p.tenantId && p.aadObjectId)) out.push({ platform: "teams", teamId: p.tenantId ?? homes.teams ?? "", userId: p.aadObjectId ?? p.teamsId!, ...common });
    }
  }
  return out;
}
