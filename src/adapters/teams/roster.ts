// The channel roster: who can see a (shared) channel and which tenant each of them comes from. Read when Tandem is
// added to a channel or the channel is shared with another team, so people of the other organisation are placed in
// their own tenant before they first speak (a channel message only carries the host's tenant).
import type { ConnectorClient } from "botframework-connector";
import type { ChannelRef } from "../../core/conversation/events";
import type { Identities } from "../../core/ports/identities";
import type { JobHandler, Jobs } from "../../core/ports/jobs";
import type { Logger } from "../../logger";
import type { TeamsAdapter } from "./auth";
import type { ReferenceLookup } from "./sender";
import { isTrustedServiceUrl, UntrustedServiceUrl, type ServiceUrlPolicy } from "./service-url";

export const TEAMS_ROSTER_JOB = "teams-roster";

/** Reads the roster soon (after the turn that stores the channel's reference). */
export async function scheduleRoster(jobs: Jobs, channel: ChannelRef, eventId: string, now: Date): Promise<void> {
  await jobs.schedule({ kind: TEAMS_ROSTER_JOB, key: `${TEAMS_ROSTER_JOB}:${channel.id}:${eventId}`, runAt: new Date(now.getTime() + 2_000), payload: { conversation: channel.id } });
}

interface RosterMember {
  id?: string;
  /** The REST answer names it objectId; the SDK's ChannelAccount, aadObjectId. */
  objectId?: string;
  aadObjectId?: string;
  name?: string;
  tenantId?: string;
}

/**
 * GET /v3/conversations/{channel}/pagedmembers, page by page (needs the ChannelMember.Read.Group consent in shared
 * channels); each member's tenantId is their home tenant. A failure is retried by the job runner.
 */
export function rosterSync(deps: { adapter: TeamsAdapter; appId: string; references: ReferenceLookup; identities: Identities; serviceUrls: ServiceUrlPolicy; log: Logger }): JobHandler {
  return async (payload) => {
    const conversation = String(payload.conversation ?? "");
    const ref = conversation ? await deps.references(conversation) : null;
    if (!ref) throw new Error(`no Teams conversation reference for ${conversation} yet`);
    if (!isTrustedServiceUrl(ref.serviceUrl, deps.serviceUrls)) throw new UntrustedServiceUrl(ref.serviceUrl);
    let recorded = 0;
    await deps.adapter.continueConversationAsync(deps.appId, { ...ref, activityId: undefined }, async (ctx) => {
      const connector = ctx.turnState.get(ctx.adapter.ConnectorClientKey) as ConnectorClient;
      let continuationToken: string | undefined;
      do {
        // The SDK's type wants a token even for the first page; the service takes none.
        const page = await connector.conversations.getConversationPagedMembers(conversation, { pageSize: 500, continuationToken } as { pageSize: number; continuationToken: string });
        const members = ((page.members ?? []) as RosterMember[]).filter((m) => m.tenantId && (m.aadObjectId ?? m.objectId));
        await deps.identities.record(members.map((m) => ({ platform: "teams", homeId: m.tenantId!, userId: (m.aadObjectId ?? m.objectId)!, name: m.name, source: "roster" })));
        recorded += members.length;
        continuationToken = page.continuationToken || undefined;
      } while (continuationToken);
    });
    deps.log.info({ conversation, members: recorded }, "teams roster read");
  };
}
