import type { ConversationReference } from "botbuilder";
import type { Prisma } from "../db/connect";

/**
 * Teams conversation references, stored with each channel, for proactive sends. Keys: a conversation id,
 * "dm:<tenant>:<user>" for a user's 1:1 chat, "tenant:<tenant>" for any conversation in that tenant.
 */
export function teamsReferences(prisma: Prisma) {
  return async (key: string): Promise<Partial<ConversationReference> | null> => {
    const dm = /^dm:([^:]*):(.+)$/.exec(key);
    const tenant = /^tenant:(.*)$/.exec(key);
    const row = dm
      ? await prisma.channel.findFirst({
          where: {
            platform: "teams",
            isDirect: true,
            OR: [
              { reference: { path: ["user", "aadObjectId"], equals: dm[2] } },
              { reference: { path: ["user", "id"], equals: dm[2] } },
            ],
          },
        })
      : tenant
        ? await prisma.channel.findFirst({ where: { platform: "teams", teamId: tenant[1] || null, NOT: { reference: { equals: null as never } } } })
        : await prisma.channel.findUnique({ where: { platform_externalId: { platform: "teams", externalId: key } } });
    return (row?.reference as Partial<ConversationReference> | null) ?? null;
  };
}
