import { DomainError } from "../../../src/core/errors";
import { apply, startIncident } from "../../../src/core/incidents/incident";
import { SYSTEM_ACTOR, type IncidentCommand, type IncidentState, type Actor } from "../../../src/core/incidents/incident-model";
import { admin, at, coo, internalIt, mspLead, mspTech, samplePlaybook } from "./sample-playbook";

function start(drill = false): IncidentState {
  return startIncident({ id: "inc-1", playbook: samplePlaybook(), summary: "FS01 files renamed .locked", drill, ticketId: "T-42" }, mspLead, at(0)).state;
}

/** Apply commands in order, one minute apart from `from`. */
function run(state: IncidentState, steps: [IncidentCommand, Actor][], from = 1): IncidentState {
  return steps.reduce((s, [cmd, actor], i) => apply(s, cmd, actor, at(from + i)).state, state);
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  throw new Error("expected a DomainError");
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === "object") {
    Object.values(o).forEach(deepFreeze);
    Object.freeze(o);
  }
  return o;
}

describe("start", () => {
  test("opens investigating, with every role empty and every step open, and pages the first escalation contact", () => {
    const { state, events } = startIncident(
      { id: "inc-1", playbook: samplePlaybook(), summary: "FS01 files renamed", ticketId: "T-42" },
      mspLead,
      at(0),
    );
    expect(state).toMatchObject({ status: "investigating", severity: 1, drill: false, ticketId: "T-42", ackMinutes: 15 });
    expect(Object.values(state.roles).every((h) => h === null)).toBe(true);
    expect(Object.values(state.steps).every((s) => s.state === "open")).toBe(true);
    expect(events.map((e) => e.type)).toEqual(["started", "paged"]);
    expect(events[0]).toMatchObject({ at: "2026-03-04T14:00:00.000Z", actor: { id: "u-sam", name: "Sam Sample" } });
    expect(events[0].text).toContain("T-42");
    expect(state.pages).toEqual([expect.objectContaining({ contactId: "oncall", attempt: 1, sendOutside: true })]);
    expect(state.timeline).toEqual(events);
  });

  test("refuses an empty summary, a bad severity or response time", () => {
    const pb = samplePlaybook();
    expect(refusal(() => startIncident({ id: "x", playbook: pb, summary: "  " }, mspLead, at(0)))).toBe("summary-required");
    expect(refusal(() => startIncident({ id: "x", playbook: pb, summary: "s", severity: 0 }, mspLead, at(0)))).toBe("invalid-severity");
    expect(refusal(() => startIncident({ id: "x", playbook: pb, summary: "s", ackMinutes: -1 }, mspLead, at(0)))).toBe("invalid-ack-minutes");
  });

  test("a drill marks every event and pages nobody outside the channel", () => {
    const state = run(start(true), [[{ type: "note", text: "tabletop begins" }, internalIt]]);
    expect(state.timeline.length).toBe(3);
    for (const e of state.timeline) {
      expect(e.drill).toBe(true);
      expect(e.text.startsWith("[DRILL] ")).toBe(true);
    }
    expect(state.pages[0].sendOutside).toBe(false);
    expect(state.timeline[1].text).toMatch(/Would page MSP on-call .*not sent outside this channel/);
  });
});

describe("a full incident", () => {
  test("runs from start to resolved, each change on the timeline, never mutating the input", () => {
    const s0 = deepFreeze(start());
    const s = run(s0, [
      [{ type: "acknowledge" }, mspTech],
      [{ type: "take-role", role: "incident-lead" }, mspLead],
      [{ type: "assign-role", role: "client-approver", holder: coo }, internalIt],
      [{ type: "step-done", stepId: "confirm" }, mspLead],
      [{ type: "step-done", stepId: "isolate", note: "EDR contained 3 hosts" }, mspTech],
      [{ type: "set-status", status: "contained" }, mspLead],
      [{ type: "approve", stepId: "restore", note: "restore FS01 first" }, coo],
      [{ type: "set-status", status: "recovering" }, mspLead],
      [{ type: "step-done", stepId: "restore" }, mspTech],
      [{ type: "step-skipped", stepId: "tell-staff", reason: "after hours, nobody affected" }, internalIt],
      [{ type: "note", text: "all clear from users" }, internalIt],
      [{ type: "resolve", resolution: "restored from 02:00 snapshot" }, mspLead],
    ]);
    expect(s0.status).toBe("investigating");
    expect(s0.timeline).toHaveLength(2);
    expect(s.status).toBe("resolved");
    expect(s.acknowledgedAt).toBe(at(1).toISOString());
    expect(s.roles["incident-lead"]?.name).toBe("Sam Sample");
    expect(s.roles["client-approver"]?.id).toBe("u-coo");
    expect(s.steps.isolate).toMatchObject({ state: "done", by: { name: "Nia NOC" }, reason: "EDR contained 3 hosts" });
    expect(s.steps["tell-staff"]).toMatchObject({ state: "skipped", reason: "after hours, nobody affected" });
    expect(s.approvals).toEqual([expect.objectContaining({ stepId: "restore", decision: "approved", by: expect.objectContaining({ id: "u-coo" }) })]);
    expect(s.resolvedAt).toBe(at(12).toISOString());
    expect(s.timeline.map((e) => e.type)).toEqual([
      "started", "paged", "acknowledged", "role-assigned", "role-assigned", "step-done", "step-done",
      "status-changed", "approved", "status-changed", "step-done", "step-skipped", "note", "resolved",
    ]);
    expect(s.timeline.every((e, i) => i === 0 || e.at >= s.timeline[i - 1].at)).toBe(true);
    expect(s.timeline[s.timeline.length - 1].text).toBe("Sam Sample resolved the incident after 12m: restored from 02:00 snapshot");
  });
});

