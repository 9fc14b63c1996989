import type { Actor, ChannelRef } from "../conversation/events";

/**
 * One display name per person, everywhere (cards, tickets, pages, the audit log): the matrix's name for them, else
 * the client's people list, else their platform profile (Slack users.info, Teams member info). Null when none of
 * these knows them. Implementations cache, and never throw.
 */
export interface Names {
  nameOf(clientId: string, actor: Actor, where?: ChannelRef): Promise<string | null>;
}

export const noNames: Names = { nameOf: async () => null };

/** A person as people read them: their one name, else what the platform sent, else their id. */
export async function displayName(names: Names, clientId: string, actor: Actor): Promise<string> {
  return (await names.nameOf(clientId, actor).catch(() => null)) ?? actor.name ?? actor.userId;
}
