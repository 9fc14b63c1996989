// The cadence feature in chat, over in-memory ports: admin-only schedules (refusals audited), the standup buttons,
// the snooze timer, and the QBR calendar button with and without a calendar.
import type { ActionEvent, Actor, ChannelRef, CommandEvent } from "../../../src/core/conversation/events";
import type { Turn } from "../../../src/core/conversation/feature";
import { Router } from "../../../src/core/conversation/router";
import type { ClientInfo, Role } from "../../../src/core/ports/tenancy";
import type { RunRecord } from "../../../src/core/schedules/cadence-ports";
import { cadenceFeature } from "../../../src/core/schedules/feature";
import { snoozeEndedHandler } from "../../../src/core/schedules/feature-standup";
import { MemoryRuns, MemoryScheduleStore, RecordingAudit, RecordingCalendar, RecordingJobs, TZ, snapshotSource, texts } from "./cadence-fakes";
import { standupViewSample } from "./card-samples";

const channel: ChannelRef = { platform: "slack", id: "C1", teamId: "T1", isDirect: false };
const actor: Actor = { platform: "slack", teamId: "T1", userId: "U1", name: "alex" };
const client: ClientInfo = { id: "c1", name: "Maple Ridge", timezone: TZ, ticketPrefix: "MR", settings: {} };
const NOW = new Date("2026-10-19T13:40:00Z");

function setup(calendar: RecordingCalendar | null = null) {
  const store = new MemoryScheduleStore();
  const runs = new MemoryRuns();
  const audit = new RecordingAudit();
  const jobs = new RecordingJobs();
  const router = new Router([cadenceFeature({ store, runs, source: snapshotSource, audit, jobs, calendar })], { audit, cards: { conversationOf: async () => null } });
  const view = standupViewSample();
  const standup: RunRecord = {
    id: "run-1", scheduleId: "s1", clientId: "c1", occurrenceAt: new Date("2026-10-19T13:30:00Z"), status: "sent", heldAt: null, heldBy: null,
    state: { kind: "standup", timezone: TZ, card: view as unknown as Record<string, unknown>, posts: [{ key: "cadence:run-1:slack:C1", channel }, { key: "cadence:run-1:teams:19:x", channel: { platform: "teams", id: "19:x", isDirect: false } }], notes: [] },
  };
  runs.add(standup);
  const command = (text: string, roles: Role[]) =>
    router.route({ event: { kind: "command", eventId: "e", channel, actor, command: "tandem", text } as CommandEvent, client, actor, roles, now: NOW });
  const click = (action: string, value: Record<string, string>, roles: Role[] = ["msp-tech"], now = NOW) =>
    router.route({ event: { kind: "action", eventId: "e", channel, actor, action, value, messageKey: value.card } as ActionEvent, client, actor, roles, now } as Turn);
  return { store, runs, audit, jobs, command, click, calendar };
}

describe("schedule command", () => {
  test("a non-admin is refused privately and the refusal is audited; nothing changes", async () => {
    const f = setup();
    const out = await f.command("schedule set standup tue 10:00", ["internal-it", "msp-lead"]);
    expect(out).toEqual([expect.objectContaining({ op: "ephemeral", reply: { text: expect.stringContaining("Only a Tandem admin can change the schedules") } })]);
    expect(f.audit.entries).toEqual([expect.objectContaining({ clientId: "c1", actor: "slack:T1:U1", action: "schedule.change", outcome: "refused", place: "slack:C1" })]);
    expect(f.store.rows).toHaveLength(0);
  });

  test("an admin's change is audited, said in the channel, and wakes the runner for the new time", async () => {
    const f = setup();
    const out = await f.command("schedule set standup tue 10:00", ["admin"]);
    expect(out[0]).toMatchObject({ op: "post", reply: { text: expect.stringContaining("Changed. standup: Weekly standup: every Tue at 10:00") } });
    expect(f.audit.entries).toEqual([expect.objectContaining({ action: "schedule.set", outcome: "allowed" })]);
    expect(f.jobs.scheduled).toEqual([expect.objectContaining({ kind: "cadence-tick", runAt: new Date("2026-10-20T14:00:00Z") })]);
  });

  test("schedule list answers with the schedule-list card", async () => {
    const f = setup();
    const out = await f.command("schedule list", ["admin"]);
    expect(out[0]).toMatchObject({ op: "post", reply: { card: { name: "schedule-list" } } });
    expect(f.audit.entries).toEqual([]);
  });
});

