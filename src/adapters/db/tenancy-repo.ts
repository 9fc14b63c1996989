import type { Actor, ChannelRef } from "../../core/conversation/events";
import type { AuditEntry, AuditLog, ClientInfo, ClientSettings, EventLedger, Role, Tenancy } from "../../core/ports/tenancy";
import { isRole } from "../../core/ports/tenancy";
import type { Person } from "../../generated/prisma/client";
import type { Prisma } from "./connect";

type ClientRow = { id: string; name: string; timezone: string; ticketPrefix: string; settings: unknown };

export function toClientInfo(row: ClientRow): ClientInfo {
  return {
    id: row.id,
    name: row.name,
    timezone: row.timezone,
    ticketPrefix: row.ticketPrefix,
    settings: (row.settings ?? {}) as ClientSettings,
  };
}

/** A person row's chat identity. */
export function personActor(p: Pick<Person, "platform" | "teamId" | "userId" | "displayName" | "aadObjectId">): Actor {
  return {
    platform: p.platform as Actor["platform"],
    teamId: p.teamId,
    userId: p.userId,
    name: p.displayName ?? undefined,
    aadObjectId: p.aadObjectId ?? undefined,
  };
}

export class PrismaTenancy implements Tenancy {
  constructor(
    private readonly prisma: Prisma,
    private readonly defaultClientId: string,
  ) {}

  async clientForChannel(channel: ChannelRef, reference?: unknown): Promise<ClientInfo> {
    const data = {
      teamId: channel.teamId ?? null,
      isDirect: channel.isDirect,
      ...(channel.name ? { name: channel.name } : {}),
      ...(reference ? { reference: reference as object, serviceUrl: (reference as { serviceUrl?: string }).serviceUrl } : {}),
    };
    const where = { platform_externalId: { platform: channel.platform, externalId: channel.id } };
    // Most turns come from a known channel whose details have not changed: one read and no write (no commit).
    const known = await this.prisma.channel.findUnique({ where, include: { client: true } });
    if (known && unchanged(known, data)) return toClientInfo(known.client);
    const upsert = async () =>
      this.prisma.channel.upsert({
        where,
        update: data,
        create: { ...data, platform: channel.platform, externalId: channel.id, clientId: await this.ensureDefaultClient() },
        include: { client: true },
      });
    // Two replicas seeing a new channel at once: one insert wins, the other finds the row on a second try.
    const row = await upsert().catch((err: { code?: string }) => (err?.code === "P2002" ? upsert() : Promise.reject(err)));
    return toClientInfo(row.client);
  }

  async client(id: string): Promise<ClientInfo | null> {
    const row = await this.prisma.client.findUnique({ where: { id } });
    return row ? toClientInfo(row) : null;
  }

  async rolesOf(clientId: string, actor: Actor): Promise<Role[]> {
    const row = await this.prisma.person.findUnique({
      where: { clientId_platform_teamId_userId: { clientId, platform: actor.platform, teamId: actor.teamId, userId: actor.userId } },
    });
    const roles = (row?.roles ?? []).filter(isRole);
    return roles.length ? roles : ["staff"];
  }

  async peopleWithRole(clientId: string, role: Role): Promise<Actor[]> {
    const rows = await this.prisma.person.findMany({ where: { clientId, roles: { has: role } }, orderBy: { createdAt: "asc" } });
    return rows.map(personActor);
  }

  async markWelcomed(channel: ChannelRef): Promise<boolean> {
    const r = await this.prisma.channel.updateMany({
      where: { platform: channel.platform, externalId: channel.id, welcomedAt: null },
      data: { welcomedAt: new Date() },
    });
    return r.count === 1;
  }

  async channelsOf(clientId: string): Promise<ChannelRef[]> {
    const rows = await this.prisma.channel.findMany({ where: { clientId, isDirect: false }, orderBy: { createdAt: "asc" } });
    return rows.map((c) => ({
      platform: c.platform as ChannelRef["platform"],
      id: c.externalId,
      teamId: c.teamId ?? undefined,
      isDirect: c.isDirect,
      name: c.name ?? undefined,
    }));
  }

  private defaultClientReady = false;

  private async ensureDefaultClient(): Promise<string> {
    if (this.defaultClientReady) return this.defaultClientId;
    await this.prisma.client.createMany({ data: [{ id: this.defaultClientId, name: this.defaultClientId }], skipDuplicates: true });
    this.defaultClientReady = true;
    return this.defaultClientId;
  }
}

/** True when a stored channel already holds these details (so the turn need not write it again). */
function unchanged(
  row: { teamId: string | null; isDirect: boolean; name: string | null; reference: unknown; serviceUrl: string | null },
  data: { teamId: string | null; isDirect: boolean; name?: string; reference?: object; serviceUrl?: string },
): boolean {
  if (row.teamId !== data.teamId || row.isDirect !== data.isDirect) return false;
  if (data.name !== undefined && row.name !== data.name) return false;
  if (data.reference !== undefined && JSON.stringify(row.reference) !== JSON.stringify(data.reference)) return false;
  return data.serviceUrl === undefined || row.serviceUrl === data.serviceUrl;
}

export class PrismaEventLedger implements EventLedger {
  constructor(private readonly prisma: Prisma) {}

  /** Seconds after which an unfinished claim is taken to belong to a dead replica. */
  static STALE_SECONDS = 60;

  async begin(platform: string, eventId: string): Promise<"new" | "duplicate" | "in-progress"> {
    const claimed = await this.prisma.$queryRawUnsafe<{ done: boolean }[]>(
      `INSERT INTO "ProcessedEvent" (platform, "eventId", done, at) VALUES ($1, $2, false, now())
       ON CONFLICT (platform, "eventId") DO UPDATE SET at = now()
         WHERE "ProcessedEvent".done = false AND "ProcessedEvent".at < now() - ($3 || ' seconds')::interval
       RETURNING done`,
      platform,
      eventId,
      String(PrismaEventLedger.STALE_SECONDS),
    );
    if (claimed.length === 1) return "new";
    const row = await this.prisma.processedEvent.findUnique({ where: { platform_eventId: { platform, eventId } } });
    if (!row) return this.begin(platform, eventId); // forgotten between the two statements: try again
    return row.done ? "duplicate" : "in-progress";
  }

  async complete(platform: string, eventId: string): Promise<void> {
    await this.prisma.processedEvent.updateMany({ where: { platform, eventId }, data: { done: true } });
  }

  async forget(platform: string, eventId: string): Promise<void> {
    await this.prisma.processedEvent.deleteMany({ where: { platform, eventId } });
  }
}

export class PrismaAuditLog implements AuditLog {
  constructor(private readonly prisma: Prisma) {}

  async record(e: AuditEntry): Promise<void> {
    await this.prisma.auditLog.create({
      data: {
        clientId: e.clientId,
        actor: e.actor,
        action: e.action,
        outcome: e.outcome,
        place: e.place,
        detail: (e.detail ?? undefined) as object | undefined,
      },
    });
  }
}
