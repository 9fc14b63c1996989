// The incident, summary and timeline cards on both platforms: valid Adaptive Cards (parser + validation), known
// Block Kit blocks with action ids and values, buttons carrying what their handlers need, DRILL on drills.
import type { KnownBlock } from "@slack/types";
import { CardRenderer } from "../../../src/adapters/cards/render";
import { defaultPlaybookFiles } from "../../../src/adapters/db/playbook-repo";
import { apply, startIncident } from "../../../src/core/incidents/incident";
import type { IncidentState } from "../../../src/core/incidents/incident-model";
import { checklistText, incidentCardView } from "../../../src/core/incidents/live-card";
import { getPlaybook, loadPlaybookSet } from "../../../src/core/incidents/playbook-set";
import type { IncidentRecord, KnownPerson } from "../../../src/core/incidents/ports";
import { incidentSummaryCard, timelineCard } from "../../../src/core/incidents/summary-card";
import { adaptiveCardProblems, executeActions, slackBlockProblems, slackElements } from "../../support/cards";
import { admin, at, coo, internalIt, mspLead, mspTech } from "./sample-playbook";

const renderer = new CardRenderer();
const set = loadPlaybookSet(defaultPlaybookFiles()).set;

const people: KnownPerson[] = [
  { id: "p-alex", actor: { platform: "slack", teamId: "T1", userId: "UALEX" }, name: "Alex Example", roles: ["internal-it"] },
  { id: "p-sam", actor: { platform: "slack", teamId: "T1", userId: "USAM" }, name: "Sam Sample", roles: ["msp-lead"] },
  { id: "p-nia", actor: { platform: "slack", teamId: "T1", userId: "UNIA" }, name: "Nia NOC", roles: ["msp-tech"] },
  { id: "p-casey", actor: { platform: "slack", teamId: "T1", userId: "UCASEY" }, name: "Casey COO", roles: ["staff"] },
];

function running(playbookId: string, drill = false): IncidentState {
  const playbook = getPlaybook(set, playbookId)!;
  let s = startIncident({ id: "IR-7", playbook, summary: "Files <b>encrypted</b> on FS01 & FS02", drill }, mspLead, at(0)).state;
  s = apply(s, { type: "acknowledge" }, mspTech, at(4)).state;
  s = apply(s, { type: "take-role", role: "technical-lead" }, mspTech, at(5)).state;
  s = apply(s, { type: "assign-role", role: "client-approver", holder: coo }, internalIt, at(6)).state;
  s = apply(s, { type: "step-done", stepId: playbook.steps[0].id }, mspTech, at(10)).state;
  const approval = playbook.steps.find((st) => st.needsApproval)!;
  s = apply(s, { type: "decline", stepId: approval.id, note: "not yet" }, coo, at(12)).state;
  s = apply(s, { type: "note", text: "EDR isolated 3 hosts" }, admin, at(14)).state;
  return s;
}

const record = (state: IncidentState): IncidentRecord => ({ id: "cinc123", clientId: "demo", number: 7, channel: { platform: "slack", id: "C1", isDirect: false }, state });

