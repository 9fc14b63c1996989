import type { Actor, ChannelRef } from "../../core/conversation/events";
import type { AuditEntry, AuditLog, ClientInfo, ClientSettings, Role, Tenancy } from "../../core/ports/tenancy";
import { isRole } from "../../core/ports/tenancy";
import type { Person } from "../../generated/prisma/client";
import { noNames, type Names } from "../../core/ports/names";
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
    const data = channelData(channel, reference);
    const where = { platform_externalId: { platform: channel.platform, externalId: channel.id } };
    // Most turns come from a known channel whose details have not changed: one read and no write (no commit).
    const known = await this.prisma.channel.findUnique({ where, include: { client: true } });
    if (known && unchanged(known, data)) return toClientInfo(known.client);
    return this.saveChannel(channel, data);
  }

  async turnContext(channel: ChannelRef, actor: Actor, reference?: unknown): Promise<{ client: ClientInfo; roles: Role[] }> {
    const data = channelData(channel, reference);
    // The channel, its client and the actor's person row in one query.
    const [known] = await this.prisma.$queryRawUnsafe<(ClientRow & ChannelRow & { roles: string[] | null })[]>(
      `SELECT ch."teamId", ch."isDirect", ch.name AS "channelName", ch.reference, ch."serviceUrl",
              cl.id, cl.name, cl.timezone, cl."ticketPrefix", cl.settings, p.roles
         FROM "Channel" ch JOIN "Client" cl ON cl.id = ch."clientId"
         LEFT JOIN "Person" p ON p."clientId" = cl.id AND p.platform = $1 AND p."teamId" = $3 AND p."userId" = $4
        WHERE ch.platform = $1 AND ch."externalId" = $2`,
      channel.platform,
      channel.id,
      actor.teamId,
      actor.userId,
    );
    if (known && unchanged({ ...known, name: known.channelName }, data)) return { client: toClientInfo(known), roles: rolesFrom(known.roles) };
    const client = await this.saveChannel(channel, data);
    return { client, roles: await this.rolesOf(client.id, actor) };
  }

  private async saveChannel(channel: ChannelRef, data: ReturnType<typeof channelData>): Promise<ClientInfo> {
    const where = { platform_externalId: { platform: channel.platform, externalId: channel.id } };
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
    return rolesFrom(row?.roles);
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

  async setPresent(channel: ChannelRef, present: boolean): Promise<void> {
    await this.prisma.channel.updateMany({
      where: { platform: channel.platform, externalId: channel.id, removedAt: present ? { not: null } : null },
      data: { removedAt: present ? null : new Date() },
    });
  }

  async channelsOf(clientId: string): Promise<ChannelRef[]> {
    const rows = await this.prisma.channel.findMany({ where: { clientId, isDirect: false, removedAt: null }, orderBy: { createdAt: "asc" } });
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

type ChannelRow = { teamId: string | null; isDirect: boolean; channelName: string | null; reference: unknown; serviceUrl: string | null };

function rolesFrom(stored: string[] | null | undefined): Role[] {
  const roles = (stored ?? []).filter(isRole);
  return roles.length ? roles : ["staff"];
}

function channelData(channel: ChannelRef, reference?: unknown) {
  return {
    teamId: channel.teamId ?? null,
    isDirect: channel.isDirect,
    ...(channel.name ? { name: channel.name } : {}),
    ...(reference ? { reference: reference as object, serviceUrl: (reference as { serviceUrl?: string }).serviceUrl } : {}),
  };
}

/** True when a stored channel already holds these details (so the turn need not write it again). */
function unchanged(
  row: { teamId: string | null; isDirect: boolean; name: string | null; reference: unknown; serviceUrl: string | null },
  data: { teamId: string | null; isDirect: boolean; name?: string; reference?: object; serviceUrl?: string },
): boolean {
  if (row.teamId !== data.teamId || row.isDirect !== data.isDirect) return false;
  if (data.name !== undefined && row.name !== data.name) return false;
  // jsonb keeps its own key order: compare with sorted keys.
  if (data.reference !== undefined && stableJson(row.reference) !== stableJson(data.reference)) return false;
  return data.serviceUrl === undefined || row.serviceUrl === data.serviceUrl;
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(",")}]`;
  if (v && typeof v === "object")
    return `{${Object.entries(v)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, x]) => `${JSON.stringify(k)}:${stableJson(x)}`)
      .join(",")}}`;
  return JSON.stringify(v) ?? "null";
}

export class PrismaAuditLog implements AuditLog {
  constructor(
    private readonly prisma: Prisma,
    private readonly names: Names = noNames,
  ) {}

  async record(e: AuditEntry): Promise<void> {
    // The actor's name as everyone else sees it (just looked up for the turn, so usually already known).
    const [platform, teamId, ...user] = e.actor.split(":");
    const actorName =
      e.clientId && (platform === "slack" || platform === "teams") && user.length
        ? await this.names.nameOf(e.clientId, { platform, teamId, userId: user.join(":") }).catch(() => null)
        : null;
    await this.prisma.auditLog.create({
      data: {
        clientId: e.clientId,
        actor: e.actor,
        actorName,
        action: e.action,
        outcome: e.outcome,
        place: e.place,
        detail: (e.detail ?? undefined) as object | undefined,
      },
    });
  }
}
