// Field-by-field reading of a playbook document, collecting every problem instead of stopping at the first.
import { isSeverity, type Severity } from "../severity";
import {
  CLIENT_APPROVER,
  CONTACT_PARTIES,
  INCIDENT_LEAD,
  PLAYBOOK_PARTIES,
  type Playbook,
  type PlaybookAuthority,
  type PlaybookContact,
  type PlaybookLink,
  type PlaybookProblem,
  type PlaybookRole,
  type PlaybookStep,
} from "./playbook";

type Obj = Record<string, unknown>;
const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const TOP_KEYS = ["id", "name", "severity", "description", "aliases", "roles", "steps", "contactTree", "escalation", "authorities", "links"];
const ROLE_KEYS = ["id", "name", "party", "description", "internalInBusinessHours"];
const STEP_KEYS = ["id", "text", "party", "role", "needsApproval", "deadlineMinutes", "detail"];
const CONTACT_KEYS = ["id", "caller", "callee", "party", "when", "phone", "notes"];
const AUTHORITY_KEYS = ["id", "decision", "holders", "needsApproval", "notes"];
const LINK_KEYS = ["title", "url"];

class FieldReader {
  constructor(private problems: PlaybookProblem[]) {}

  problem(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  object(value: unknown, path: string, allowed: string[]): Obj | null {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      this.problem(path, `must be a mapping (key: value), got ${describe(value)}`);
      return null;
    }
    for (const key of Object.keys(value)) {
      // An unknown key is usually a typo ("deadline" for "deadlineMinutes") that would silently drop a rule.
      if (!allowed.includes(key)) this.problem(join(path, key), `unknown field; expected one of: ${allowed.join(", ")}`);
    }
    return value as Obj;
  }

  text(o: Obj, key: string, path: string, required: true): string;
  text(o: Obj, key: string, path: string, required: false): string | undefined;
  text(o: Obj, key: string, path: string, required: boolean): string | undefined {
    const v = o[key];
    if (v === undefined || v === null) {
      if (required) this.problem(join(path, key), "is required");
      return required ? "" : undefined;
    }
    if (typeof v !== "string" || v.trim() === "") {
      this.problem(join(path, key), `must be non-empty text, got ${describe(v)}`);
      return "";
    }
    return v.trim();
  }

  id(o: Obj, path: string): string {
    const v = this.text(o, "id", path, true);
    if (v && !KEBAB.test(v)) this.problem(join(path, "id"), `must be kebab-case (like isolate-hosts), got '${v}'`);
    return v;
  }

  oneOf<T extends string>(o: Obj, key: string, path: string, options: readonly T[]): T {
    const v = o[key];
    if (v === undefined || v === null) {
      this.problem(join(path, key), `is required (one of: ${options.join(", ")})`);
    } else if (!options.includes(v as T)) {
      this.problem(join(path, key), `must be one of: ${options.join(", ")}; got ${describe(v)}`);
    }
    return v as T;
  }

  flag(o: Obj, key: string, path: string): boolean {
    const v = o[key];
    if (v === undefined || v === null) return false;
    if (typeof v !== "boolean") this.problem(join(path, key), `must be true or false, got ${describe(v)}`);
    return v === true;
  }

  list(o: Obj, key: string, path: string, required: boolean): unknown[] {
    const v = o[key];
    if (v === undefined || v === null) {
      if (required) this.problem(join(path, key), "is required (a list)");
      return [];
    }
    if (!Array.isArray(v)) {
      this.problem(join(path, key), `must be a list, got ${describe(v)}`);
      return [];
    }
    return v;
  }

  textList(o: Obj, key: string, path: string, required: boolean): string[] {
    return this.list(o, key, path, required).flatMap((v, i) => {
      if (typeof v === "string" && v.trim() !== "") return [v.trim()];
      this.problem(`${join(path, key)}[${i}]`, `must be non-empty text, got ${describe(v)}`);
      return [];
    });
  }

