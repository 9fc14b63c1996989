// People, requests and lookups shared by the incident integration tests.
import type { Harness } from "../support/harness";
import { selectActionForm, type SlackUser, slackUser } from "../support/slack-requests";
import type { TeamsUser } from "../support/teams-activities";
import { until } from "../support/wait";

export { blocksOf, slackElements, slackMenuOptions } from "../support/cards";
export { until } from "../support/wait";

export const SAM: SlackUser = slackUser("USAM", "T1", "sam"); // msp-lead
export const NIA: SlackUser = slackUser("UNIA", "T1", "nia"); // msp-tech
export const ALEX: SlackUser = slackUser("UALEX", "T1", "alex"); // internal-it
// The COO: an admin of the client in Tandem, so she may approve for it (client approver: internal IT or an admin).
export const CASEY: SlackUser = slackUser("UCASEY", "T1", "casey");
export const BOB: SlackUser = slackUser("UBOB", "T1", "bob"); // no Person row: staff

export const TEAMS_SAM: TeamsUser = { id: "29:sam", aadObjectId: "aad-sam", name: "Sam Sample" };
export const TEAMS_NIA: TeamsUser = { id: "29:nia", aadObjectId: "aad-nia", name: "Nia NOC" };
export const TEAMS_ALEX: TeamsUser = { id: "29:alex", aadObjectId: "aad-alex", name: "Alex Example" };

export async function addPeople(h: Pick<Harness, "db">): Promise<void> {
  const rows = [
    { platform: "slack", teamId: "T1", userId: SAM.id, displayName: "Sam Sample", roles: ["msp-lead"] },
    { platform: "slack", teamId: "T1", userId: NIA.id, displayName: "Nia NOC", roles: ["msp-tech"] },
    { platform: "slack", teamId: "T1", userId: ALEX.id, displayName: "Alex Example", roles: ["internal-it"] },
    { platform: "slack", teamId: "T1", userId: CASEY.id, displayName: "Casey COO", roles: ["admin"] },
    { platform: "teams", teamId: "tenant-1", userId: TEAMS_SAM.aadObjectId, displayName: "Sam Sample", roles: ["msp-lead"] },
    { platform: "teams", teamId: "tenant-1", userId: TEAMS_NIA.aadObjectId, displayName: "Nia NOC", roles: ["msp-tech"] },
    { platform: "teams", teamId: "tenant-1", userId: TEAMS_ALEX.aadObjectId, displayName: "Alex Example", roles: ["internal-it"] },
  ];
  await h.db.prisma.person.createMany({ data: rows.map((r) => ({ clientId: "demo", ...r })), skipDuplicates: true });
}

/** A Slack static_select choice (Bolt block_actions with selected_option). */
export function selectForm(actionId: string, optionValue: string, user: SlackUser, opts: { channel?: string; messageTs?: string } = {}) {
  return selectActionForm(actionId, optionValue, { ...opts, user });
}

/** Waits until the outbox has nothing left to send. */
export async function drained(h: Pick<Harness, "db">): Promise<void> {
  // An incident posts several messages to its channel at once (card, pages, thread lines, reminders): Slack takes
  // about 1 a second after a burst of 3, and the outbox paces them so.
  await until(async () => (await h.db.prisma.outboxMessage.count({ where: { status: { in: ["pending", "sending"] } } })) === 0, 30_000);
}
