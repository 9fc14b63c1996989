// Seeded operations data for the cadence tests: the demo client (America/Toronto) in October 2026.
import type { Prisma } from "../../src/adapters/db/connect";
import type { Harness } from "../support/harness";
import { slackButtons } from "../support/cards";
import { ALICE, blockActionForm, mentionEvent, viewSubmissionForm, type SlackUser, slackUser } from "../support/slack-requests";
import { TEAMS_ALICE, TENANT, teamsMessage } from "../support/teams-activities";

export const BOB: SlackUser = slackUser("UBOB", "T1", "bob");
export const CLIENT = "demo";
const at = (iso: string) => new Date(iso);

/** Alice is an admin on both platforms; Bob is an MSP technician on Slack (not an admin). */
export async function seedPeople(prisma: Prisma): Promise<void> {
  await prisma.person.createMany({
    data: [
      { clientId: CLIENT, platform: "slack", teamId: ALICE.team, userId: ALICE.id, displayName: "Alice Internal", roles: ["admin", "internal-it"] },
      { clientId: CLIENT, platform: "slack", teamId: BOB.team, userId: BOB.id, displayName: "Bob MSP", roles: ["msp-tech"] },
      { clientId: CLIENT, platform: "teams", teamId: TENANT, userId: TEAMS_ALICE.aadObjectId, aadObjectId: TEAMS_ALICE.aadObjectId, displayName: "Alice Internal", roles: ["admin", "internal-it"] },
    ],
    skipDuplicates: true,
  });
}

interface TicketSeed {
  number: number;
  title: string;
  categoryId: string | null;
  severity: number;
  court: string;
  createdBy: string;
  createdAt: string;
  firstResponseAt?: string;
  resolvedAt?: string;
  resolvedBy?: string;
  events: { type: string; at: string; fromCourt?: string; toCourt?: string; actor?: string; data?: object }[];
}

const SLACK_ALICE = "slack:T1:UALICE";
const SLACK_BOB = "slack:T1:UBOB";

export const TICKETS: TicketSeed[] = [
  // Opened by internal IT on Thursday, with the MSP since Thursday afternoon: waiting on the MSP.
  {
    number: 101, title: "Third-floor printer jams", categoryId: "printers-scanners", severity: 3, court: "msp", createdBy: SLACK_ALICE,
    createdAt: "2026-10-15T14:00:00Z", firstResponseAt: "2026-10-15T14:20:00Z",
    events: [
      { type: "created", at: "2026-10-15T14:00:00Z", toCourt: "internal", actor: SLACK_ALICE },
      { type: "handover", at: "2026-10-15T18:00:00Z", fromCourt: "internal", toCourt: "msp", actor: SLACK_ALICE },
    ],
  },
  // Sev 2 opened by the MSP on Friday, waiting on internal IT, first response never came: an SLA breach.
  {
    number: 102, title: "VPN drops for remote staff", categoryId: "network-wifi", severity: 2, court: "internal", createdBy: SLACK_BOB,
    createdAt: "2026-10-16T15:00:00Z",
    events: [
      { type: "created", at: "2026-10-16T15:00:00Z", toCourt: "internal", actor: SLACK_BOB },
      { type: "escalated", at: "2026-10-16T17:00:00Z", fromCourt: "msp", toCourt: "internal", actor: SLACK_BOB, data: { side: "msp" } },
      { type: "acked", at: "2026-10-16T17:12:00Z", actor: SLACK_ALICE, data: { side: "internal" } },
    ],
  },
  // Resolved by the MSP on Friday.
  {
    number: 103, title: "New starter laptop", categoryId: "end-user-devices", severity: 3, court: "msp", createdBy: SLACK_ALICE,
    createdAt: "2026-10-14T13:00:00Z", firstResponseAt: "2026-10-14T13:30:00Z", resolvedAt: "2026-10-16T20:00:00Z", resolvedBy: "Bob MSP",
    events: [
      { type: "created", at: "2026-10-14T13:00:00Z", toCourt: "msp", actor: SLACK_ALICE },
      { type: "resolved", at: "2026-10-16T20:00:00Z", fromCourt: "msp", actor: "Bob MSP", data: { side: "msp" } },
    ],
  },
];

