import type { ChannelRef, Platform } from "../../core/conversation/events";
import { DomainError } from "../../core/errors";
import type { IncidentState, TimelineEvent } from "../../core/incidents/incident-model";
import type { IncidentRecord, IncidentStore, KnownPerson, NewIncident, People, TicketLookup, TicketRef } from "../../core/incidents/ports";
import { isRole } from "../../core/ports/tenancy";
import { noNames, type Names } from "../../core/ports/names";
import { personActor } from "./tenancy-repo";
import type { Prisma } from "./connect";
import { counterApart } from "./turn-transaction";

type Tx = Parameters<Parameters<Prisma["$transaction"]>[0]>[0];
type Db = Prisma | Tx;
type IncidentRow = { id: string; clientId: string; number: number; channelId: string | null; state: unknown };

/** Incidents in the Incident table (state JSON = the core IncidentState) with their timeline in IncidentEvent. */
export class PrismaIncidentStore implements IncidentStore {
  constructor(private readonly prisma: Prisma) {}

  async create(input: NewIncident): Promise<{ record: IncidentRecord; events: TimelineEvent[] }> {
    // The number is taken in its own commit (see counterApart), so the client's other turns do not wait for this one.
    const take = (db: Db) => db.client.update({ where: { id: input.clientId }, data: { nextIncident: { increment: 1 } }, select: { nextIncident: true } });
    const taken = await counterApart(this.prisma, take);
    return this.prisma.$transaction(async (tx) => {
      const client = taken ?? (await take(tx));
      const number = client.nextIncident - 1;
      const { state, events } = input.start(`IR-${number}`);
      const channel = await tx.channel.findUnique({ where: { platform_externalId: { platform: input.channel.platform, externalId: input.channel.id } } });
      const row = await tx.incident.create({
        data: {
          clientId: input.clientId,
          number,
          playbookId: state.playbook.id,
          severity: state.severity,
          drill: state.drill,
          status: state.status,
          summary: state.summary,
          channelId: channel?.id ?? null,
          ticketId: input.ticketRowId,
          state: state as object,
          startedBy: state.startedBy.id,
          startedAt: new Date(state.startedAt),
        },
      });
      await this.addEvents(tx, row.id, events);
      return { record: { id: row.id, clientId: row.clientId, number, channel: input.channel, state }, events };
    });
  }

  async get(id: string, opts: { lock?: boolean } = {}): Promise<IncidentRecord | null> {
    if (opts.lock) await this.prisma.$queryRawUnsafe(`SELECT id FROM "Incident" WHERE id = $1 FOR UPDATE`, id);
    const row = await this.prisma.incident.findUnique({ where: { id } });
    return row ? this.toRecord(this.prisma, row) : null;
  }

  async findByRef(clientId: string, ref: string): Promise<IncidentRecord | null> {
    const m = /^(?:ir-?)?(\d+)$/i.exec(ref.trim());
    if (!m) return null;
    const row = await this.prisma.incident.findUnique({ where: { clientId_number: { clientId, number: Number(m[1]) } } });
    return row ? this.toRecord(this.prisma, row) : null;
  }

  async open(clientId: string): Promise<IncidentRecord[]> {
    const rows = await this.prisma.incident.findMany({ where: { clientId, status: { not: "resolved" } }, orderBy: { number: "asc" } });
    return Promise.all(rows.map((r) => this.toRecord(this.prisma, r)));
  }

  async list(clientId: string, opts: { drill?: boolean; openOnly?: boolean } = {}): Promise<IncidentRecord[]> {
    const rows = await this.prisma.incident.findMany({
      where: { clientId, ...(opts.drill === undefined ? {} : { drill: opts.drill }), ...(opts.openOnly ? { status: { not: "resolved" } } : {}) },
      orderBy: { number: "desc" },
    });
    return Promise.all(rows.map((r) => this.toRecord(this.prisma, r)));
  }

