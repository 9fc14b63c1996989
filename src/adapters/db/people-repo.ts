import { isRole } from "../../core/ports/tenancy";
import type { People, PersonRecord } from "../../core/whohandles/ports";
import type { Prisma } from "./connect";
import { personActor } from "./tenancy-repo";

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
    return rows.map((r) => ({ ...personActor(r), email: r.email ?? undefined, roles: r.roles.filter(isRole) }));
  }

  async homes(clientId: string): Promise<{ slack?: string; teams?: string }> {
    const channels = await this.prisma.channel.findMany({ where: { clientId, teamId: { not: null } }, orderBy: { createdAt: "asc" } });
    const first = (platform: string) => channels.find((c) => c.platform === platform)?.teamId ?? undefined;
    return { slack: first("slack"), teams: first("teams") };
  }
}