export async function seedOperations(prisma: Prisma): Promise<void> {
  await prisma.client.update({
    where: { id: CLIENT },
    data: { settings: { sla: { "1": { ackMinutes: 15, resolveMinutes: 240 }, "2": { ackMinutes: 60, resolveMinutes: 480 }, "3": { ackMinutes: 240, resolveMinutes: 2880 } } } },
  });
  for (const t of TICKETS) {
    await prisma.ticket.create({
      data: {
        clientId: CLIENT, number: t.number, title: t.title, categoryId: t.categoryId, severity: t.severity, court: t.court,
        status: t.resolvedAt ? "resolved" : "open", createdBy: t.createdBy, createdAt: at(t.createdAt),
        firstResponseAt: t.firstResponseAt ? at(t.firstResponseAt) : null, resolvedAt: t.resolvedAt ? at(t.resolvedAt) : null, resolvedBy: t.resolvedBy ?? null,
        events: { create: t.events.map((e) => ({ type: e.type, at: at(e.at), fromCourt: e.fromCourt ?? null, toCourt: e.toCourt ?? null, actor: e.actor ?? null, data: e.data ?? undefined })) },
      },
    });
  }
  await prisma.hourEntry.createMany({
    data: [
      { clientId: CLIENT, minutes: 40 * 60, note: "40-hour block", at: at("2026-07-02T14:00:00Z") },
      { clientId: CLIENT, minutes: -450, note: "printer fleet", at: at("2026-09-15T14:00:00Z") },
      { clientId: CLIENT, minutes: -90, note: "laptop build", at: at("2026-10-16T19:00:00Z") },
    ],
  });
  await prisma.incident.createMany({
    data: [
      { clientId: CLIENT, number: 1, playbookId: "ransomware", severity: 1, drill: true, status: "resolved", summary: "Ransomware tabletop", state: {}, startedAt: at("2026-06-10T14:00:00Z"), ackedAt: at("2026-06-10T14:03:00Z"), resolvedAt: at("2026-06-10T16:00:00Z") },
      { clientId: CLIENT, number: 2, playbookId: "server-down", severity: 1, drill: false, status: "resolved", summary: "File server down", state: {}, startedAt: at("2026-10-17T13:00:00Z"), ackedAt: at("2026-10-17T13:05:00Z"), resolvedAt: at("2026-10-17T14:30:00Z") },
    ],
  });
}

/**
 * Registers the shared Slack channel C1 and the Teams channel with the demo client (Tandem answers "help"). These are
 * the first turns after start, while routing and cards still warm up beside them; on a loaded machine the first
 * answer took more than the usual 8 s, so the wait here is longer (it is set-up, not a latency check).
 */
export async function joinChannels(h: Harness): Promise<void> {
  const firstTurn = 30_000;
  await h.slackEvent(mentionEvent("help", { ts: "1700000900.000100" }));
  await h.slack.waitForMethod("chat.postMessage", (b) => b.thread_ts === "1700000900.000100", firstTurn);
  await h.teams(teamsMessage("help", { serviceUrl: h.connector.serviceUrl }));
  await h.connector.waitForActivity((a) => JSON.stringify(a).includes("who handles"), firstTurn);
}

/** A Slack button click with text typed into the message's input block. */
export function blockActionWithInput(actionId: string, value: Record<string, string>, typed: Record<string, string>, user?: SlackUser): string {
  // A button with a form opens a modal; what comes back is the modal's submission, with the button's data.
  if (Object.keys(typed).length > 0) return viewSubmissionForm(actionId, { ...value, channel: "C1" }, typed, { user });
  return blockActionForm(actionId, value, { user });
}

/** The Slack blocks of a posted or updated message, as text (for "contains" checks). */
export const blocksText = (body: { blocks?: string }) => (body.blocks ? String(body.blocks) : "");

/** The button value (key, run) of a Slack card posted with `action`. */
export function buttonValue(body: { blocks?: string }, action: string): Record<string, string> {
  const found = slackButtons(JSON.parse(String(body.blocks))).find((e: any) => String(e.action_id).replace(/:\d+$/, "") === action);
  if (!found) throw new Error(`no ${action} button`);
  return JSON.parse(found.value);
}