  async change(id: string, change: (record: IncidentRecord) => { state: IncidentState; events: TimelineEvent[] } | null) {
    return this.prisma.$transaction(async (tx) => {
      // One change at a time per incident, across replicas: two clicks never overwrite each other.
      await tx.$queryRawUnsafe(`SELECT id FROM "Incident" WHERE id = $1 FOR UPDATE`, id);
      const row = await tx.incident.findUnique({ where: { id } });
      if (!row) throw new DomainError("incident-not-found", "I can't find that incident any more.");
      const record = await this.toRecord(tx, row);
      const t = change(record);
      if (!t) return null;
      const s = t.state;
      await tx.incident.update({
        where: { id },
        data: {
          status: s.status,
          summary: s.summary,
          state: s as object,
          ackedAt: s.acknowledgedAt ? new Date(s.acknowledgedAt) : null,
          resolvedAt: s.resolvedAt ? new Date(s.resolvedAt) : null,
        },
      });
      await this.addEvents(tx, id, t.events);
      return { record: { ...record, state: s }, events: t.events };
    });
  }

  async cardThread(id: string): Promise<string | undefined> {
    const posted = await this.prisma.postedMessage.findUnique({ where: { key: `incident:${id}` } });
    return posted ? (posted.threadId ?? posted.messageId) : undefined;
  }

  /** When the client last finished a drill (for the QBR's "last tabletop exercise"); null if never. */
  async lastDrill(clientId: string): Promise<{ ref: string; playbookId: string; resolvedAt: Date } | null> {
    const row = await this.prisma.incident.findFirst({ where: { clientId, drill: true, resolvedAt: { not: null } }, orderBy: { resolvedAt: "desc" } });
    return row?.resolvedAt ? { ref: `IR-${row.number}`, playbookId: row.playbookId, resolvedAt: row.resolvedAt } : null;
  }

  private async addEvents(tx: Db, incidentId: string, events: TimelineEvent[]): Promise<void> {
    if (events.length === 0) return;
    await tx.incidentEvent.createMany({
      data: events.map((e) => ({ incidentId, type: e.type, actor: e.actor.name, text: e.text, at: new Date(e.at) })),
    });
  }

  private async toRecord(db: Db, row: IncidentRow): Promise<IncidentRecord> {
    const channel = row.channelId ? await db.channel.findUnique({ where: { id: row.channelId } }) : null;
    const ref: ChannelRef | null = channel
      ? { platform: channel.platform as Platform, id: channel.externalId, teamId: channel.teamId ?? undefined, isDirect: channel.isDirect, name: channel.name ?? undefined }
      : null;
    return { id: row.id, clientId: row.clientId, number: row.number, channel: ref, state: row.state as IncidentState };
  }
}

export class PrismaIncidentPeople implements People {
  constructor(
    private readonly prisma: Prisma,
    private readonly names: Names = noNames,
  ) {}

  async ofClient(clientId: string, platform?: Platform): Promise<KnownPerson[]> {
    const rows = await this.prisma.person.findMany({ where: { clientId, ...(platform ? { platform } : {}) }, orderBy: { createdAt: "asc" } });
    return Promise.all(
      rows.map(async (p) => {
        const actor = personActor(p);
        // Listed without a name: their one name (the matrix's, their profile's), so pages and cards never show an id.
        const name = actor.name ?? (await this.names.nameOf(clientId, actor).catch(() => null)) ?? undefined;
        return { id: p.id, actor: { ...actor, name }, name: name ?? p.userId, roles: p.roles.filter(isRole) };
      }),
    );
  }
}

export class PrismaTicketLookup implements TicketLookup {
  constructor(private readonly prisma: Prisma) {}

  async ticket(clientId: string, by: { id: string } | { key: string }): Promise<TicketRef | null> {
    const client = await this.prisma.client.findUnique({ where: { id: clientId } });
    if (!client) return null;
    let row;
    if ("id" in by) {
      row = await this.prisma.ticket.findFirst({ where: { id: by.id, clientId } });
    } else {
      const m = /^([A-Za-z]+)-(\d+)$/.exec(by.key);
      if (!m || m[1].toUpperCase() !== client.ticketPrefix.toUpperCase()) return null;
      row = await this.prisma.ticket.findFirst({ where: { clientId, number: Number(m[2]) } });
    }
    return row ? { id: row.id, key: `${client.ticketPrefix}-${row.number}`, title: row.title, severity: row.severity } : null;
  }
}