describe("incident card", () => {
  test.each(set.playbooks.map((p) => p.id))("%s renders as a valid Adaptive Card and Block Kit message", (id) => {
    const view = incidentCardView(record(running(id)), people, at(50));
    const teams = renderer.render<object>("teams", { name: "incident", data: view });
    expect(adaptiveCardProblems(teams)).toEqual([]);
    expect(JSON.stringify(teams).length).toBeLessThan(28_000); // Teams message size limit
    const slack = renderer.render<{ blocks: KnownBlock[] }>("slack", { name: "incident", data: view });
    expect(slackBlockProblems(slack.blocks)).toEqual([]);
  });

  test("Teams buttons carry the incident, the card and what each verb needs; the checklist shows open steps only", () => {
    const state = running("ransomware");
    const teams = renderer.render<object>("teams", { name: "incident", data: incidentCardView(record(state), people, at(50)) });
    const actions = executeActions(teams);
    for (const a of actions) expect(a.data).toMatchObject({ incident: "cinc123", card: "incident:cinc123" });
    const verbs = new Set(actions.map((a) => a.verb));
    expect([...verbs].sort()).toEqual(["incident-assign", "incident-checklist", "incident-decide", "incident-done", "incident-status", "incident-take"]);
    // The MSP acknowledged: no Acknowledge button; done steps are counted, not listed.
    const done = actions.filter((a) => a.verb === "incident-done").map((a) => a.data.step);
    expect(done).not.toContain("confirm-scope");
    expect(done).toContain("isolate-hosts");
    // An approval step offers a decision, and no Done until approved.
    expect(actions.filter((a) => a.verb === "incident-decide").map((a) => a.data.step)).toContain("cut-remote-access");
    expect(done).not.toContain("cut-remote-access");
    // Take only for unassigned roles.
    const take = actions.filter((a) => a.verb === "incident-take").map((a) => a.data.role);
    expect(take).toEqual(["incident-lead", "communications"]);
    const text = JSON.stringify(teams);
    expect(text).toContain("Technical lead");
    expect(text).toContain("Nia NOC");
    expect(text).toContain("declined by Casey COO");
    expect(text).toContain("Cyber insurer claims hotline");
  });

  test("the Acknowledge button shows until the MSP acknowledges, on both platforms", () => {
    const playbook = getPlaybook(set, "server-down")!;
    const s = startIncident({ id: "IR-1", playbook, summary: "ERP down" }, mspLead, at(0)).state;
    const view = incidentCardView(record(s), people, at(3));
    expect(executeActions(renderer.render("teams", { name: "incident", data: view })).map((a) => a.verb)).toContain("incident-ack");
    const slack = renderer.render<{ blocks: any[] }>("slack", { name: "incident", data: view });
    const ack = slackElements(slack.blocks).find((e) => String(e.action_id).startsWith("incident-ack"));
    expect(JSON.parse(ack.value)).toEqual({ incident: "cinc123", card: "incident:cinc123" });
    expect(JSON.stringify(slack)).toContain("MSP to acknowledge within 12m");
  });

  test("Slack assign menus offer people of the role's side and carry the verb, role and person", () => {
    const slack = renderer.render<{ blocks: any[] }>("slack", { name: "incident", data: incidentCardView(record(running("ransomware")), people, at(50)) });
    const selects = slackElements(slack.blocks).filter((e) => String(e.action_id).startsWith("incident-assign"));
    const communications = selects.find((s) => s.placeholder.text === "Assign Communications");
    const names = communications.options.map((o: any) => o.text.text);
    expect(names).toEqual(["Alex Example"]); // internal role: internal IT (and admins) only, no MSP people, no staff
    expect(JSON.parse(communications.options[0].value)).toMatchObject({ verb: "incident-assign", incident: "cinc123", role: "communications", person: "p-alex" });
  });

  test("a 30-step checklist shows five open steps with buttons and counts the rest, within both platforms' limits", () => {
    const playbook = getPlaybook(set, "ransomware")!;
    const long = { ...playbook, steps: Array.from({ length: 30 }, (_, i) => ({ ...playbook.steps[i % playbook.steps.length]!, id: `s${i + 1}`, needsApproval: false })) };
    const s = startIncident({ id: "IR-9", playbook: long, summary: "drill", drill: true }, mspLead, at(0)).state;
    const view = incidentCardView(record(s), people, at(5));
    expect(view.steps).toHaveLength(5);
    expect(view.moreSteps).toBe("25 more open steps");
    const teams = renderer.render<object>("teams", { name: "incident", data: view });
    expect(adaptiveCardProblems(teams)).toEqual([]);
    expect(JSON.stringify(teams).length).toBeLessThan(28_000);
    const slack = renderer.render<{ blocks: any[] }>("slack", { name: "incident", data: view });
    expect(slackBlockProblems(slack.blocks)).toEqual([]);
    expect(checklistText(record(s), at(5)).split("\n")).toHaveLength(31);
  });

  test("user text is data: Slack markup and Teams links in a summary cannot break out", () => {
    const view = incidentCardView(record(running("ransomware")), people, at(50));
    const slack = JSON.stringify(renderer.render("slack", { name: "incident", data: view }));
    expect(slack).toContain("Files &lt;b&gt;encrypted&lt;/b&gt; on FS01 &amp; FS02");
  });

  test("a drill says DRILL on the card and in its title, on both platforms", () => {
    const view = incidentCardView(record(running("ransomware", true)), people, at(50));
    const teams = renderer.render<{ body: any[] }>("teams", { name: "incident", data: view });
    expect(teams.body[0].items[0].text).toContain("DRILL");
    expect(teams.body[1].text).toMatch(/^DRILL: SEV 1/);
    expect(view.drillBanner).toContain("DRILL");
    const slack = renderer.render<{ blocks: any[] }>("slack", { name: "incident", data: view });
    expect(slack.blocks[0].text.text).toContain("DRILL");
  });

  test("a resolved incident keeps only its Full checklist button", () => {
    let s = running("server-down");
    s = apply(s, { type: "resolve", resolution: "false alarm" }, mspLead, at(60)).state;
    const view = incidentCardView(record(s), people, at(61));
    expect(executeActions(renderer.render("teams", { name: "incident", data: view })).map((a) => a.verb)).toEqual(["incident-checklist"]);
    const slack = renderer.render<{ blocks: any[] }>("slack", { name: "incident", data: view });
    // Only "Full checklist" is left: the list can still be read.
    expect(slackElements(slack.blocks).filter((e) => !e.url).flatMap((e) => (e.type === "button" ? [e.action_id.replace(/:\d+$/, "")] : []))).toEqual(["incident-checklist"]);
  });
});

