// The cadence snapshot over the database: tickets and their court history, escalations, incidents and drills,
// block hours and the matrix in force. Reads only the columns of prisma/schema.prisma, whoever wrote the rows.
import type { Matrix, Party } from "../../core/matrix/model";
import type {
  BlockHourEntry, CadenceEscalation, CadenceIncident, CadenceSnapshot, CadenceTicket, CourtChange, MatrixSummary, Severity, Side,
} from "../../core/schedules/cadence-data";
import type { CadenceSource } from "../../core/schedules/cadence-ports";
import { slaTargets } from "../../core/schedules/cadence-posts";
import type { ClientSettings } from "../../core/ports/tenancy";
import type { Prisma } from "./connect";
import { matrixRowInForce } from "./matrix-repo";

const COURT_EVENTS = new Set(["created", "taken", "handover", "escalated"]);

const asSide = (v: string | null | undefined): Side | null => (v === "internal" || v === "msp" ? v : null);
const other = (s: Side): Side => (s === "internal" ? "msp" : "internal");
/** Ticket events may carry the side the actor acted for in their data. */
const eventSide = (e: { data: unknown } | undefined): Side | null => asSide((e?.data as { side?: string } | null | undefined)?.side);
const severity = (n: number): Severity => (Math.min(4, Math.max(1, Math.round(n) || 3)) as Severity);

interface EventRow {
  type: string;
  actor: string | null;
  fromCourt: string | null;
  toCourt: string | null;
  data: unknown;
  at: Date;
}

interface TicketRow {
  id: string;
  number: number;
  title: string;
  categoryId: string | null;
  severity: number;
  court: string;
  createdBy: string | null;
  createdAt: Date;
  escalatedAt: Date | null;
  ackedAt: Date | null;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  events: EventRow[];
}

export class PrismaCadenceSource implements CadenceSource {
  constructor(private readonly prisma: Prisma) {}

  async snapshot(clientId: string, window: { from: Date; to: Date }): Promise<CadenceSnapshot> {
    const client = await this.prisma.client.findUnique({ where: { id: clientId } });
    // The version in force at the end of the window (a report covers what was agreed then).
    const matrixRow = await matrixRowInForce(this.prisma, clientId, new Date(window.to.getTime() - 1));
    const doc = (matrixRow?.document ?? null) as Matrix | null;
    const sideOf = await this.sidesOfPeople(clientId);
    const prefix = client?.ticketPrefix ?? "T";

    const tickets = await this.prisma.ticket.findMany({
      where: {
        clientId,
        createdAt: { lt: window.to },
        // Touched in the window, or still open: the standup lists what is waiting, the report what was done.
        OR: [{ resolvedAt: null }, { resolvedAt: { gte: window.from } }, { createdAt: { gte: window.from } }],
      },
      include: { events: { orderBy: { at: "asc" } } },
      orderBy: { number: "asc" },
    });
    const cadenceTickets: CadenceTicket[] = [];
    const escalations: CadenceEscalation[] = [];
    for (const t of tickets as TicketRow[]) {
      const key = `${prefix}-${t.number}`;
      const created = t.events.find((e) => e.type === "created");
      const openedBy = sideOf(t.createdBy) ?? eventSide(created) ?? sideOf(created?.actor) ?? "internal";
      const resolved = [...t.events].reverse().find((e) => e.type === "resolved");
      const courtHistory: CourtChange[] = [];
      for (const e of t.events) {
        const to = asSide(e.toCourt);
        if (COURT_EVENTS.has(e.type) && to) courtHistory.push({ at: e.at, to });
      }
      if (courtHistory.length === 0 || courtHistory[0]!.at > t.createdAt) {
        courtHistory.unshift({ at: t.createdAt, to: asSide(created?.toCourt) ?? asSide(t.court) ?? openedBy });
      }
      cadenceTickets.push({
        id: t.id, key, title: t.title, categoryId: t.categoryId, severity: severity(t.severity), openedBy, createdAt: t.createdAt,
        firstResponseAt: t.firstResponseAt, resolvedAt: t.resolvedAt, resolvedBy: t.resolvedAt ? (eventSide(resolved) ?? sideOf(t.resolvedBy)) : null, courtHistory,
      });
      escalations.push(...ticketEscalations(t, key, sideOf));
    }

    const incidents = await this.prisma.incident.findMany({ where: { clientId, startedAt: { lt: window.to } }, orderBy: { startedAt: "asc" } });
    const cadenceIncidents: CadenceIncident[] = incidents.map((i) => ({
      id: i.id,
      title: i.summary || `${i.playbookId.replace(/-/g, " ")} (incident ${i.number})`,
      severity: severity(i.severity),
      startedAt: i.startedAt,
      acknowledgedAt: i.ackedAt,
      resolvedAt: i.resolvedAt,
      drill: i.drill,
    }));

    const hours = await this.prisma.hourEntry.findMany({ where: { clientId, at: { lt: window.to } }, orderBy: { at: "asc" } });
    const blockHours: BlockHourEntry[] = hours
      .filter((h) => h.minutes !== 0)
      .map((h) => ({ at: h.at, kind: h.minutes > 0 ? "purchase" : "usage", hours: Math.abs(h.minutes) / 60, note: h.note ?? undefined }));

    const matrix: MatrixSummary = {
      version: matrixRow?.version ?? 0,
      effective: (matrixRow?.effective ?? client?.createdAt ?? window.from).toISOString().slice(0, 10),
      signedBy: matrixRow?.signedBy ?? [],
      ...(matrixRow?.reviewedAt ? { lastReview: matrixRow.reviewedAt.toISOString().slice(0, 10) } : doc?.lastReview ? { lastReview: doc.lastReview } : {}),
      categories: (doc?.categories ?? []).map((c) => ({ id: c.id, name: c.name, owner: c.owner })),
    };

    return {
      tickets: cadenceTickets,
      escalations,
      incidents: cadenceIncidents,
      blockHours,
      matrix,
      sla: slaTargets((client?.settings ?? {}) as ClientSettings, doc),
      actionItems: [],
    };
  }

