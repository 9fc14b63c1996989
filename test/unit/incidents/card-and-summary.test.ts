import { readFileSync } from "fs";
import { join } from "path";
import { incidentCardData, DRILL_BANNER } from "../../../src/core/incidents/card-data";
import { apply, startIncident } from "../../../src/core/incidents/incident";
import { SYSTEM_ACTOR, type IncidentCommand, type IncidentState, type Actor } from "../../../src/core/incidents/incident-model";
import { parsePlaybook } from "../../../src/core/incidents/playbook";
import { incidentSummary, summaryMarkdown } from "../../../src/core/incidents/summary";
import { dueCommands } from "../../../src/core/incidents/timers";
import { at, coo, internalIt, mspLead, mspTech, samplePlaybook } from "./sample-playbook";

function start(drill = false): IncidentState {
  return startIncident({ id: "inc-7", playbook: samplePlaybook(), summary: "FS01 files renamed", drill, ticketId: "T-42" }, mspLead, at(0)).state;
}

function run(state: IncidentState, steps: [number, IncidentCommand, Actor][]): IncidentState {
  return steps.reduce((s, [minute, cmd, actor]) => apply(s, cmd, actor, at(minute)).state, state);
}

/** Late MSP acknowledgement, a decline then an approval, a skipped step, a missed deadline. */
function worked(drill: boolean): IncidentState {
  let s = start(drill);
  s = dueCommands(s, at(16)).reduce((x, c) => apply(x, c, SYSTEM_ACTOR, at(16)).state, s);
  return run(s, [
    [18, { type: "acknowledge" }, mspTech],
    [19, { type: "take-role", role: "technical-lead" }, mspTech],
    [20, { type: "assign-role", role: "client-approver", holder: coo }, internalIt],
    [21, { type: "step-done", stepId: "confirm" }, mspLead],
    [25, { type: "step-done", stepId: "isolate" }, mspTech],
    [26, { type: "set-status", status: "contained" }, mspLead],
    [30, { type: "decline", stepId: "restore", note: "forensics first" }, coo],
    [50, { type: "approve", stepId: "restore" }, coo],
    [51, { type: "set-status", status: "recovering" }, mspLead],
    [90, { type: "step-done", stepId: "restore" }, mspTech],
    [95, { type: "resolve", resolution: "restored | verified by users" }, mspLead],
  ]);
}

describe("incident card data", () => {
  test("shows roles, steps with owner and approval state, elapsed time and the ack timer", () => {
    const s = run(start(), [
      [2, { type: "take-role", role: "technical-lead" }, mspTech],
      [3, { type: "step-done", stepId: "confirm" }, mspLead],
    ]);
    const card = incidentCardData(s, at(23));
    expect(card).toMatchObject({
      title: "SEV 1 - Sample outage",
      drill: false,
      drillBanner: null,
      severityLabel: "SEV 1",
      statusLabel: "Investigating",
      elapsed: "23m",
      ticketId: "T-42",
      ack: { acknowledged: false, overdue: true, text: "MSP acknowledgement overdue by 8m" },
      progress: { done: 1, open: 3, total: 4, text: "1 of 4 steps done" },
      pendingApprovals: 1,
    });
    expect(card.roles).toContainEqual({ role: "technical-lead", name: "Technical lead", party: "msp", holder: "Nia NOC", holderId: "u-noc" });
    expect(card.roles).toContainEqual(expect.objectContaining({ role: "client-approver", holder: null }));
    const step = (id: string) => card.steps.find((x) => x.id === id)!;
    expect(step("confirm")).toMatchObject({ done: true, closedBy: "Sam Sample", overdue: false, party: "joint" });
    expect(step("restore")).toMatchObject({ needsApproval: true, approval: "pending", holder: "Nia NOC", due: null });
    expect(step("isolate")).toMatchObject({ overdue: false, due: "due 30m after start", approval: null });
    expect(incidentCardData(s, at(30)).steps.find((x) => x.id === "isolate")?.overdue).toBe(true);
    expect(card.contactTree[0]).toMatchObject({ caller: "Incident lead", callee: "MSP on-call", paged: true });
    expect(card.contactTree[2]).toMatchObject({ caller: "MSP lead", paged: false });
    expect(card.authorities[0].holders).toBe("Technical lead (Nia NOC), Incident lead (unassigned)");
    expect(card.lastUpdate).toBe("Sam Sample marked done: Confirm the scope");
  });

  test("ack text while running, and after acknowledgement", () => {
    expect(incidentCardData(start(), at(6)).ack.text).toBe("MSP to acknowledge within 9m (15m response time)");
    const acked = apply(start(), { type: "acknowledge" }, mspTech, at(4)).state;
    expect(incidentCardData(acked, at(30)).ack).toEqual({ acknowledged: true, overdue: false, text: "MSP acknowledged (Nia NOC) after 4m" });
  });

  test("a resolved incident's elapsed time stops at resolution and nothing shows overdue", () => {
    const card = incidentCardData(worked(false), at(600));
    expect(card.elapsed).toBe("1h 35m");
    expect(card.resolved).toBe(true);
    expect(card.steps.some((x) => x.overdue)).toBe(false);
  });

  test("a drill is marked in the title and with a banner", () => {
    const card = incidentCardData(start(true), at(1));
    expect(card.drill).toBe(true);
    expect(card.drillBanner).toBe(DRILL_BANNER);
    expect(card.title.startsWith("DRILL: ")).toBe(true);
    expect(card.lastUpdate?.startsWith("[DRILL]")).toBe(true);
  });
});

