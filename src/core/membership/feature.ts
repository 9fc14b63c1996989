// Who is in the conversation, and from which organisation: members joining or leaving a shared channel (their home
// tenant or workspace is recorded), the channel shared with or unshared from another team, Tandem added or removed.
import type { Actor, ChannelEvent } from "../conversation/events";
import type { Feature, Turn } from "../conversation/feature";
import type { Outgoing } from "../conversation/reply";
import type { Identities } from "../ports/identities";
import type { Tenancy } from "../ports/tenancy";

export interface MembershipDeps {
  identities: Identities;
  tenancy: Tenancy;
}

const stated = (people: Actor[]) =>
  people.filter((p) => p.homeKnown && p.teamId).map((p) => ({ platform: p.platform, homeId: p.teamId, userId: p.userId, name: p.name, source: "member-event" as const }));

function sharingNotice(turn: Turn<ChannelEvent & { kind: "sharing" }>): string {
  const e = turn.event;
  const names = e.teams.map((t) => t.name ?? t.id).join(", ") || "another team";
  if (e.change === "unshared") return `This channel is no longer shared with ${names}. Their people stop seeing new messages here; tickets and incidents stay as they are.`;
  const host = e.channel.teamId;
  const outside = e.teams.filter((t) => t.tenantId && host && t.tenantId !== host);
  const lines = [`This channel is now shared with ${names}. Their people can @mention Tandem here and use the buttons on its cards.`];
  if (outside.length) {
    lines.push(
      `${outside.map((t) => t.name ?? t.id).join(", ")} ${outside.length === 1 ? "is" : "are"} another organisation (tenant ${[...new Set(outside.map((t) => t.tenantId))].join(", ")}): ` +
        "Tandem pages its people by @mention in the thread (a bot cannot open a 1:1 chat across tenants). An admin gives them roles with " +
        '"tandem people add --platform teams --team <their tenant> --user <their AAD object id> --roles msp-tech".',
    );
  }
  return lines.join(" ");
}

export function membershipFeature(deps: MembershipDeps): Feature {
  return {
    name: "membership",
    onChannelEvent: async (turn: Turn<ChannelEvent>): Promise<Outgoing[] | null> => {
      const e = turn.event;
      switch (e.kind) {
        case "installed":
          await deps.tenancy.setPresent(e.channel, true);
          return [];
        case "removed":
          await deps.tenancy.setPresent(e.channel, false);
          return [];
        case "members":
          await deps.identities.record([...stated(e.added), ...stated(e.removed)]);
          return [];
        case "sharing":
          return [{ op: "post", channel: e.channel, reply: { text: sharingNotice(turn as Turn<ChannelEvent & { kind: "sharing" }>) } }];
      }
    },
  };
}
