// A Slack Connect channel between Maple Ridge (T0MAPLE01, where Tandem is installed) and Bluefin (T0BLUEFIN, where it
// is not), driven with real-shaped payloads (test/fixtures/slack): Bluefin's people are recorded in their own
// workspace, their MSP roles apply, they are paged by @mention (Slack would refuse a DM), and everything a slash
// command or shortcut does is reachable by @mention text and buttons, since they cannot use Tandem's commands.
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { startHarness, type Harness } from "../support/harness";
import { fixture } from "../support/fixtures";
import { blocksOf, slackElements } from "../support/cards";
import { PERMISSIONS, type PermissionId } from "../../src/core/access/table";
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
    // Here the demo matrix's Sam Sample is Bluefin's engineer: his people entry is his Bluefin account, in place of
    // the one the seed made from the matrix's slackId.
    await h.db.prisma.person.deleteMany({ where: { clientId: "demo", platform: "slack", userId: "U03SAM" } });
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

  test("Create ticket on a message Bluefin's engineer wrote: the requester is him, found in his own workspace", async () => {
    const payload = fixture("slack/connect-message-shortcut-external-author.json");
    payload.trigger_id = nextId("trig.");
    await h.slackPost(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), "application/x-www-form-urlencoded");
    const t = await until(() => h.db.prisma.ticket.findFirst({ where: { title: { startsWith: "The firewall at the Hamilton site" } } }));
    expect(t).toMatchObject({ requester: "Sam Sample", createdBy: `slack:${MAPLE}:${ALEX}` });
    const card = await h.slack.waitForMethod("chat.postMessage", (b) => b.channel === CHANNEL && String(b.blocks ?? "").includes("Hamilton site"));
    expect(card.thread_ts).toBe(payload.message.ts);
    expect(JSON.stringify(blocksOf(card))).not.toContain(BLUE_SAM);
  });

  test("every slash command and the shortcut has an @mention form and buttons that do the same for someone without the app", async () => {
    // Slack Connect: Bluefin's people cannot run Tandem's slash commands or its shortcut. For each, the @mention text
    // (and the card's buttons) must do what the command does, judged by its effect, for Bluefin's Sam holding the
    // role the access table asks for it.
    const as = async (permission: PermissionId) => {
      const allowed = PERMISSIONS[permission].allowed;
      const roles = allowed === "everyone" ? [] : [allowed.includes("msp-tech") ? "msp-tech" : allowed[0]];
      await h.db.prisma.person.updateMany({ where: { platform: "slack", userId: BLUE_SAM }, data: { roles } });
    };
    const answerTo = async (ts: string) => (await h.slack.waitFor((c) => ["/api/chat.postMessage", "/api/chat.postEphemeral"].includes(c.path) && c.body.thread_ts === ts)).body;
    const click = async (element: { action_id: string; value: string }, messageTs: string) => {
      const payload = fixture("slack/connect-block-action-external.json");
      payload.actions[0] = { ...payload.actions[0], action_id: element.action_id, value: element.value };
      payload.container.message_ts = messageTs;
      payload.message.ts = messageTs;
      payload.trigger_id = nextId("trig.");
      await h.slackPost(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), "application/x-www-form-urlencoded");
    };
    const samKey = `slack:${BLUEFIN}:${BLUE_SAM}`;
    const checked = new Set<string>();

    // /tandem help
    await as("help");
    let ts = await mention("help");
    expect(JSON.stringify(blocksOf(await answerTo(ts)))).toContain("who handles");
    checked.add("/tandem");

    // /whohandles, and the answer's "open a ticket" button
    await as("whohandles.ask");
    ts = await mention("who handles a printer that won't print");
    const answer = await h.slack.waitForMethod("chat.postMessage", (b) => b.thread_ts === ts);
    expect(String(answer.text)).toMatch(/printer/i);
    const open = slackElements(blocksOf(answer)).find((e) => String(e.action_id).startsWith("ticket-open"));
    expect(open).toBeDefined();
    await as("ticket.open");
    await click(open, answer.ts ?? ts);
    const fromButton = await until(() => h.db.prisma.ticket.findFirst({ where: { createdBy: samKey, title: { contains: "printer" } } }));
    expect(fromButton.title).toMatch(/printer/i);
    checked.add("/whohandles");

    // /ticket
    ts = await mention("ticket the scanner on floor 2 is jammed");
    const ticket = await until(() => h.db.prisma.ticket.findFirst({ where: { createdBy: samKey, title: "the scanner on floor 2 is jammed" } }));
    await h.slack.waitForMethod("chat.postMessage", (b) => b.thread_ts === ts && String(b.blocks ?? "").includes("scanner on floor 2"));
    checked.add("/ticket");

    // The Create ticket shortcut turns an existing message into a ticket (its author the requester, its card in its
    // thread); "@Tandem ticket this" in the message's thread does the same, reading the message back from Slack, and
    // so does "make this a ticket". Both ways know a message that is a ticket already.
    const parent = { type: "message", user: ALEX, team: MAPLE, user_team: MAPLE, source_team: MAPLE, ts: "1772838400.000200", text: "The boardroom screen flickers during every call" };
    h.slack.addMessage(CHANNEL, parent);
    await mention("ticket this", BLUE_SAM, BLUEFIN, parent.ts);
    const fromMessage = await until(() => h.db.prisma.ticket.findFirst({ where: { createdBy: samKey, title: parent.text } }));
    expect(fromMessage).toMatchObject({ requester: "Alex Example", sourceKey: `slack:${CHANNEL}:${parent.ts}` });
    await h.slack.waitForMethod("chat.postMessage", (b) => b.thread_ts === parent.ts && String(b.blocks ?? "").includes("boardroom screen flickers"));
    const already = `already ticket ${(await h.db.prisma.client.findUniqueOrThrow({ where: { id: "demo" } })).ticketPrefix}-${fromMessage.number}`;
    await mention("make this a ticket", BLUE_SAM, BLUEFIN, parent.ts);
    await h.slack.waitForMethod("chat.postEphemeral", (b) => b.user === BLUE_SAM && b.thread_ts === parent.ts && String(b.text).includes(already));
    checked.add("create_ticket");

    // /escalate, by someone allowed to escalate (internal IT of the other organisation)
    await as("ticket.escalate");
    const prefix = (await h.db.prisma.client.findUniqueOrThrow({ where: { id: "demo" } })).ticketPrefix;
    await mention(`escalate ${prefix}-${ticket.number} sev2 nobody can scan invoices`);
    await until(async () => ((await h.db.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).escalatedAt ? true : null));
    checked.add("/escalate");

    // /incident: start (an MSP lead), acknowledge (the MSP), list, resolve; and the card's Acknowledge button
    await as("incident.start");
    ts = await mention("incident sev1 ransomware files encrypted on FS02");
    const incident = await until(() => h.db.prisma.incident.findFirst({ where: { summary: { contains: "FS02" } } }));
    await as("incident.acknowledge");
    const card = await until(() => h.db.prisma.postedMessage.findUnique({ where: { key: `incident:${incident.id}` } }));
    const cardPost = await h.slack.waitForMethod("chat.postMessage", (b) => b.channel === CHANNEL && !b.thread_ts && JSON.stringify(blocksOf(b)).includes("FS02"));
    const ack = slackElements(blocksOf(cardPost)).find((e) => String(e.action_id).startsWith("incident-ack"));
    expect(ack).toBeDefined();
    await click(ack, card.messageId);
    await until(async () => ((await h.db.prisma.incident.findUniqueOrThrow({ where: { id: incident.id } })).ackedAt ? true : null));
    await as("incident.list");
    ts = await mention("incident list");
    expect(String((await answerTo(ts)).text)).toContain("FS02");
    await as("incident.status");
    await mention("incident resolve contained and restored");
    await until(() => h.db.prisma.incident.findFirst({ where: { id: incident.id, status: "resolved" } }));
    checked.add("/incident");

    // Every command and shortcut in the manifest was covered above.
    const declared = [...manifest.features.slash_commands.map((c: { command: string }) => c.command), ...manifest.features.shortcuts.map((s: { callback_id: string }) => s.callback_id)];
    expect([...checked].sort()).toEqual([...declared].sort());
    // Nothing Slack refused (no DM to Bluefin's workspace, no missing scope).
    expect(h.slack.refused()).toEqual([]);
    await drained(h);
    await h.db.prisma.person.updateMany({ where: { platform: "slack", userId: BLUE_SAM }, data: { roles: ["msp-tech"] } });
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