describe("summary and timeline cards", () => {
  const resolved = () => {
    let s = running("ransomware");
    s = apply(s, { type: "set-status", status: "contained" }, mspLead, at(90)).state;
    s = apply(s, { type: "resolve", resolution: "restored from backup" }, mspLead, at(300)).state;
    return s;
  };

  test("summary card: duration, time to acknowledge, steps and approvals; valid on both platforms", () => {
    const { fallback: _f, ...data } = incidentSummaryCard(resolved(), at(301));
    expect(data.facts).toEqual(
      expect.arrayContaining([
        { title: "Duration", value: "5h" },
        { title: "Time to acknowledge", value: "4m by Nia NOC (within the 15m target)" },
      ]),
    );
    expect(data.approvals).toEqual([{ text: "declined by Casey COO: Suspend VPN, RDP gateways and third-party remote tools until the entry point is known (not yet)" }]);
    const teams = renderer.render<object>("teams", { name: "incident-summary", data });
    expect(adaptiveCardProblems(teams)).toEqual([]);
    const slack = renderer.render<{ blocks: any[] }>("slack", { name: "incident-summary", data });
    expect(slackBlockProblems(slack.blocks)).toEqual([]);
    expect(JSON.stringify(slack)).toContain("Post-incident summary: IR-7");
    expect(JSON.stringify(slack)).not.toContain("tandem incidents export"); // no operator commands on user cards
  });

  test("timeline card lists who did what when; long timelines fit Slack's text limit", () => {
    let s = running("server-down", true);
    for (let i = 0; i < 40; i++) s = apply(s, { type: "note", text: `update ${i} `.repeat(20) }, mspLead, at(20 + i)).state;
    const { text: _t, ...data } = timelineCard(s);
    expect(data.timeline.flatMap((g) => g.lines)).toHaveLength(30);
    expect(data.more).toMatch(/earlier events not shown/);
    expect(data.heading).toMatch(/^Drill · Timeline of IR-7/);
    expect(adaptiveCardProblems(renderer.render("teams", { name: "incident-timeline", data }))).toEqual([]);
    const slack = renderer.render<{ blocks: any[] }>("slack", { name: "incident-timeline", data });
    expect(slackBlockProblems(slack.blocks)).toEqual([]);
    expect(slack.blocks.filter((b) => b.type === "section").length).toBeGreaterThan(2);
  });

  test("the Slack block templates type-check as Block Kit", () => {
    const view = incidentCardView(record(running("ransomware")), people, at(50));
    const blocks = renderer.render<{ blocks: KnownBlock[] }>("slack", { name: "incident", data: view }).blocks satisfies KnownBlock[];
    expect(blocks.length).toBeGreaterThan(10);
  });
});