describe("refusals", () => {
  test("only the MSP (or an admin) acknowledges, once", () => {
    const s = start();
    expect(refusal(() => apply(s, { type: "acknowledge" }, internalIt, at(1)))).toBe("ack-msp-only");
    const acked = apply(s, { type: "acknowledge" }, admin, at(1)).state;
    expect(refusal(() => apply(acked, { type: "acknowledge" }, mspTech, at(2)))).toBe("already-acknowledged");
  });

  test("roles: unknown role, wrong party, taking a held role", () => {
    const s = start();
    expect(refusal(() => apply(s, { type: "take-role", role: "janitor" }, mspLead, at(1)))).toBe("unknown-role");
    expect(refusal(() => apply(s, { type: "take-role", role: "client-approver" }, mspLead, at(1)))).toBe("role-party-mismatch");
    const taken = apply(s, { type: "take-role", role: "technical-lead" }, mspTech, at(1)).state;
    expect(refusal(() => apply(taken, { type: "take-role", role: "technical-lead" }, mspLead, at(2)))).toBe("role-taken");
    expect(refusal(() => apply(taken, { type: "take-role", role: "technical-lead" }, mspTech, at(2)))).toBe("role-already-held");
    // An explicit assignment hands it over, and says who had it.
    const handed = apply(taken, { type: "assign-role", role: "technical-lead", holder: mspLead }, mspTech, at(2));
    expect(handed.state.roles["technical-lead"]?.id).toBe("u-sam");
    expect(handed.events[0].text).toBe("Nia NOC assigned Technical lead to Sam Sample (was Nia NOC)");
  });

  test("approvals: only approval steps, only the client approver or an admin, decided once per direction", () => {
    const s = run(start(), [[{ type: "assign-role", role: "client-approver", holder: coo }, internalIt]]);
    expect(refusal(() => apply(s, { type: "approve", stepId: "isolate" }, coo, at(5)))).toBe("not-an-approval-step");
    expect(refusal(() => apply(s, { type: "approve", stepId: "restore" }, internalIt, at(5)))).toBe("approver-only");
    expect(refusal(() => apply(s, { type: "approve", stepId: "nope" }, coo, at(5)))).toBe("unknown-step");
    const declined = apply(s, { type: "decline", stepId: "restore", note: "wait for forensics" }, coo, at(5)).state;
    expect(refusal(() => apply(declined, { type: "decline", stepId: "restore" }, coo, at(6)))).toBe("already-decided");
    const approved = apply(declined, { type: "approve", stepId: "restore" }, admin, at(7)).state;
    expect(approved.approvals.map((a) => a.decision)).toEqual(["declined", "approved"]);
  });

  test("nobody can approve before the client approver role is assigned, except an admin", () => {
    expect(refusal(() => apply(start(), { type: "approve", stepId: "restore" }, coo, at(1)))).toBe("approver-only");
    expect(apply(start(), { type: "approve", stepId: "restore" }, admin, at(1)).state.approvals).toHaveLength(1);
  });

  test("an approval step cannot be done before approval, nor after a decline; a closed step stays closed", () => {
    const s = run(start(), [[{ type: "assign-role", role: "client-approver", holder: coo }, internalIt]]);
    expect(refusal(() => apply(s, { type: "step-done", stepId: "restore" }, mspTech, at(3)))).toBe("approval-needed");
    const declined = apply(s, { type: "decline", stepId: "restore" }, coo, at(3)).state;
    expect(refusal(() => apply(declined, { type: "step-done", stepId: "restore" }, mspTech, at(4)))).toBe("approval-declined");
    const skipped = apply(declined, { type: "step-skipped", stepId: "restore", reason: "declined" }, mspTech, at(4)).state;
    expect(refusal(() => apply(skipped, { type: "step-done", stepId: "restore" }, mspTech, at(5)))).toBe("step-closed");
    expect(refusal(() => apply(skipped, { type: "approve", stepId: "restore" }, coo, at(5)))).toBe("step-closed");
  });

  test("status: no same-status change, backwards only with a reason, resolving from investigating needs a resolution", () => {
    const s = start();
    expect(refusal(() => apply(s, { type: "set-status", status: "investigating" }, mspLead, at(1)))).toBe("status-unchanged");
    expect(refusal(() => apply(s, { type: "resolve" }, mspLead, at(1)))).toBe("reason-needed");
    expect(refusal(() => apply(s, { type: "set-status", status: "resolved" }, mspLead, at(1)))).toBe("reason-needed");
    // Skipping forward is fine: a server outage may need no containment.
    const recovering = apply(s, { type: "set-status", status: "recovering" }, mspLead, at(1)).state;
    expect(refusal(() => apply(recovering, { type: "set-status", status: "investigating" }, mspLead, at(2)))).toBe("reason-needed");
    const back = apply(recovering, { type: "set-status", status: "investigating", note: "re-infection on FS02" }, mspLead, at(2));
    expect(back.state.status).toBe("investigating");
    expect(back.events[0].text).toContain("re-infection on FS02");
    const falseAlarm = apply(s, { type: "resolve", resolution: "false alarm: backup job renaming files" }, mspLead, at(3)).state;
    expect(falseAlarm.status).toBe("resolved");
  });

  test("a resolved incident refuses every further command", () => {
    const s = run(start(), [
      [{ type: "set-status", status: "contained" }, mspLead],
      [{ type: "set-status", status: "resolved" }, mspLead],
    ]);
    expect(s.status).toBe("resolved");
    const commands: IncidentCommand[] = [
      { type: "note", text: "late" },
      { type: "acknowledge" },
      { type: "step-done", stepId: "confirm" },
      { type: "resolve", resolution: "again" },
    ];
    for (const c of commands) expect(refusal(() => apply(s, c, admin, at(9)))).toBe("incident-resolved");
  });

  test("notes need text; pages need a known contact", () => {
    expect(refusal(() => apply(start(), { type: "note", text: " " }, mspLead, at(1)))).toBe("note-empty");
    expect(refusal(() => apply(start(), { type: "page", contactId: "ghost" }, mspLead, at(1)))).toBe("unknown-contact");
  });

  test("a manual page to any contact of the tree is recorded with who asked", () => {
    const { state, events } = apply(start(), { type: "page", contactId: "insurer" }, coo, at(30));
    expect(state.pages[1]).toMatchObject({ contactId: "insurer", attempt: 2, callee: "Insurer hotline" });
    expect(events[0]).toMatchObject({ type: "re-paged", contactId: "insurer", actor: { id: "u-coo" } });
    expect(events[0].text).toContain("paged by Casey COO");
  });

  test("deadline call-outs: only for a step with a passed deadline, once", () => {
    const s = start();
    expect(refusal(() => apply(s, { type: "deadline-missed", stepId: "restore" }, SYSTEM_ACTOR, at(99)))).toBe("no-deadline");
    expect(refusal(() => apply(s, { type: "deadline-missed", stepId: "isolate" }, SYSTEM_ACTOR, at(29)))).toBe("deadline-not-passed");
    const called = apply(s, { type: "deadline-missed", stepId: "isolate" }, SYSTEM_ACTOR, at(30));
    expect(called.events[0].text).toBe("Overdue (due 30m after start, owner MSP): Isolate the hosts");
    expect(refusal(() => apply(called.state, { type: "deadline-missed", stepId: "isolate" }, SYSTEM_ACTOR, at(31)))).toBe(
      "deadline-already-called-out",
    );
  });

  test("refusals carry a message a person can act on", () => {
    const s = run(start(), [[{ type: "take-role", role: "technical-lead" }, mspTech]]);
    try {
      apply(s, { type: "take-role", role: "technical-lead" }, mspLead, at(3));
      throw new Error("not refused");
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).userMessage).toBe("Nia NOC holds Technical lead; ask them or an incident lead to assign it to you.");
    }
  });
});
