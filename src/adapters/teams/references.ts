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

/** Keeps the reference of a 1:1 chat Tandem opened itself (see teamsReferenceKeeper). */
export type ReferenceKeeper = (conversationId: string, tenantId: string, reference: Partial<ConversationReference>) => Promise<void>;

/**
 * Keeps the reference of a 1:1 chat Tandem opened itself (nobody wrote to Tandem in it yet), under the chat's id, so a
 * card sent there can be updated later. A chat already known keeps its own reference (taken from a message in it).
 * Kept without the person: the reference names the chat, and a direct message to them still looks for a chat they
 * wrote in ("dm:<tenant>:<user>") as before.
 */
export function teamsReferenceKeeper(prisma: Prisma): ReferenceKeeper {
  return async (conversationId, tenantId, reference) => {
    const { user: _user, activityId: _activityId, ...kept } = reference;
    const json = JSON.parse(JSON.stringify(kept)) as object;
    await prisma.channel.createMany({
      data: [{ platform: "teams", externalId: conversationId, teamId: tenantId || null, isDirect: true, reference: json, serviceUrl: kept.serviceUrl ?? null }],
      skipDuplicates: true,
    });
  };
}
