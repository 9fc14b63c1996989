// Pure pieces of the incident chat feature: parsing "incident ..." text, people as incident actors, who a page reaches.
import { DomainError } from "../../../src/core/errors";
import { isIncidentCommand, parseIncidentArgs, roleIdOf, splitPlaybook, stepIdOf } from "../../../src/core/incidents/command-args";
import { startIncident } from "../../../src/core/incidents/incident";
import { pageMessages, peopleToPage, rolesForPage } from "../../../src/core/incidents/paging";
import { chatActorOf, incidentActor, partyOf } from "../../../src/core/incidents/participants";
import { allows, mayHoldIncidentRole } from "../../../src/core/access/check";
import { PERMISSIONS } from "../../../src/core/access/table";
import { buildPlaybookSet, loadPlaybookSet } from "../../../src/core/incidents/playbook-set";
import type { KnownPerson } from "../../../src/core/incidents/ports";
import { defaultPlaybookFiles } from "../../../src/adapters/db/playbook-repo";
import { mspLead, samplePlaybook, T0 } from "./sample-playbook";

const set = loadPlaybookSet(defaultPlaybookFiles()).set;

describe("incident command text", () => {
  test("sub-commands, optional incident ids and arguments", () => {
    expect(parseIncidentArgs("sev1 ransomware files encrypted")).toEqual({ kind: "start", drill: false, rest: "ransomware files encrypted" });
    expect(parseIncidentArgs("sev 1 payments")).toEqual({ kind: "start", drill: false, rest: "payments" });
    expect(parseIncidentArgs("drill bec")).toEqual({ kind: "start", drill: true, rest: "bec" });
    expect(parseIncidentArgs("update IR-3 vendor on site")).toEqual({ kind: "update", ref: "IR-3", text: "vendor on site" });
    expect(parseIncidentArgs("update ir3 x")).toMatchObject({ ref: "IR-3" });
    expect(parseIncidentArgs("status contained EDR holds")).toEqual({ kind: "status", ref: undefined, status: "contained", reason: "EDR holds" });
    expect(parseIncidentArgs("resolve false alarm")).toEqual({ kind: "status", ref: undefined, status: "resolved", reason: "false alarm" });
    expect(parseIncidentArgs("done IR-2 4 isolated")).toEqual({ kind: "step", verb: "done", ref: "IR-2", step: "4", note: "isolated" });
    expect(parseIncidentArgs("ack")).toEqual({ kind: "ack", ref: undefined, note: "" });
    expect(parseIncidentArgs("")).toEqual({ kind: "help" });
  });

  test("mistakes say what to type", () => {
    const code = (text: string) => {
      try {
        parseIncidentArgs(text);
        return "none";
      } catch (e) {
        return (e as DomainError).code;
      }
    };
    expect(code("status paused")).toBe("unknown-status");
    expect(code("update")).toBe("update-empty");
    expect(code("sev 2 printer")).toBe("sev1-only");
    expect(code("done")).toBe("step-needed");
    expect(code("explode")).toBe("unknown-incident-command");
  });

  test("'incident' followed by other words is a question, not this command", () => {
    expect(isIncidentCommand("sev1 ransomware")).toBe(true);
    expect(isIncidentCommand("")).toBe(true);
    expect(isIncidentCommand("response plan, who owns it?")).toBe(false);
  });

  test("playbook and summary are split by a colon or by the longest playbook name", () => {
    expect(splitPlaybook(set, "business email compromise: CFO mailbox forwarding")).toMatchObject({ playbook: { id: "business-email-compromise" }, summary: "CFO mailbox forwarding" });
    expect(splitPlaybook(set, "ransomware files encrypted on FS01")).toMatchObject({ playbook: { id: "ransomware" }, summary: "files encrypted on FS01" });
    expect(splitPlaybook(set, "server down ERP not loading")).toMatchObject({ playbook: { id: "server-down" }, summary: "ERP not loading" });
    expect(splitPlaybook(set, "payments-down")).toMatchObject({ playbook: { id: "payments-down" }, summary: "" });
    expect(splitPlaybook(set, "alien invasion")).toBeNull();
  });

  test("steps by number or id, roles by id or name", () => {
    const p = samplePlaybook();
    expect(stepIdOf(p, "2")).toBe("isolate");
    expect(stepIdOf(p, "restore")).toBe("restore");
    expect(() => stepIdOf(p, "9")).toThrow(/step number shown on the card \(1 to 4\)/);
    expect(roleIdOf(p, "Technical lead")).toBe("technical-lead");
    expect(() => roleIdOf(p, "mascot")).toThrow(/roles: incident-lead/);
  });
});

