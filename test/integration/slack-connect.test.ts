// A Slack Connect channel between Maple Ridge (T0MAPLE01, where Tandem is installed) and Bluefin (T0BLUEFIN, where it
// is not), driven with real-shaped payloads (test/fixtures/slack): Bluefin's people are recorded in their own
// workspace, their MSP roles apply, they are paged by @mention (Slack would refuse a DM), and everything a slash
// command or shortcut does is reachable by @mention text and buttons, since they cannot use Tandem's commands.
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { startHarness, type Harness } from "../support/harness";
import { fixture } from "../support/fixtures";
import { blocksOf } from "../support/cards";
import { nextId, slackSignature } from "../support/slack-requests";
import { until } from "../support/wait";
import { drained } from "./incident-support";

const MAPLE = "T0MAPLE01";
const BLUEFIN = "T0BLUEFIN";
const CHANNEL = "C0SHAREDIT";
const BLUE_SAM = "U0BLUESAM";
const ALEX = "U0MAPLEALEX";
const manifest = YAML.parse(fs.readFileSync(path.resolve(__dirname, "../../manifests/slack/manifest.yml"), "utf8"));

describe("Slack Connect channel with another organisation's workspace", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ kind: "pglite", clock: { now: () => new Date("2026-09-08T14:00:00Z") } });
    h.slack.installedTeams.clear();
    h.slack.installedTeams.add(MAPLE);
    h.slack.userTeams.set(BLUE_SAM, BLUEFIN);
    await h.db.prisma.person.createMany({
      data: [
        { clientId: "demo", platform: "slack", teamId: MAPLE, userId: ALEX, displayName: "Alex Example", roles: ["internal-it"] },
        { clientId: "demo", platform: "slack", teamId: BLUEFIN, userId: BLUE_SAM, displayName: "Sam Sample", roles: ["msp-tech"] },
      ],
    });
  });
  afterAll(async () => {
    await h.stop();
  });

  /** The fixture's envelope with this text and sender, signed like Slack. */
  const mention = async (text: string, user = BLUE_SAM, team = BLUEFIN, thread?: string) => {
    const body = fixture("slack/connect-app-mention-external.json");
    const ts = `${Date.now() / 1000}`;
    Object.assign(body.event, { text: `<@U0TANDEMBOT> ${text}`, user, user_team: team, source_team: team, team, ts, event_ts: ts, thread_ts: thread });
    body.event_id = nextId("Ev");
    const raw = JSON.stringify(body);
    await h.slackPost(raw, "application/json");
    return ts;
  };

  test("an @mention from Bluefin's engineer is answered, and their home workspace is recorded", async () => {
    const ts = await mention("help");
    const reply = await h.slack.waitForMethod("chat.postMessage", (b) => b.thread_ts === ts);
    expect(reply.channel).toBe(CHANNEL);
    // Help tells them what works without the app: @mentions and buttons, not the slash commands.
    expect(JSON.stringify(blocksOf(reply))).toContain("including the other organisation in a shared or Slack Connect channel");
    const member = await until(() => h.db.prisma.chatMember.findFirst({ where: { platform: "slack", userId: BLUE_SAM } }));
    expect(member).toMatchObject({ homeId: BLUEFIN, source: "message" });
  });

  test("Bluefin's engineer is paged by @mention on the ticket's thread; no DM to a workspace without Tandem", async () => {
    const ts = await mention("escalate sev2 the VPN concentrator rejects every login", ALEX, MAPLE);
    const card = await h.slack.waitForMethod("chat.postMessage", (b) => b.thread_ts === ts && String(b.blocks ?? "").includes("VPN concentrator"));
    expect(card.text).toContain(`<@${BLUE_SAM}>`);
    await drained(h);
    expect(h.slack.method("chat.postMessage").filter((c) => c.body.channel === BLUE_SAM)).toEqual([]);
    expect(h.slack.refused()).toEqual([]);
    const row = await h.db.prisma.outboxMessage.findFirstOrThrow({ where: { subject: { startsWith: "ticket:" }, op: "post" } });
    expect((row.payload as any).page.skipped).toEqual([expect.objectContaining({ name: "Sam Sample", why: expect.stringMatching(/another workspace/) })]);
  });

  test("their Acknowledge button works: the payload names their workspace, their MSP role applies", async () => {
    const t = await h.db.prisma.ticket.findFirstOrThrow({ where: { title: { contains: "VPN concentrator" } } });
    const payload = fixture("slack/connect-block-action-external.json");
    payload.actions[0].value = JSON.stringify({ ticket: t.id, key: `ticket:${t.id}` });
    payload.trigger_id = nextId("trig.");
    const raw = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    await h.slackPost(raw, "application/x-www-form-urlencoded");
    await until(async () => ((await h.db.prisma.ticket.findUniqueOrThrow({ where: { id: t.id } })).ackedBy === "Sam Sample" ? true : null));
  });

  test("every slash command and the shortcut has an @mention form that works for someone without the app", async () => {
    // What people of the other workspace type instead (they cannot use Tandem's commands or shortcuts).
    const MENTION_FORM: Record<string, string> = {
      "/tandem": "help",
      "/whohandles": "who handles a printer that won't print",
      "/ticket": "ticket the scanner on floor 2 is jammed",
      "/escalate": "escalate HL-1",
      "/incident": "incident list",
      create_ticket: "ticket the boardroom screen flickers",
    };
    const declared = [...manifest.features.slash_commands.map((c: { command: string }) => c.command), ...manifest.features.shortcuts.map((s: { callback_id: string }) => s.callback_id)];
    expect(Object.keys(MENTION_FORM).sort()).toEqual([...declared].sort());
    for (const text of Object.values(MENTION_FORM)) {
      const ts = await mention(text);
      // Answered in the thread, in public or only to them.
      const answer = (await h.slack.waitFor((c) => ["/api/chat.postMessage", "/api/chat.postEphemeral"].includes(c.path) && c.body.thread_ts === ts)).body;
      expect(String(answer.text)).not.toMatch(/I didn't understand/);
    }
    // The who-handles answer carries buttons (open a ticket, pick another category) for them too.
    const ts = await mention("who handles a printer that won't print");
    const answer = await h.slack.waitForMethod("chat.postMessage", (b) => b.thread_ts === ts);
    expect(JSON.stringify(blocksOf(answer))).toContain("ticket-open");
  });

  test("the envelope is Slack's: signed, external, the sender's team differs from the install's", async () => {
    const body = fixture("slack/connect-app-mention-external.json");
    expect(body.is_ext_shared_channel).toBe(true);
    expect(body.team_id).toBe(MAPLE);
    expect(body.event.user_team).toBe(BLUEFIN);
    expect(body.authorizations[0].team_id).toBe(MAPLE);
    // Unsigned, the same payload is refused.
    const res = await fetch(`${h.url}/slack/events`, { method: "POST", headers: { "content-type": "application/json", ...slackSignature("x") }, body: JSON.stringify(body) });
    expect(res.status).toBe(401);
  });
});
