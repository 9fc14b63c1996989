import type { Role } from "../../core/ports/tenancy";
import { ROLES } from "../../core/ports/tenancy";
import type { People, PersonRecord } from "../../core/whohandles/ports";
import type { Prisma } from "./connect";

/** People rows of a client: chat identity (platform, team, user) and roles. */
export class PrismaPeople implements People {
  constructor(private readonly prisma: Prisma) {}

  async upsert(clientId: string, people: PersonRecord[]): Promise<number> {
    await this.prisma.client.upsert({ where: { id: clientId }, update: {}, create: { id: clientId, name: clientId } });
    let n = 0;
    for (const p of people) {
      const where = { clientId_platform_teamId_userId: { clientId, platform: p.platform, teamId: p.teamId, userId: p.userId } };
      const existing = await this.prisma.person.findUnique({ where });
      const roles = [...new Set([...(existing?.roles ?? []), ...p.roles])];
      const details = { displayName: p.name ?? existing?.displayName ?? null, email: p.email ?? existing?.email ?? null, aadObjectId: p.aadObjectId ?? existing?.aadObjectId ?? null };
      await this.prisma.person.upsert({
        where,
        update: { ...details, roles },
        create: { clientId, platform: p.platform, teamId: p.teamId, userId: p.userId, ...details, roles },
      });
      n++;
    }
    return n;
  }

  async list(clientId: string): Promise<PersonRecord[]> {
    const rows = await this.prisma.person.findMany({ where: { clientId }, orderBy: [{ platform: "asc" }, { displayName: "asc" }] });
    return rows.map((r) => ({
      platform: r.platform as PersonRecord["platform"],
      teamId: r.teamId,
      userId: r.userId,
      name: r.displayName ?? undefined,
      email: r.email ?? undefined,
      aadObjectId: r.aadObjectId ?? undefined,
      roles: r.roles.filter((x): x is Role => (ROLES as readonly string[]).includes(x)),
    }));
  }

  async homes(clientId: string): Promise<{ slack?: string; teams?: string }> {
    const channels = await this.prisma.channel.findMany({ where: { clientId, teamId: { not: null } }, orderBy: { createdAt: "asc" } });
    const first = (platform: string) => channels.find((c) => c.platform === platform)?.teamId ?? undefined;
    return { slack: first("slack"), teams: first("teams") };
  }
}
