import { apply, startIncident } from "../../../src/core/incidents/incident";
import { SYSTEM_ACTOR, type IncidentState } from "../../../src/core/incidents/incident-model";
import {
  ackTimer,
  dueCommands,
  isAckOverdue,
  missedDeadlines,
  nextDueAt,
  repageTarget,
} from "../../../src/core/incidents/timers";
import { at, mspLead, mspTech, samplePlaybook } from "./sample-playbook";

function start(ackMinutes?: number, drill = false): IncidentState {
  return startIncident({ id: "inc-1", playbook: samplePlaybook(), summary: "outage", ackMinutes, drill }, mspLead, at(0)).state;
}

/** What a scheduler does: at `now`, apply whatever is due as Tandem. */
function tick(state: IncidentState, minutes: number): IncidentState {
  return dueCommands(state, at(minutes)).reduce((s, c) => apply(s, c, SYSTEM_ACTOR, at(minutes)).state, state);
}

describe("MSP acknowledgement", () => {
  test("is overdue at 15 minutes by default, not before", () => {
    const s = start();
    expect(isAckOverdue(s, at(14))).toBe(false);
    expect(ackTimer(s, at(14)).minutes).toBe(1);
    expect(isAckOverdue(s, at(15))).toBe(true);
    expect(ackTimer(s, at(18))).toMatchObject({ overdue: true, minutes: 3 });
  });

  test("uses the client's response time", () => {
    const s = start(5);
    expect(isAckOverdue(s, at(4))).toBe(false);
    expect(isAckOverdue(s, at(5))).toBe(true);
  });

  test("is never overdue once acknowledged, and records how long it took", () => {
    const s = apply(start(), { type: "acknowledge" }, mspTech, at(7)).state;
    expect(isAckOverdue(s, at(60))).toBe(false);
    expect(ackTimer(s, at(60))).toMatchObject({ acknowledged: true, minutes: 7 });
  });
});

describe("re-paging along the escalation path", () => {
  test("pages the next contact each time the response time passes without acknowledgement", () => {
    let s = start();
    expect(repageTarget(s)?.id).toBe("lead");
    expect(dueCommands(s, at(14)).filter((c) => c.type === "page")).toEqual([]);
    s = tick(s, 15);
    expect(s.pages.map((p) => p.contactId)).toEqual(["oncall", "lead"]);
    expect(s.timeline.filter((e) => e.type === "re-paged")[0].text).toMatch(/Paged MSP lead \(page 2\): MSP has not acknowledged within 15m/);
    s = tick(s, 20); // nothing new is due: next re-page at 30
    expect(s.pages).toHaveLength(2);
    s = tick(s, 30);
    s = tick(s, 45); // path exhausted: the most senior contact keeps being paged
    expect(s.pages.map((p) => p.contactId)).toEqual(["oncall", "lead", "manager", "manager"]);
  });

  test("after downtime, one re-page says it is late and when it was due; the next is a full response time later", () => {
    const s = start();
    const late = (due: Date) => ` (late: due ${due.toISOString()})`;
    const due = dueCommands(s, at(200), late);
    expect(due.filter((c) => c.type === "page")).toEqual([expect.objectContaining({ contactId: "lead", reason: `MSP has not acknowledged within 15m (late: due ${at(15).toISOString()})` })]);
    const after = due.reduce((x, c) => apply(x, c, SYSTEM_ACTOR, at(200)).state, s);
    expect(dueCommands(after, at(214), late).filter((c) => c.type === "page")).toEqual([]);
    expect(nextDueAt(after)?.getTime()).toBeGreaterThanOrEqual(at(215).getTime());
  });

  test("stops once the MSP acknowledges", () => {
    let s = start();
    s = apply(s, { type: "acknowledge" }, mspTech, at(10)).state;
    expect(dueCommands(s, at(60)).filter((c) => c.type === "page")).toEqual([]);
  });

  test("a manual page to someone off the path does not reset the MSP's clock", () => {
    let s = apply(start(), { type: "page", contactId: "insurer" }, mspLead, at(10)).state;
    expect(dueCommands(s, at(15))).toContainEqual(expect.objectContaining({ type: "page", contactId: "lead" }));
    s = tick(s, 15);
    expect(s.pages.map((p) => p.contactId)).toEqual(["oncall", "insurer", "lead"]);
  });

  test("in a drill, re-pages are recorded but marked not to leave the channel", () => {
    const s = tick(start(undefined, true), 15);
    expect(s.pages[1]).toMatchObject({ contactId: "lead", sendOutside: false });
    expect(s.timeline.find((e) => e.type === "re-paged")?.text).toMatch(/^\[DRILL\] Would page MSP lead/);
  });
});

describe("step deadlines", () => {
  test("passed deadlines of open steps are called out once each", () => {
    let s = start();
    expect(missedDeadlines(s, at(14)).map((x) => x.id)).toEqual([]);
    s = apply(s, { type: "step-done", stepId: "confirm" }, mspLead, at(10)).state;
    s = apply(s, { type: "acknowledge" }, mspTech, at(11)).state;
    expect(missedDeadlines(s, at(31)).map((x) => x.id)).toEqual(["isolate"]);
    s = tick(s, 31);
    expect(s.timeline.filter((e) => e.type === "deadline-missed").map((e) => e.stepId)).toEqual(["isolate"]);
    s = tick(s, 40);
    expect(s.timeline.filter((e) => e.type === "deadline-missed")).toHaveLength(1);
    s = tick(s, 61);
    expect(s.timeline.filter((e) => e.type === "deadline-missed").map((e) => e.stepId)).toEqual(["isolate", "tell-staff"]);
    expect(dueCommands(s, at(500))).toEqual([]);
  });

  test("several deadlines passed while the scheduler was down are all called out in one tick", () => {
    const s = tick(apply(start(), { type: "acknowledge" }, mspTech, at(1)).state, 90);
    expect(s.deadlinesCalledOut.sort()).toEqual(["confirm", "isolate", "tell-staff"]);
  });
});

describe("nextDueAt", () => {
  test("is the earliest of the re-page and the open step deadlines", () => {
    let s = start(20);
    expect(nextDueAt(s)).toEqual(at(15)); // confirm, before the 20m re-page
    s = apply(s, { type: "step-done", stepId: "confirm" }, mspLead, at(3)).state;
    expect(nextDueAt(s)).toEqual(at(20)); // re-page
    s = apply(s, { type: "acknowledge" }, mspTech, at(4)).state;
    expect(nextDueAt(s)).toEqual(at(30)); // isolate
  });

  test("is null when nothing is left to wait for, and once resolved", () => {
    let s = apply(start(), { type: "acknowledge" }, mspTech, at(1)).state;
    for (const id of ["confirm", "isolate", "tell-staff"]) s = apply(s, { type: "step-skipped", stepId: id }, mspLead, at(2)).state;
    expect(nextDueAt(s)).toBeNull();
    const resolved = apply(start(), { type: "resolve", resolution: "false alarm" }, mspLead, at(1)).state;
    expect(nextDueAt(resolved)).toBeNull();
    expect(dueCommands(resolved, at(100))).toEqual([]);
  });
});