describe("post-incident summary", () => {
  test("has duration, time to acknowledge, steps by outcome, approvals and the whole timeline", () => {
    const s = worked(false);
    const sum = incidentSummary(s, at(600));
    expect(sum).toMatchObject({
      resolved: true,
      durationMinutes: 95,
      timeToAcknowledgeMinutes: 18,
      ackWithinTarget: false,
      acknowledgedBy: "Nia NOC",
      resolvedBy: "Sam Sample",
      endedAt: at(95).toISOString(),
    });
    expect(sum.steps.done.map((x) => x.id)).toEqual(["confirm", "isolate", "restore"]);
    expect(sum.steps.open.map((x) => x.id)).toEqual(["tell-staff"]);
    expect(sum.approvals.map((a) => [a.decision, a.by])).toEqual([["declined", "Casey COO"], ["approved", "Casey COO"]]);
    expect(sum.deadlinesMissed.map((d) => d.stepId)).toEqual(["confirm"]);
    expect(sum.pages.map((p) => p.callee)).toEqual(["MSP on-call", "MSP lead"]);
    expect(sum.timeline).toEqual(s.timeline);
  });

  test("an unresolved summary runs to now", () => {
    const sum = incidentSummary(start(), at(42));
    expect(sum).toMatchObject({ resolved: false, durationMinutes: 42, timeToAcknowledgeMinutes: null, ackWithinTarget: false });
  });

  test("markdown export carries the numbers, checklist, approvals and timeline, escaping chat text", () => {
    const md = summaryMarkdown(incidentSummary(worked(false), at(600)));
    expect(md).toMatch(/^# Post-incident summary: SEV 1 - Sample outage\n/);
    expect(md).not.toContain("DRILL");
    expect(md).toContain("- **Duration:** 1h 35m");
    expect(md).toContain("- **Time to acknowledge (MSP):** 18m by Nia NOC (missed the 15m target)");
    expect(md).toContain("- **Ticket:** T-42");
    expect(md).toContain("- **Steps:** 3 done, 0 skipped, 1 open");
    expect(md).toContain("- [x] Isolate the hosts (msp; Nia NOC, 2026-03-04 14:25 UTC)");
    expect(md).toContain("- [ ] Tell staff (internal; still open)");
    expect(md).toContain("- **declined** by Casey COO at 2026-03-04 14:30 UTC: Restore from backup (forensics first)");
    expect(md).toContain("## Missed deadlines\n\n- Confirm the scope");
    expect(md).toContain("| Technical lead | msp | Nia NOC |");
    expect(md).toContain("| 2026-03-04 14:18 UTC | 18m | Nia NOC | Nia NOC acknowledged for the MSP after 18m, past the 15m response time |");
    // A pipe in chat text must not split a table cell.
    expect(md).toContain("restored \\| verified by users |");
  });

  test("a drill summary is marked DRILL in the title, a banner and every timeline entry", () => {
    const sum = incidentSummary(worked(true), at(600));
    expect(sum.drill).toBe(true);
    expect(sum.title.startsWith("DRILL: ")).toBe(true);
    expect(sum.pages.every((p) => !p.sentOutside)).toBe(true);
    const md = summaryMarkdown(sum);
    expect(md).toMatch(/^# DRILL summary: /);
    expect(md).toContain("> **DRILL** - tabletop exercise. Nobody outside the channel was paged");
    expect(md).toContain("- **Pages:** 2 (drill: in channel only)");
    const rows = md.split("## Timeline")[1].split("\n").filter((l) => l.startsWith("| 2026"));
    expect(rows).toHaveLength(sum.timeline.length);
    for (const row of rows) expect(row).toContain("\\[DRILL\\]");
  });

  test("a shipped playbook runs end to end into a summary", () => {
    const r = parsePlaybook(readFileSync(join(__dirname, "../../../prisma/seed/playbooks/ransomware.yaml"), "utf8"));
    if (!r.ok) throw new Error("invalid");
    let s = startIncident({ id: "inc-r", playbook: r.playbook, summary: "ransom notes on FS01" }, mspLead, at(0)).state;
    s = run(s, [
      [5, { type: "acknowledge" }, mspTech],
      [12, { type: "step-done", stepId: "isolate-hosts" }, mspTech],
      [40, { type: "set-status", status: "contained" }, mspLead],
    ]);
    const md = summaryMarkdown(incidentSummary(s, at(60)));
    expect(md).toContain("- **Not resolved** at 2026-03-04 15:00 UTC (status: contained)");
    expect(md).toContain("- [x] Network-isolate affected endpoints and servers with EDR containment; do not power them off");
    expect(md).toContain("(within the 15m target)");
  });
});