describe("people as incident actors", () => {
  test("party from roles, admin flag, and back to a chat actor", () => {
    expect(partyOf(["internal-it"])).toBe("internal");
    expect(partyOf(["msp-tech"])).toBe("msp");
    expect(partyOf(["internal-it", "msp-lead"])).toBeUndefined();
    expect(partyOf(["staff"])).toBeUndefined();
    const actor = incidentActor({ platform: "slack", teamId: "T1", userId: "U1", name: "sam" }, ["msp-lead", "admin"]);
    expect(actor).toEqual({ id: "slack:T1:U1", name: "sam", party: "msp", admin: true });
    expect(chatActorOf(actor)).toEqual({ platform: "slack", teamId: "T1", userId: "U1", name: "sam" });
  });

  test("only the MSP lead and admins start incidents (the authorization table)", () => {
    const mayStart = (roles: KnownPerson["roles"]) => allows(PERMISSIONS["incident.start"].allowed, roles);
    expect(mayStart(["msp-lead"])).toBe(true);
    expect(mayStart(["admin"])).toBe(true);
    expect(mayStart(["msp-tech"])).toBe(false);
    expect(mayStart(["internal-it"])).toBe(false);
    expect(mayStart(["staff"])).toBe(false);
  });

  test("who may hold a role: by the role's side, the fixed rules for the approver and the lead, and business hours", () => {
    const role = (id: string, party: "internal" | "msp" | "joint", internalInBusinessHours = false) => ({ id, name: id, party, internalInBusinessHours });
    expect(mayHoldIncidentRole(["msp-tech"], role("communications", "internal"), true)).toBe(false);
    expect(mayHoldIncidentRole(["msp-tech"], role("scribe", "joint"), true)).toBe(true);
    expect(mayHoldIncidentRole(["staff"], role("communications", "internal"), true)).toBe(false);
    expect(mayHoldIncidentRole([], role("scribe", "joint"), true)).toBe(false);
    expect(mayHoldIncidentRole(["admin"], role("client-approver", "internal"), false)).toBe(true);
    expect(mayHoldIncidentRole(["internal-it"], role("client-approver", "internal"), false)).toBe(true);
    expect(mayHoldIncidentRole(["msp-lead"], role("client-approver", "internal"), false)).toBe(false);
    expect(mayHoldIncidentRole(["msp-tech"], role("incident-lead", "msp"), true)).toBe(false);
    expect(mayHoldIncidentRole(["internal-it"], role("incident-lead", "msp", true), true)).toBe(true);
    expect(mayHoldIncidentRole(["internal-it"], role("incident-lead", "msp", true), false)).toBe(false);
    expect(mayHoldIncidentRole(["internal-it"], role("incident-lead", "msp"), true)).toBe(false);
  });
});

describe("paging", () => {
  const p = (id: string, roles: KnownPerson["roles"], platform: "slack" | "teams" = "slack", teamId = "T1"): KnownPerson => ({
    id,
    actor: { platform, teamId, userId: id.toUpperCase() },
    name: id,
    roles,
  });
  const people = [p("alex", ["internal-it"]), p("nia", ["msp-tech"]), p("sam", ["msp-lead"]), p("other", ["internal-it"], "teams", "tenant-2")];
  const channel = { platform: "slack" as const, id: "C1", isDirect: false };

  test("the first contact on the path is the MSP technicians, later ones the MSP leads", () => {
    const s = startIncident({ id: "IR-1", playbook: samplePlaybook(), summary: "x" }, mspLead, T0).state;
    expect(rolesForPage(s, s.pages[0])).toEqual(["msp-tech"]);
    expect(rolesForPage(s, { ...s.pages[0], contactId: "lead" })).toEqual(["msp-lead"]);
    expect(rolesForPage(s, { ...s.pages[0], contactId: "insurer" })).toEqual([]);
    expect(peopleToPage(people, ["msp-tech"]).map((x) => x.id)).toEqual(["nia"]);
    // Nobody has msp-tech: the leads stand in.
    expect(peopleToPage([people[0], people[2]], ["msp-tech"]).map((x) => x.id)).toEqual(["sam"]);
  });

  const page = { subject: "incident:i1", round: 0 };

  test("a real page mentions in the channel and DMs each person; a drill only mentions", () => {
    const real = pageMessages({ ...page, channel, people, text: "page", dmText: "dm", drill: false, except: people[2].actor });
    expect(real[0]).toMatchObject({ op: "post", reply: { text: "page", mentions: [people[0].actor, people[1].actor, people[2].actor] }, page: { subject: "incident:i1", via: "mention" } });
    // Sam caused it: no DM to Sam. The Teams person elsewhere still gets a DM (not mentioned in a Slack channel).
    expect(real.slice(1).map((o) => (o.op === "dm" ? o.to.userId : o.op))).toEqual(["ALEX", "NIA", "OTHER"]);
    const drill = pageMessages({ ...page, channel, people, text: "[DRILL] page", dmText: "dm", drill: true });
    expect(drill).toHaveLength(1);
    expect(drill[0].op).toBe("post");
  });

  test("in a shared channel, a Teams person of the other tenant is @mentioned, and not sent a DM Teams would refuse", () => {
    const teamsChannel = { platform: "teams" as const, id: "19:c", teamId: "tenant-1", isDirect: false };
    const teamsPeople = [p("a", ["internal-it"], "teams", "tenant-1"), p("b", ["internal-it"], "teams", "tenant-2")];
    const out = pageMessages({ ...page, channel: teamsChannel, people: teamsPeople, text: "t", dmText: "d", drill: false });
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({ op: "post", reply: { mentions: [teamsPeople[0].actor, teamsPeople[1].actor] } });
    expect(out[0].op === "post" && out[0].page?.skipped).toEqual([{ key: "teams:tenant-2:B", name: "b", why: expect.stringMatching(/another tenant/) }]);
    expect(out[1]).toMatchObject({ op: "dm", to: { userId: "A" } });
  });
});

test("a client playbook replaces the shipped one with the same id", () => {
  const custom = { ...samplePlaybook(), id: "ransomware", name: "Our ransomware" };
  const merged = buildPlaybookSet(set.playbooks, [custom]);
  expect(splitPlaybook(merged, "ransomware x")?.playbook.name).toBe("Our ransomware");
});