  async qbrAttendees(clientId: string): Promise<{ name?: string; email: string }[]> {
    const row = await matrixRowInForce(this.prisma, clientId);
    const doc = row?.document as Matrix | undefined;
    const people = [...(doc?.parties?.internal?.people ?? []), ...(doc?.parties?.msp?.people ?? [])];
    const seen = new Set<string>();
    return people
      .filter((p) => p.email && !seen.has(p.email.toLowerCase()) && seen.add(p.email.toLowerCase()))
      .map((p) => ({ name: p.name, email: p.email! }));
  }

  /** Which side a person is on, by their roles ("platform:team:user" actor keys, as tickets record them). */
  private async sidesOfPeople(clientId: string): Promise<(actor: string | null | undefined) => Side | null> {
    const people = await this.prisma.person.findMany({ where: { clientId } });
    const sides = new Map<string, Side>();
    for (const p of people) {
      const side: Side = p.roles.some((r) => r === "msp-tech" || r === "msp-lead") ? "msp" : "internal";
      sides.set(`${p.platform}:${p.teamId}:${p.userId}`, side);
      sides.set(p.userId, side);
      if (p.displayName) sides.set(p.displayName, side);
      if (p.aadObjectId) sides.set(p.aadObjectId, side);
    }
    return (actor) => (actor ? (sides.get(actor) ?? asSide(actor) ?? null) : null);
  }
}

function ticketEscalations(t: TicketRow, key: string, sideOf: (a: string | null | undefined) => Side | null): CadenceEscalation[] {
  const raised = t.events.filter((e) => e.type === "escalated");
  const acks = t.events.filter((e) => e.type === "acked");
  if (raised.length === 0 && t.escalatedAt) {
    const to: Party = asSide(t.court) ?? "msp";
    return [{ id: `${t.id}:esc`, ticketKey: key, categoryId: t.categoryId, raisedAt: t.escalatedAt, raisedBy: other(to), to, acknowledgedAt: t.ackedAt }];
  }
  return raised.map((e, i) => {
    const to = asSide(e.toCourt) ?? (asSide(e.fromCourt) ? other(asSide(e.fromCourt)!) : null) ?? "msp";
    const raisedBy = eventSide(e) ?? asSide(e.fromCourt) ?? sideOf(e.actor) ?? other(to);
    const nextRaise = raised[i + 1]?.at;
    const ack = acks.find((a) => a.at >= e.at && (!nextRaise || a.at < nextRaise));
    return { id: `${t.id}:esc${i}`, ticketKey: key, categoryId: t.categoryId, raisedAt: e.at, raisedBy, to, acknowledgedAt: ack?.at ?? null };
  });
}
