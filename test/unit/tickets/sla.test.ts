import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseMatrix } from "../../../src/core/matrix/format";
import type { TicketEvent } from "../../../src/core/tickets/model";
import { courtHistory, deadline, slaClocks, slaPolicy } from "../../../src/core/tickets/sla";

const parsed = parseMatrix(readFileSync(join(__dirname, "../../fixtures/matrix/demo.yaml"), "utf8"));
if (!parsed.ok) throw new Error("demo matrix fixture is invalid");
const hours = parsed.matrix.businessHours; // Toronto, Mon-Fri 08:30-17:30
const at = (iso: string) => new Date(iso);
const MIN = 60_000;

// Tuesday 8 September 2026, 10:00 Toronto = 14:00Z.
const T0 = at("2026-09-08T14:00:00Z");
const plus = (m: number) => new Date(T0.getTime() + m * MIN);
const ev = (type: TicketEvent["type"], m: number, extra: Partial<TicketEvent> = {}): TicketEvent => ({ type, actor: "x", at: plus(m), ...extra });

describe("SLA policy", () => {
  test("defaults: respond within 15 min (sev1), 30 min (sev2), 4 business hours (sev3), 1 business day (sev4)", () => {
    const p = slaPolicy({}, { businessHours: hours });
    expect(p[1]).toMatchObject({ ackMinutes: 15, businessHours: false });
    expect(p[2]).toMatchObject({ ackMinutes: 30, businessHours: false });
    expect(p[3]).toMatchObject({ ackMinutes: 240, businessHours: true });
    expect(p[4]).toMatchObject({ ackMinutes: 540, businessHours: true }); // a 9-hour business day
  });

  test("the client's settings override per severity; nonsense values fall back to the defaults", () => {
    const p = slaPolicy({ sla: { "2": { ackMinutes: 20, businessHours: true }, "3": { ackMinutes: -5, resolveMinutes: 600 } } }, { businessHours: hours });
    expect(p[2]).toMatchObject({ ackMinutes: 20, businessHours: true, resolveMinutes: 480 });
    expect(p[3]).toMatchObject({ ackMinutes: 240, resolveMinutes: 600 });
  });

  test("the signed matrix's slaMinutes set the first response; the client's own settings still win", () => {
    const p = slaPolicy({}, { businessHours: hours, slaMinutes: { "1": 30, "2": 120 } });
    expect(p[1]).toMatchObject({ ackMinutes: 30, businessHours: false });
    expect(p[2]).toMatchObject({ ackMinutes: 120, businessHours: false, resolveMinutes: 480 });
    expect(p[3]).toMatchObject({ ackMinutes: 240, businessHours: true });
    expect(slaPolicy({ sla: { "2": { ackMinutes: 45 } } }, { businessHours: hours, slaMinutes: { "2": 120 } })[2].ackMinutes).toBe(45);
  });

  test("a business-hours deadline skips the night; a wall-clock one does not", () => {
    const evening = at("2026-09-08T20:00:00Z"); // Tue 16:00 Toronto
    expect(deadline({ businessHours: true }, hours, evening, 240).toISOString()).toBe("2026-09-09T15:00:00.000Z"); // Wed 11:00
    expect(deadline({ businessHours: false }, hours, evening, 240).toISOString()).toBe("2026-09-09T00:00:00.000Z");
    // Friday 17:00 + 1 business hour = Monday 09:00 (no weekend work).
    expect(deadline({ businessHours: true }, hours, at("2026-09-11T21:00:00Z"), 60).toISOString()).toBe("2026-09-14T13:00:00.000Z");
  });
});

describe("whose court, over time", () => {
  test("the court history follows creation, hand-overs, the requester, resolution and reopening", () => {
    const events = [
      ev("created", 0, { toCourt: "internal" }),
      ev("note", 5),
      ev("handover", 10, { fromCourt: "internal", toCourt: "msp" }),
      ev("handover", 40, { fromCourt: "msp", toCourt: "requester" }),
      ev("note", 50, { side: null }),
      ev("handover", 60, { fromCourt: "requester", toCourt: "msp" }),
      ev("resolved", 90),
      ev("reopened", 100, { toCourt: "msp" }),
    ];
    expect(courtHistory(events).map((s) => [s.court, (s.from.getTime() - T0.getTime()) / MIN, s.to ? (s.to.getTime() - T0.getTime()) / MIN : null])).toEqual([
      ["internal", 0, 10],
      ["msp", 10, 40],
      ["requester", 40, 60],
      ["msp", 60, 90],
      ["msp", 100, null],
    ]);
  });
});

