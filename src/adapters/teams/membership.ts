// Shared channels as Teams reports them, read from the activity JSON (botbuilder 4.23, the last release, has no types
// for membershipSource, sharedWithTeams or unsharedFromTeams). Payload shapes: test/fixtures/teams/README.md.
import type { Activity, ChannelAccount } from "botbuilder";
import type { Actor, ChannelRef, InboundEvent } from "../../core/conversation/events";

const text = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 ? v : undefined);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** channelData.tenant.id, else conversation.tenantId: the tenant that hosts the conversation. */
export function tenantOf(activity: Partial<Activity>): string {
  const data = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  return text(isObject(data?.tenant) ? data.tenant.id : undefined) ?? text(activity.conversation?.tenantId) ?? "";
}

/**
 * The home tenant of an account, when Teams states it: the account's own tenantId (roster answers), a membership
 * source's tenantId (the account, or channelData.membershipSource on a member event), or the tenant of a 1:1 chat,
 * which a bot only has with people of its own tenant. A channel message from a member of the other organisation
 * states none of these: the conversation's tenant is the host's.
 */
export function statedHome(account: Partial<ChannelAccount> | undefined, activity: Partial<Activity>): string | undefined {
  const a = (account ?? {}) as Record<string, unknown>;
  const sources = Array.isArray(a.membershipSources) ? a.membershipSources.filter(isObject) : [];
  const data = isObject(activity.channelData) ? activity.channelData : {};
  const eventSource = isObject(data.membershipSource) ? data.membershipSource : {};
  const personal = activity.conversation?.conversationType === "personal";
  return text(a.tenantId) ?? sources.map((s) => text(s.tenantId)).find(Boolean) ?? text(eventSource.tenantId) ?? (personal ? text(tenantOf(activity)) : undefined);
}

/** A Teams person: identified by their AAD object id, placed in their home tenant when Teams says which. */
export function teamsActor(account: Partial<ChannelAccount> | undefined, activity: Partial<Activity>): Actor {
  const from = account ?? { id: "unknown", name: "" };
  const home = statedHome(from, activity);
  return {
    platform: "teams",
    teamId: home ?? tenantOf(activity),
    userId: text(from.aadObjectId) ?? from.id ?? "unknown",
    name: text(from.name),
    aadObjectId: text(from.aadObjectId),
    ...(home ? { homeKnown: true } : {}),
  };
}

function teamsOf(list: unknown): { id: string; name?: string; tenantId?: string }[] {
  return (Array.isArray(list) ? list : []).filter(isObject).flatMap((t) => {
    const id = text(t.id) ?? text(t.aadGroupId);
    return id ? [{ id, name: text(t.name), tenantId: text(t.tenantId) }] : [];
  });
}

/**
 * conversationUpdate: Tandem added to the conversation (allowed in a shared channel), removed or disallowed, members
 * joining or leaving (directly, or through a team the channel is shared with), the channel shared or unshared.
 */
export function conversationUpdateToEvent(activity: Activity, base: { eventId: string; channel: ChannelRef; actor: Actor }): InboundEvent | null {
  const data = isObject(activity.channelData) ? activity.channelData : {};
  const eventType = text(data.eventType);
  if (eventType === "channelShared" || eventType === "channelUnshared") {
    const teams = teamsOf(eventType === "channelShared" ? data.sharedWithTeams : data.unsharedFromTeams);
    return { kind: "sharing", ...base, change: eventType === "channelShared" ? "shared" : "unshared", teams };
  }
  const bot = activity.recipient?.id;
  const added = activity.membersAdded ?? [];
  const removed = activity.membersRemoved ?? [];
  if (added.some((m) => m.id === bot)) return { kind: "installed", ...base };
  if (removed.some((m) => m.id === bot)) return { kind: "removed", ...base };
  const people = (list: ChannelAccount[]) => list.filter((m) => text(m.id) && m.id !== bot).map((m) => teamsActor(m, activity));
  const event = { kind: "members" as const, ...base, added: people(added), removed: people(removed) };
  return event.added.length || event.removed.length ? event : null;
}
