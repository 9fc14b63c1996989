import type { ChannelRef } from "../../core/conversation/events";
import type { Court, Severity, Ticket, TicketEvent, TicketEventType, TicketPlace, TicketStatus } from "../../core/tickets/model";
import type { NewTicket, TicketFilter, TicketPatch, TicketRepository } from "../../core/tickets/ports";
import type { Ticket as TicketRow } from "../../generated/prisma/client";
import type { Prisma } from "./connect";
import { counterApart } from "./turn-transaction";

// ownerPersonId holds the owner's actor key (platform:team:user): people need not have a Person row to take a ticket.
const toTicket = (r: TicketRow): Ticket => ({
  id: r.id,
  clientId: r.clientId,
  number: r.number,
  title: r.title,
  body: r.body,
  categoryId: r.categoryId,
  severity: r.severity as Severity,
  court: r.court as Court,
  status: r.status as TicketStatus,
  ownerId: r.ownerPersonId,
  ownerName: r.ownerName,
  requester: r.requester,
  sourceKey: r.sourceKey,
  sourceLink: r.sourceLink,
  escalatedAt: r.escalatedAt,
  ackedAt: r.ackedAt,
  ackedBy: r.ackedBy,
  firstResponseAt: r.firstResponseAt,
  resolvedAt: r.resolvedAt,
  resolvedBy: r.resolvedBy,
  createdBy: r.createdBy,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

type EventRow = { type: string; actor: string | null; fromCourt: string | null; toCourt: string | null; text: string | null; minutes: number | null; data: unknown; at: Date };

const toEvent = (r: EventRow): TicketEvent => {
  const { side, ...data } = (r.data ?? {}) as Record<string, unknown>;
  return {
    type: r.type as TicketEventType,
    actor: r.actor,
    side: side === "internal" || side === "msp" ? side : null,
    fromCourt: r.fromCourt as Court | null,
    toCourt: r.toCourt as Court | null,
    text: r.text,
    minutes: r.minutes,
    data,
    at: r.at,
  };
};

const eventData = (ticketId: string, e: TicketEvent) => ({
  ticketId,
  type: e.type,
  actor: e.actor ?? null,
  fromCourt: e.fromCourt ?? null,
  toCourt: e.toCourt ?? null,
  text: e.text ?? null,
  minutes: e.minutes ?? null,
  data: JSON.parse(JSON.stringify({ ...(e.data ?? {}), side: e.side ?? null })) as object,
  at: e.at,
});

const patchData = (p: TicketPatch) => {
  const { ownerId, ...rest } = p;
  return { ...rest, ...(ownerId !== undefined ? { ownerPersonId: ownerId } : {}) };
};

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === "P2002" || /unique constraint/i.test(e?.message ?? "");
}

export class PrismaTicketRepository implements TicketRepository {
  constructor(private readonly prisma: Prisma) {}

  async create(t: NewTicket): Promise<{ ticket: Ticket; created: boolean }> {
    if (t.sourceKey) {
      const existing = await this.bySourceKey(t.clientId, t.sourceKey);
      if (existing) return { ticket: existing, created: false };
    }
    try {
      // The increment locks the client row: two replicas never get the same number. It commits on its own (see
      // outsideTurn), so the client's other turns do not wait for this one to finish.
      const take = (db: Pick<Prisma, "client">) => db.client.update({ where: { id: t.clientId }, data: { nextTicket: { increment: 1 } }, select: { nextTicket: true } });
      const taken = await counterApart(this.prisma, take);
      const row = await this.prisma.$transaction(async (tx) => {
        const c = taken ?? (await take(tx));
        const ticket = await tx.ticket.create({
          data: {
            clientId: t.clientId,
            number: c.nextTicket - 1,
            title: t.title,
            body: t.body,
            categoryId: t.categoryId,
            severity: t.severity,
            court: t.court,
            status: "open",
            ownerPersonId: t.ownerId,
            ownerName: t.ownerName,
            requester: t.requester,
            sourceKey: t.sourceKey,
            sourceLink: t.sourceLink,
            createdBy: t.createdBy,
            createdAt: t.at,
          },
        });
        const [first, ...rest] = t.events;
        const events = first ? [{ ...first, data: { ...(first.data ?? {}), place: t.place } }, ...rest] : [];
        if (events.length) await tx.ticketEvent.createMany({ data: events.map((e) => eventData(ticket.id, e)) });
        return ticket;
      });
      return { ticket: toTicket(row), created: true };
    } catch (err) {
      // Another replica made a ticket from the same message a moment ago.
      if (t.sourceKey && isUniqueViolation(err)) {
        const existing = await this.bySourceKey(t.clientId, t.sourceKey);
        if (existing) return { ticket: existing, created: false };
      }
      throw err;
    }
  }

  async byId(id: string, opts: { lock?: boolean } = {}): Promise<Ticket | null> {
    if (opts.lock) await this.prisma.$queryRawUnsafe(`SELECT id FROM "Ticket" WHERE id = $1 FOR UPDATE`, id);
    const r = await this.prisma.ticket.findUnique({ where: { id } });
    return r ? toTicket(r) : null;
  }

  async byNumber(clientId: string, number: number): Promise<Ticket | null> {
    const r = await this.prisma.ticket.findUnique({ where: { clientId_number: { clientId, number } } });
    return r ? toTicket(r) : null;
  }

  async bySourceKey(clientId: string, sourceKey: string): Promise<Ticket | null> {
    const r = await this.prisma.ticket.findUnique({ where: { clientId_sourceKey: { clientId, sourceKey } } });
    return r ? toTicket(r) : null;
  }

  async events(ticketId: string): Promise<TicketEvent[]> {
    const rows = await this.prisma.ticketEvent.findMany({ where: { ticketId }, orderBy: [{ at: "asc" }, { id: "asc" }] });
    return rows.map(toEvent);
  }

  async change(ticket: Ticket, patch: TicketPatch, events: TicketEvent[]): Promise<Ticket | null> {
    return this.prisma.$transaction(async (tx) => {
      const r = await tx.ticket.updateMany({ where: { id: ticket.id, updatedAt: ticket.updatedAt }, data: { ...patchData(patch), updatedAt: new Date(Math.max(Date.now(), ticket.updatedAt.getTime() + 1)) } });
      if (r.count !== 1) return null;
      if (events.length) await tx.ticketEvent.createMany({ data: events.map((e) => eventData(ticket.id, e)) });
      const row = await tx.ticket.findUnique({ where: { id: ticket.id } });
      return row ? toTicket(row) : null;
    });
  }

  async list(clientId: string, f: TicketFilter): Promise<{ tickets: Ticket[]; total: number }> {
    const where = {
      clientId,
      ...(f.status ? { status: f.status } : {}),
      ...(f.court ? { court: f.court } : {}),
      ...(f.person ? { OR: [{ ownerPersonId: f.person }, { createdBy: f.person }] } : {}),
    };
    const [rows, total] = await Promise.all([
      this.prisma.ticket.findMany({ where, orderBy: [{ severity: "asc" }, { number: "asc" }], skip: f.offset ?? 0, take: f.limit ?? 50 }),
      this.prisma.ticket.count({ where }),
    ]);
    return { tickets: rows.map(toTicket), total };
  }

  async place(ticketId: string): Promise<TicketPlace | null> {
    const created = await this.prisma.ticketEvent.findFirst({ where: { ticketId, type: "created" }, orderBy: { at: "asc" } });
    const place = (created?.data as { place?: { channel: ChannelRef; threadId?: string } } | null)?.place;
    if (!place?.channel) return null;
    // A card posted at the top of the channel starts its own thread: its platform id is known once sent.
    const posted = await this.prisma.postedMessage.findUnique({ where: { key: `ticket:${ticketId}` } });
    return { channel: place.channel, threadId: place.threadId ?? posted?.threadId ?? undefined };
  }
}
