// People, requests and lookups shared by the incident integration tests.
import type { Harness } from "../support/harness";
import { nextId, type SlackUser } from "../support/slack-requests";
import type { TeamsUser } from "../support/teams-activities";

export const SAM: SlackUser = { id: "USAM", team: "T1", name: "sam" }; // msp-lead
export const NIA: SlackUser = { id: "UNIA", team: "T1", name: "nia" }; // msp-tech
export const ALEX: SlackUser = { id: "UALEX", team: "T1", name: "alex" }; // internal-it
export const CASEY: SlackUser = { id: "UCASEY", team: "T1", name: "casey" }; // staff (the COO)
export const BOB: SlackUser = { id: "UBOB", team: "T1", name: "bob" }; // no Person row: staff

export const TEAMS_SAM: TeamsUser = { id: "29:sam", aadObjectId: "aad-sam", name: "Sam Sample" };
export const TEAMS_NIA: TeamsUser = { id: "29:nia", aadObjectId: "aad-nia", name: "Nia NOC" };
export const TEAMS_ALEX: TeamsUser = { id: "29:alex", aadObjectId: "aad-alex", name: "Alex Example" };

export async function addPeople(h: Pick<Harness, "db">): Promise<void> {
  const rows = [
    { platform: "slack", teamId: "T1", userId: SAM.id, displayName: "Sam Sample", roles: ["msp-lead"] },
    { platform: "slack", teamId: "T1", userId: NIA.id, displayName: "Nia NOC", roles: ["msp-tech"] },
    { platform: "slack", teamId: "T1", userId: ALEX.id, displayName: "Alex Example", roles: ["internal-it"] },
    { platform: "slack", teamId: "T1", userId: CASEY.id, displayName: "Casey COO", roles: ["staff"] },
    { platform: "teams", teamId: "tenant-1", userId: TEAMS_SAM.aadObjectId, displayName: "Sam Sample", roles: ["msp-lead"] },
    { platform: "teams", teamId: "tenant-1", userId: TEAMS_NIA.aadObjectId, displayName: "Nia NOC", roles: ["msp-tech"] },
    { platform: "teams", teamId: "tenant-1", userId: TEAMS_ALEX.aadObjectId, displayName: "Alex Example", roles: ["internal-it"] },
  ];
  await h.db.prisma.person.createMany({ data: rows.map((r) => ({ clientId: "demo", ...r })), skipDuplicates: true });
}

/** A Slack static_select choice (Bolt block_actions with selected_option). */
export function selectForm(actionId: string, optionValue: string, user: SlackUser, opts: { channel?: string; messageTs?: string } = {}) {
  const payload = {
    type: "block_actions",
    trigger_id: nextId("trig."),
    team: { id: "T1", domain: "example" },
    user: { id: user.id, team_id: user.team, name: user.name ?? user.id },
    api_app_id: "A1",
    channel: { id: opts.channel ?? "C1", name: "it-shared" },
    container: { type: "message", message_ts: opts.messageTs ?? "1700000001.000100", channel_id: opts.channel ?? "C1" },
    message: { ts: opts.messageTs ?? "1700000001.000100", type: "message", text: "" },
    response_url: "http://127.0.0.1:9/actions/response",
    actions: [{ type: "static_select", action_id: actionId, block_id: "b1", selected_option: { text: { type: "plain_text", text: "x" }, value: optionValue }, action_ts: `${Date.now() / 1000}` }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** Every interactive element of a Slack message's blocks. */
export function slackElements(blocks: any[]): any[] {
  return blocks.flatMap((b) => [...(b.accessory ? [b.accessory] : []), ...(b.type === "actions" ? b.elements : [])]);
}

export function blocksOf(body: any): any[] {
  return typeof body.blocks === "string" ? JSON.parse(body.blocks) : (body.blocks ?? []);
}

export async function until<T>(fn: () => Promise<T | null | undefined | false>, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until the outbox has nothing left to send. */
export async function drained(h: Pick<Harness, "db">): Promise<void> {
  await until(async () => (await h.db.prisma.outboxMessage.count({ where: { status: { in: ["pending", "sending"] } } })) === 0);
}