  unique(ids: string[], path: string, what: string): void {
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      if (!id) return;
      if (seen.has(id)) this.problem(`${path}[${i}].id`, `duplicate ${what} id '${id}'`);
      seen.add(id);
    });
  }
}

export function readPlaybook(doc: unknown, problems: PlaybookProblem[]): Playbook | null {
  const r = new FieldReader(problems);
  const top = r.object(doc, "", TOP_KEYS);
  if (!top) return null;

  const id = r.id(top, "");
  const name = r.text(top, "name", "", true);
  const severity = readSeverity(r, top);
  const description = r.text(top, "description", "", false);
  const aliases = r.textList(top, "aliases", "", false);

  const roles = r.list(top, "roles", "", true).flatMap((v, i) => readRole(r, v, `roles[${i}]`));
  if (roles.length === 0 && Array.isArray(top.roles)) r.problem("roles", "must name at least one role");
  r.unique(roles.map((x) => x.id), "roles", "role");
  const roleIds = new Set(roles.map((x) => x.id));
  if (roles.length > 0 && !roleIds.has(INCIDENT_LEAD)) r.problem("roles", `must include the '${INCIDENT_LEAD}' role`);

  const steps = r.list(top, "steps", "", true).flatMap((v, i) => readStep(r, v, `steps[${i}]`, roleIds));
  if (steps.length === 0 && Array.isArray(top.steps)) r.problem("steps", "must list at least one step");
  r.unique(steps.map((x) => x.id), "steps", "step");

  const contactTree = readContacts(r, top, roleIds);
  const escalation = readEscalation(r, top, contactTree);
  const authorities = r
    .list(top, "authorities", "", false)
    .flatMap((v, i) => readAuthority(r, v, `authorities[${i}]`, roleIds));
  r.unique(authorities.map((x) => x.id), "authorities", "authority");
  const links = r.list(top, "links", "", false).flatMap((v, i) => readLink(r, v, `links[${i}]`));

  // Approval is a click by whoever holds the client-approver role; without that role nobody could give it.
  if (!roleIds.has(CLIENT_APPROVER)) {
    steps.forEach((s, i) => {
      if (s.needsApproval) r.problem(`steps[${i}].needsApproval`, `step '${s.id}' needs approval but the playbook has no '${CLIENT_APPROVER}' role`);
    });
    authorities.forEach((a, i) => {
      if (a.needsApproval) r.problem(`authorities[${i}].needsApproval`, `authority '${a.id}' needs approval but the playbook has no '${CLIENT_APPROVER}' role`);
    });
  }

  return { id, name, severity, description, aliases, roles, steps, contactTree, escalation, authorities, links };
}

function readSeverity(r: FieldReader, top: Obj): Severity {
  const v = top.severity;
  if (v === undefined || v === null) {
    r.problem("severity", "is required (1 to 4; sev-1 playbooks use 1)");
    return 1;
  }
  if (!isSeverity(v)) {
    r.problem("severity", `must be a whole number from 1 to 4, got ${describe(v)}`);
    return 1;
  }
  return v;
}

function readRole(r: FieldReader, v: unknown, path: string): PlaybookRole[] {
  const o = r.object(v, path, ROLE_KEYS);
  if (!o) return [];
  return [{
    id: r.id(o, path),
    name: r.text(o, "name", path, true),
    party: r.oneOf(o, "party", path, PLAYBOOK_PARTIES),
    description: r.text(o, "description", path, false),
    ...(r.flag(o, "internalInBusinessHours", path) ? { internalInBusinessHours: true } : {}),
  }];
}

