// People, requests and helpers shared by the ticket and escalation integration tests.
import { startHarness, type Harness, type HarnessOptions } from "../support/harness";
import { executeActions, slackButtons } from "../support/cards";
import { blockActionForm, viewSubmissionForm, type SlackUser } from "../support/slack-requests";
import type { TeamsUser } from "../support/teams-activities";

export { blocksOf } from "../support/cards";
export { sleep, until } from "../support/wait";

export const ALEX: SlackUser = { id: "UALEX", team: "T1", name: "Alex Example" }; // internal-it
export const LEE: SlackUser = { id: "ULEE", team: "T1", name: "Lee Lead" }; // msp-lead
export const NIA: SlackUser = { id: "UNIA", team: "T1", name: "Nia Tech" }; // msp-tech
export const OMAR: SlackUser = { id: "UOMAR", team: "T1", name: "Omar Tech" }; // msp-tech
export const BOB: SlackUser = { id: "UBOB", team: "T1", name: "bob" }; // no Person row: staff
/** The matrix names Sam Sample as the MSP contact, with slackId T0MAPLE:U03SAM. */
export const SAM_FROM_MATRIX = { team: "T0MAPLE", id: "U03SAM" };

export const TEAMS_ALEX: TeamsUser = { id: "29:alex", aadObjectId: "aad-alex", name: "Alex Example" };
export const TEAMS_SAM: TeamsUser = { id: "29:sam", aadObjectId: "aad-sam", name: "Sam Sample" };
export const TEAMS_NIA: TeamsUser = { id: "29:nia", aadObjectId: "aad-nia", name: "Nia Tech" };
export const TEAMS_LEE: TeamsUser = { id: "29:lee", aadObjectId: "aad-lee", name: "Lee Lead" };

// Tuesday 8 September 2026, 10:00 in Toronto: business hours for the demo matrix.
export const BUSINESS = new Date("2026-09-08T14:00:00Z");

export async function addPeople(h: Pick<Harness, "db">): Promise<void> {
  const rows = [
    { platform: "slack", teamId: "T1", userId: ALEX.id, displayName: ALEX.name, roles: ["internal-it"] },
    { platform: "slack", teamId: "T1", userId: NIA.id, displayName: NIA.name, roles: ["msp-tech"] },
    { platform: "slack", teamId: "T1", userId: OMAR.id, displayName: OMAR.name, roles: ["msp-tech"] },
    { platform: "slack", teamId: "T1", userId: LEE.id, displayName: LEE.name, roles: ["msp-lead"] },
    { platform: "teams", teamId: "tenant-1", userId: TEAMS_ALEX.aadObjectId, displayName: TEAMS_ALEX.name, roles: ["internal-it"] },
    { platform: "teams", teamId: "tenant-1", userId: TEAMS_SAM.aadObjectId, displayName: TEAMS_SAM.name, roles: ["msp-tech"] },
    { platform: "teams", teamId: "tenant-1", userId: TEAMS_NIA.aadObjectId, displayName: TEAMS_NIA.name, roles: ["msp-tech"] },
    { platform: "teams", teamId: "tenant-1", userId: TEAMS_LEE.aadObjectId, displayName: TEAMS_LEE.name, roles: ["msp-lead"] },
  ];
  await h.db.prisma.person.createMany({ data: rows.map((r) => ({ clientId: "demo", ...r })), skipDuplicates: true });
}

export interface Clocked {
  h: Harness;
  clock: { at: Date };
}

/** A harness whose clock the test moves (`clock.at = ...`), with the people above. */
export async function startTicketHarness(opts: HarnessOptions & { at?: Date } = {}): Promise<Clocked> {
  const clock = { at: opts.at ?? BUSINESS };
  const h = await startHarness({ ...opts, clock: { now: () => clock.at } });
  await addPeople(h);
  return { h, clock };
}

/** A Slack button click on a message, with the message's input blocks filled in (state.values). */
/**
 * A Slack click on a card button. With `inputs`, the button's form was filled in: the modal it opened is submitted
 * (Slack sends a view_submission carrying the button's data and the typed fields).
 */
export function slackClick(actionId: string, value: Record<string, string>, opts: { user?: SlackUser; inputs?: Record<string, string>; channel?: string; messageTs?: string; threadTs?: string } = {}) {
  if (opts.inputs) {
    const meta = { ...value, channel: opts.channel ?? "C1", ...(opts.threadTs ? { thread: opts.threadTs } : {}) };
    return viewSubmissionForm(actionId, meta, opts.inputs, { user: opts.user ?? ALEX });
  }
  return blockActionForm(actionId, value, { ...opts, user: opts.user ?? ALEX });
}

export { slackButtons };
export const slackButton = (blocks: any[], actionId: string) => slackButtons(blocks).find((e: any) => e.action_id === actionId || e.action_id.startsWith(`${actionId}:`));
/** Every Action.Execute of a Teams card: in view, behind "...", and the submit buttons of its forms. */
export const teamsActions = (card: any): any[] => executeActions(card);
export const teamsAction = (card: any, verb: string) => teamsActions(card).find((a: any) => a.verb === verb);
export const cardOfActivity = (activity: any) => activity.attachments?.[0]?.content;

/** The ticket row by number for the demo client, with its events. */
export async function ticketRow(h: Harness, number: number) {
  return h.db.prisma.ticket.findUnique({ where: { clientId_number: { clientId: "demo", number } }, include: { events: { orderBy: [{ at: "asc" }, { id: "asc" }] } } });
}
