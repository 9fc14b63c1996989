// A seeded month of co-managed IT (September 2026, America/Toronto) with hand-checked figures.
import type { CadenceSnapshot, CadenceTicket, CourtChange, Side } from "../../../src/core/schedules/cadence-data";

const t = (s: string) => new Date(s);
const plus = (d: Date, minutes: number) => new Date(d.getTime() + minutes * 60_000);

function ticket(
  key: string, categoryId: string | null, severity: 1 | 2 | 3 | 4, openedBy: Side, created: string,
  frMin: number | null, resMin: number | null, courts: [number, Side][], resolvedBy?: Side,
): CadenceTicket {
  const createdAt = t(created);
  const courtHistory: CourtChange[] = courts.map(([m, to]) => ({ at: plus(createdAt, m), to }));
  return {
    id: key.toLowerCase(), key, title: `Ticket ${key}`, categoryId, severity, openedBy, createdAt,
    firstResponseAt: frMin === null ? null : plus(createdAt, frMin),
    resolvedAt: resMin === null ? null : plus(createdAt, resMin),
    ...(resolvedBy ? { resolvedBy } : {}),
    courtHistory,
  };
}

export function seededSnapshot(): CadenceSnapshot {
  return {
    tickets: [
      ticket("T1", "printers", 3, "internal", "2026-09-01T14:00:00Z", 10, 1440, [[0, "internal"], [60, "msp"]], "msp"),
      ticket("T2", "printers", 3, "internal", "2026-09-03T14:00:00Z", 20, 600, [[0, "internal"], [30, "msp"]], "msp"),
      ticket("T3", "printers", 3, "internal", "2026-09-08T14:00:00Z", 30, 2000, [[0, "internal"], [60, "msp"], [120, "internal"], [180, "msp"]]),
      ticket("T4", "printers", 3, "internal", "2026-09-15T14:00:00Z", 40, 3000, [[0, "internal"]], "internal"),
      ticket("T5", "network", 3, "msp", "2026-09-23T12:00:00Z", 300, 400, [[0, "msp"]]),
      ticket("T6", "network", 2, "msp", "2026-09-10T14:00:00Z", 30, null, [[0, "msp"], [120, "internal"]]),
      ticket("T7", null, 4, "internal", "2026-09-22T15:00:00Z", null, null, [[0, "internal"], [60, "msp"]]),
    ],
    escalations: [
      { id: "E1", ticketKey: "T1", categoryId: "printers", raisedAt: t("2026-09-05T14:00:00Z"), raisedBy: "internal", to: "msp", acknowledgedAt: t("2026-09-05T14:10:00Z") },
      { id: "E2", ticketKey: "T3", categoryId: "printers", raisedAt: t("2026-09-12T14:00:00Z"), raisedBy: "msp", to: "internal", acknowledgedAt: t("2026-09-12T14:30:00Z") },
      { id: "E3", ticketKey: "T6", categoryId: "network", raisedAt: t("2026-09-25T14:00:00Z"), raisedBy: "msp", to: "internal", acknowledgedAt: null },
    ],
    incidents: [
      { id: "I1", title: "Firewall outage", severity: 1, startedAt: t("2026-09-14T10:00:00Z"), acknowledgedAt: t("2026-09-14T10:05:00Z"), resolvedAt: t("2026-09-14T11:30:00Z"), drill: false },
      { id: "I2", title: "VPN degraded", severity: 2, startedAt: t("2026-09-27T12:00:00Z"), acknowledgedAt: null, resolvedAt: null, drill: false },
      { id: "D1", title: "Ransomware tabletop", severity: 1, startedAt: t("2026-06-01T14:00:00Z"), acknowledgedAt: t("2026-06-01T14:02:00Z"), resolvedAt: t("2026-06-01T16:00:00Z"), drill: true },
    ],
    blockHours: [
      { at: t("2026-07-02T14:00:00Z"), kind: "purchase", hours: 40 },
      { at: t("2026-08-10T14:00:00Z"), kind: "usage", hours: 5 },
      { at: t("2026-09-15T14:00:00Z"), kind: "usage", hours: 7.5 },
      { at: t("2026-09-28T20:00:00Z"), kind: "usage", hours: 3 },
    ],
    matrix: {
      version: 4, effective: "2026-06-01", signedBy: ["Alex Example", "Sam Sample"],
      categories: [
        { id: "printers", name: 'Printers, "MFPs" & scanners', owner: "internal" },
        { id: "network", name: "Network", owner: "msp" },
        { id: "m365", name: "Microsoft 365", owner: "joint" },
      ],
    },
    sla: {
      firstResponseMinutes: { 1: 15, 2: 60, 3: 240, 4: 480 },
      resolutionMinutes: { 1: 240, 2: 480, 3: 2880, 4: 5760 },
    },
    actionItems: [
      { id: "A1", text: "Replace the 3rd-floor MFP", owner: "internal", due: "2026-10-10", createdAt: t("2026-07-10T14:00:00Z"), doneAt: null },
      { id: "A2", text: "Document the VPN runbook", owner: "msp", due: "2026-08-01", createdAt: t("2026-07-10T14:00:00Z"), doneAt: t("2026-08-01T14:00:00Z") },
      { id: "A3", text: "Agree printer ownership", owner: null, due: null, createdAt: t("2026-06-01T14:00:00Z"), doneAt: null },
    ],
  };
}