function readStep(r: FieldReader, v: unknown, path: string, roleIds: Set<string>): PlaybookStep[] {
  const o = r.object(v, path, STEP_KEYS);
  if (!o) return [];
  const step: PlaybookStep = {
    id: r.id(o, path),
    text: r.text(o, "text", path, true),
    party: r.oneOf(o, "party", path, PLAYBOOK_PARTIES),
    role: r.text(o, "role", path, false),
    needsApproval: r.flag(o, "needsApproval", path),
    detail: r.text(o, "detail", path, false),
  };
  if (step.role && !roleIds.has(step.role)) {
    r.problem(`${path}.role`, `step '${step.id}' names unknown role '${step.role}'; roles are: ${[...roleIds].join(", ")}`);
  }
  const d = o.deadlineMinutes;
  if (d !== undefined && d !== null) {
    if (typeof d !== "number" || !Number.isInteger(d) || d <= 0) {
      r.problem(`${path}.deadlineMinutes`, `must be a whole number of minutes greater than 0, got ${describe(d)}`);
    } else {
      step.deadlineMinutes = d;
    }
  }
  return [step];
}

function readContacts(r: FieldReader, top: Obj, roleIds: Set<string>): PlaybookContact[] {
  const contacts: PlaybookContact[] = [];
  r.list(top, "contactTree", "", true).forEach((v, i) => {
    const path = `contactTree[${i}]`;
    const o = r.object(v, path, CONTACT_KEYS);
    if (!o) return;
    const c: PlaybookContact = {
      id: r.id(o, path),
      caller: r.text(o, "caller", path, true),
      callee: r.text(o, "callee", path, true),
      party: r.oneOf(o, "party", path, CONTACT_PARTIES),
      when: r.text(o, "when", path, false),
      phone: r.text(o, "phone", path, false),
      notes: r.text(o, "notes", path, false),
    };
    // The tree is read top-down: a caller must be a role or someone already reached.
    if (c.caller && !roleIds.has(c.caller) && !contacts.some((p) => p.id === c.caller)) {
      r.problem(`${path}.caller`, `'${c.caller}' is neither a role nor an earlier contact in the tree`);
    }
    contacts.push(c);
  });
  r.unique(contacts.map((c) => c.id), "contactTree", "contact");
  return contacts;
}

function readEscalation(r: FieldReader, top: Obj, contacts: PlaybookContact[]): string[] {
  if (top.escalation === undefined || top.escalation === null) {
    return contacts.filter((c) => c.party === "msp").map((c) => c.id);
  }
  const ids = r.textList(top, "escalation", "", false);
  ids.forEach((id, i) => {
    if (!contacts.some((c) => c.id === id)) r.problem(`escalation[${i}]`, `'${id}' is not a contact id in contactTree`);
  });
  return ids;
}

function readAuthority(r: FieldReader, v: unknown, path: string, roleIds: Set<string>): PlaybookAuthority[] {
  const o = r.object(v, path, AUTHORITY_KEYS);
  if (!o) return [];
  const holders = r.textList(o, "holders", path, true);
  if (holders.length === 0 && Array.isArray(o.holders)) r.problem(`${path}.holders`, "must name at least one role");
  holders.forEach((h, i) => {
    if (!roleIds.has(h)) r.problem(`${path}.holders[${i}]`, `unknown role '${h}'; roles are: ${[...roleIds].join(", ")}`);
  });
  return [{
    id: r.id(o, path),
    decision: r.text(o, "decision", path, true),
    holders,
    needsApproval: r.flag(o, "needsApproval", path),
    notes: r.text(o, "notes", path, false),
  }];
}

function readLink(r: FieldReader, v: unknown, path: string): PlaybookLink[] {
  const o = r.object(v, path, LINK_KEYS);
  if (!o) return [];
  const url = r.text(o, "url", path, true);
  if (url && !/^(https?:\/\/|mailto:|tel:)/.test(url)) r.problem(`${path}.url`, `must start with https://, http://, mailto: or tel:, got '${url}'`);
  return [{ title: r.text(o, "title", path, true), url }];
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function describe(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  if (typeof v === "string") return `'${v}'`;
  return String(v);
}