describe("standup buttons", () => {
  const value = { card: "cadence:run-1:slack:C1", run: "run-1" };

  test("Add agenda item redraws every copy of the card with the note", async () => {
    const f = setup();
    const out = await f.click("standup.add-item", { ...value, item: "  Printer   lease renewal " });
    expect(out.map((o) => o.op === "update" && o.key)).toEqual(["cadence:run-1:slack:C1", "cadence:run-1:teams:19:x"]);
    expect((await f.runs.get("run-1"))!.state.notes).toEqual([{ text: "Printer lease renewal", by: "alex", at: NOW.toISOString() }]);
    expect(JSON.stringify(out[0])).toContain("Printer lease renewal (alex)");
  });

  test("Mark held: the first mark wins; the card says who held it and has no buttons", async () => {
    const f = setup();
    await f.click("standup.held", value);
    const later = await f.click("standup.held", value, ["internal-it"], new Date("2026-10-19T15:00:00Z"));
    const run = (await f.runs.get("run-1"))!;
    expect(run.heldAt).toEqual(NOW);
    expect(JSON.stringify(later[0])).toContain("Held: marked by alex at 09:40 EDT.");
    expect(JSON.stringify(later[0])).toContain('"actions":{"primary":[],"more":[]}');
  });

  test("Snooze 15 min schedules a durable timer; when it fires the standup is posted again, unless it was held first", async () => {
    const f = setup();
    const out = await f.click("standup.snooze", value);
    expect(JSON.stringify(out[0])).toContain("Snoozed until 09:55 EDT by alex.");
    const job = f.jobs.scheduled[0]!;
    expect(job).toMatchObject({ kind: "cadence-snooze", key: "cadence-snooze:run-1:1", runAt: new Date("2026-10-19T13:55:00Z") });
    const fired = await snoozeEndedHandler({ runs: f.runs })(job.payload!, { key: job.key, kind: job.kind, runAt: job.runAt, attempts: 1, now: job.runAt });
    expect(fired!.filter((o) => o.op === "post").map((o) => o.op === "post" && o.key)).toEqual(["cadence:run-1:r1:slack:C1", "cadence:run-1:r1:teams:19:x"]);
    expect(texts(fired!)[0]).toContain("time for the standup");
    // The banner's time is in the one format, with its zone.
    expect(JSON.stringify(fired)).toContain("Snoozed until 09:55 EDT: time for the standup.");
    // A second delivery of the same timer does nothing.
    expect(await snoozeEndedHandler({ runs: f.runs })(job.payload!, { key: job.key, kind: job.kind, runAt: job.runAt, attempts: 2, now: job.runAt })).toEqual([]);

    const g = setup();
    await g.click("standup.snooze", value);
    await g.click("standup.held", value);
    const j = g.jobs.scheduled[0]!;
    expect(await snoozeEndedHandler({ runs: g.runs })(j.payload!, { key: j.key, kind: j.kind, runAt: j.runAt, attempts: 1, now: j.runAt })).toEqual([]);
    await expect(g.click("standup.snooze", value)).resolves.toEqual([expect.objectContaining({ op: "ephemeral", reply: { text: expect.stringContaining("already marked held") } })]);
  });

  test("a button for a run of another client is refused", async () => {
    const f = setup();
    f.runs.add({ ...(await f.runs.get("run-1"))!, id: "run-x", clientId: "other" });
    const out = await f.click("standup.held", { card: "k", run: "run-x" });
    expect(texts(out)[0]).toContain("can't find that standup");
    expect((await f.runs.get("run-x"))!.heldAt).toBeNull();
  });
});

describe("QBR calendar button", () => {
  async function withQbr(calendar: RecordingCalendar | null) {
    const f = setup(calendar);
    await f.command("schedule set qbr 2027-01-15 10:00 organiser owner@example.com", ["admin"]);
    const qbr = f.store.rows.find((r) => r.name === "qbr")!;
    f.runs.add({ id: "qrun", scheduleId: qbr.schedule.id, clientId: "c1", occurrenceAt: new Date("2027-01-04T15:00:00Z"), status: "sent", heldAt: null, heldBy: null, state: { kind: "qbr", timezone: TZ, posts: [], notes: [], qbrDate: "2027-01-15", phase: "lead" } });
    return f;
  }

  test("staff cannot book it (audited); internal IT creates it once in the organiser's calendar", async () => {
    const calendar = new RecordingCalendar();
    const f = await withQbr(calendar);
    const refused = await f.click("qbr.calendar", { card: "k", schedule: "s3", run: "qrun" }, ["staff"]);
    expect(texts(refused)[0]).toContain("Only internal IT, the MSP lead or a Tandem admin can put the QBR in a calendar");
    expect(f.audit.entries.at(-1)).toMatchObject({ action: "qbr.calendar", outcome: "refused" });
    const ok = await f.click("qbr.calendar", { card: "k", schedule: "s3", run: "qrun" }, ["internal-it"]);
    expect(texts(ok)[0]).toContain("alex put the QBR on 2027-01-15 in owner@example.com's calendar");
    expect(calendar.created).toHaveLength(1);
    expect(calendar.created[0]!.event).toMatchObject({ start: new Date("2027-01-15T15:00:00Z"), end: new Date("2027-01-15T16:30:00Z"), timezone: TZ, attendees: [{ name: "Alex Example", email: "alex@example.com" }] });
    expect(calendar.created[0]!.event.body.split("\n")[0]).toMatch(/^1\. Matrix review: version 4/);
    const again = await f.click("qbr.calendar", { card: "k", schedule: "s3", run: "qrun" }, ["internal-it"]);
    expect(texts(again)[0]).toContain("already in the calendar");
    expect(calendar.created).toHaveLength(1);
  });

  test("without a calendar the button hands out an .ics privately", async () => {
    const f = await withQbr(null);
    const out = await f.click("qbr.calendar", { card: "k", schedule: "s3", run: "qrun" }, ["msp-lead"]);
    expect(out[0]!.op).toBe("ephemeral");
    expect(texts(out)[0]).toContain("DTSTART;TZID=America/Toronto:20270115T100000");
  });
});
