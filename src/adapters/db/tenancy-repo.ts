import type { Actor, ChannelRef } from "../../core/conversation/events";
import type { AuditEntry, AuditLog, ClientInfo, ClientSettings, Placement, Role, Tenancy } from "../../core/ports/tenancy";
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
    /** Development mode: unlinked channels, and people Tandem cannot place, belong to the default client. */
    private readonly opts: { devMode: boolean },
  ) {}

  async turnContext(channel: ChannelRef, actor: Actor, reference?: unknown): Promise<Placement> {
    const data = channelData(channel, reference);
    // The channel, its client and the actor's person row in that client, in one query.
    const [known] = await this.prisma.$queryRawUnsafe<(Partial<ClientRow> & ChannelRow & { clientId: string | null; roles: string[] | null })[]>(
      `SELECT ch."teamId", ch."isDirect", ch.name AS "channelName", ch.reference, ch."serviceUrl", ch."clientId",
              cl.id, cl.name, cl.timezone, cl."ticketPrefix", cl.settings, p.roles
         FROM "Channel" ch LEFT JOIN "Client" cl ON cl.id = ch."clientId"
         LEFT JOIN "Person" p ON p."clientId" = cl.id AND p.platform = $1 AND p."teamId" = $3 AND p."userId" = $4
        WHERE ch.platform = $1 AND ch."externalId" = $2`,
      channel.platform,
      channel.id,
      actor.teamId,
      actor.userId,
    );
    // Most turns come from a known channel whose details have not changed: one read and no write (no commit).
    const row = known && unchanged({ ...known, name: known.channelName }, data) ? known : await this.saveChannel(channel, data);
    if (channel.isDirect) return this.placePerson(actor);
    const clientId = row.clientId ?? (this.opts.devMode ? await this.ensureDefaultClient() : null);
    if (!clientId) return { client: null, roles: [], why: "unlinked-channel" };
    const client = this.served(known?.id === clientId ? toClientInfo(known as ClientRow) : await this.client(clientId));
    if (!client) return { client: null, roles: [], why: "unlinked-channel" };
    const stored = known?.id === clientId ? known.roles : (await this.personRow(clientId, actor))?.roles;
    return { client, roles: rolesIn(stored, actor, row.teamId ?? channel.teamId ?? null) };
  }

  /** A 1:1 chat: the client of the person speaking (their people entry, else their workspace or tenant). */
  private async placePerson(actor: Actor): Promise<Placement> {
    const rows = await this.prisma.person.findMany({
      where: { platform: actor.platform, teamId: actor.teamId, userId: actor.userId },
      include: { client: true },
      orderBy: { createdAt: "asc" },
    });
    const placed = rows.filter((r) => this.served(toClientInfo(r.client)));
    if (placed.length === 1) return { client: toClientInfo(placed[0].client), roles: rolesIn(placed[0].roles, actor, actor.teamId) };
    if (placed.length > 1) return { client: null, roles: [], why: "several-clients", clients: placed.map((r) => r.client.name) };
    // Nobody listed them: the client whose linked channels live in their workspace or tenant, when there is one.
    const homes = actor.teamId
      ? await this.prisma.channel.findMany({
          where: { platform: actor.platform, teamId: actor.teamId, isDirect: false, clientId: { not: null } },
          distinct: ["clientId"],
          select: { clientId: true },
        })
      : [];
    const byHome = homes.length === 1 ? homes[0].clientId : null;
    const clientId = byHome ?? (this.opts.devMode ? await this.ensureDefaultClient() : null);
    const client = clientId ? this.served(await this.client(clientId)) : null;
    return client ? { client, roles: ["staff"] } : { client: null, roles: [], why: "unknown-person" };
  }

  /**
   * The demo client (seeded in development mode, with a Playground admin whose ids are published) serves nobody in
   * production: a database first used in development keeps its rows, but its channels and people see nothing until
   * an admin links them to a real client.
   */
  private served(client: ClientInfo | null): ClientInfo | null {
    return client && !this.opts.devMode && client.settings.demo === true ? null : client;
  }

  private async saveChannel(channel: ChannelRef, data: ReturnType<typeof channelData>): Promise<{ clientId: string | null; teamId: string | null }> {
    const where = { platform_externalId: { platform: channel.platform, externalId: channel.id } };
    // A channel's home (its workspace or tenant) is set once and never changed by a message; 1:1 chats belong to
    // no client (the speaker's client applies); other channels wait for an admin to link them, except in
    // development mode where they join the default client.
    const { teamId, ...details } = data;
    const clientId = channel.isDirect || !this.opts.devMode ? null : await this.ensureDefaultClient();
    const upsert = () =>
      this.prisma.channel.upsert({
        where,
        update: details,
        create: { ...data, platform: channel.platform, externalId: channel.id, clientId },
        select: { clientId: true, teamId: true },
      });
    // Two replicas seeing a new channel at once: one insert wins, the other finds the row on a second try.
    const row = await upsert().catch((err: { code?: string }) => (err?.code === "P2002" ? upsert() : Promise.reject(err)));
    if (row.teamId === null && teamId !== null) {
      await this.prisma.channel.updateMany({ where: { platform: channel.platform, externalId: channel.id, teamId: null }, data: { teamId } });
      return { ...row, teamId };
    }
    return row;
  }

  async client(id: string): Promise<ClientInfo | null> {
    const row = await this.prisma.client.findUnique({ where: { id } });
    return row ? toClientInfo(row) : null;
  }

  private personRow(clientId: string, actor: Actor) {
    return this.prisma.person.findUnique({
      where: { clientId_platform_teamId_userId: { clientId, platform: actor.platform, teamId: actor.teamId, userId: actor.userId } },
    });
  }

  async rolesOf(clientId: string, actor: Actor): Promise<Role[]> {
    return rolesIn((await this.personRow(clientId, actor))?.roles, actor, null);
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
    // Scheduled posts of the demo client never reach its channels in production.
    if (!this.opts.devMode && !this.served(await this.client(clientId))) return [];
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

/**
 * The roles someone has in a client: their people entry, else "staff" when they belong to the conversation's own
 * workspace or tenant (or it is not known), else none (a guest from another organisation).
 */
function rolesIn(stored: string[] | null | undefined, actor: Actor, home: string | null): Role[] {
  if (stored) {
    const roles = stored.filter(isRole);
    return roles.length ? roles : ["staff"];
  }
  return !home || !actor.teamId || actor.teamId === home ? ["staff"] : [];
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
  // The stored home wins over what a message says (it is never rewritten); only a missing one is filled in.
  if ((row.teamId === null && data.teamId !== null) || row.isDirect !== data.isDirect) return false;
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