describe("SLA clocks run only for the side that holds the ticket", () => {
  const policy = slaPolicy({ sla: { "2": { ackMinutes: 30, resolveMinutes: 120, businessHours: false } } }, { businessHours: hours });

  test("time with the MSP counts for the MSP, time with internal IT for internal IT, time waiting on the requester for nobody", () => {
    const events = [
      ev("created", 0, { toCourt: "internal", side: "internal" }),
      ev("handover", 20, { fromCourt: "internal", toCourt: "msp", side: "internal" }),
      ev("handover", 50, { fromCourt: "msp", toCourt: "requester", side: "msp" }),
      ev("handover", 200, { fromCourt: "requester", toCourt: "msp", side: null }),
    ];
    const c = slaClocks({ severity: 2, status: "open" }, events, policy, hours, plus(230));
    expect(c.resolution).toEqual([
      { side: "internal", usedMinutes: 20, targetMinutes: 120, running: false, state: "ok" },
      { side: "msp", usedMinutes: 60, targetMinutes: 120, running: true, state: "ok" },
    ]);
    expect(c.paused).toBe(false);
    // While it waits on the requester nothing runs.
    const waiting = slaClocks({ severity: 2, status: "open" }, events.slice(0, 3), policy, hours, plus(190));
    expect(waiting.paused).toBe(true);
    expect(waiting.response).toBeNull();
    expect(waiting.resolution.find((r) => r.side === "msp")).toMatchObject({ usedMinutes: 30, running: false });
  });

  test("first response: due from the holding side, met, late, or breached", () => {
    const got = [ev("created", 0, { toCourt: "msp" })];
    expect(slaClocks({ severity: 2, status: "open" }, got, policy, hours, plus(10)).response).toMatchObject({ side: "msp", state: "waiting", dueAt: plus(30) });
    expect(slaClocks({ severity: 2, status: "open" }, got, policy, hours, plus(31)).response).toMatchObject({ state: "breached" });
    const answered = [...got, ev("note", 20, { side: "msp" })];
    expect(slaClocks({ severity: 2, status: "open" }, answered, policy, hours, plus(60)).response).toMatchObject({ state: "met", respondedAt: plus(20) });
    // A note from the other side is not the MSP responding.
    const other = [...got, ev("note", 20, { side: "internal" }), ev("acked", 45, { side: "msp" })];
    expect(slaClocks({ severity: 2, status: "open" }, other, policy, hours, plus(60)).response).toMatchObject({ state: "late", respondedAt: plus(45) });
  });

  test("the resolution clock warns at 75% and breaches at 100%; business-hours clocks stop overnight", () => {
    const events = [ev("created", 0, { toCourt: "msp" })];
    expect(slaClocks({ severity: 2, status: "open" }, events, policy, hours, plus(95)).resolution[0].state).toBe("at-risk");
    expect(slaClocks({ severity: 2, status: "open" }, events, policy, hours, plus(121)).resolution[0].state).toBe("breached");
    const bh = slaPolicy({ sla: { "3": { resolveMinutes: 600, businessHours: true } } }, { businessHours: hours });
    // From Tue 10:00 to Wed 10:00 Toronto is 9 business hours (540 minutes), not 24.
    const c = slaClocks({ severity: 3, status: "open" }, events, bh, hours, plus(24 * 60));
    expect(c.resolution[0]).toMatchObject({ usedMinutes: 540, state: "at-risk" });
  });

  test("a resolved ticket stops every clock", () => {
    const events = [ev("created", 0, { toCourt: "msp" }), ev("resolved", 30, { side: "msp" })];
    const c = slaClocks({ severity: 2, status: "resolved" }, events, policy, hours, plus(500));
    expect(c.paused).toBe(true);
    expect(c.resolution[0]).toMatchObject({ usedMinutes: 30, running: false });
  });
});
