// "@Tandem ticket this" in a message's thread: the Create ticket shortcut by @mention, for the other organisation in
// a Slack Connect channel (Bluefin, T0BLUEFIN, has not installed Tandem; Maple Ridge, T0MAPLE01, has). Tandem reads
// the thread's first message back through the fake Web API's conversations.history, which refuses as Slack does.
// Teams has no such reader: there the Create ticket message action is the way.
import { startHarness, type Harness } from "../support/harness";
import { fixture } from "../support/fixtures";
import { blocksOf } from "../support/cards";
import { nextId, shortcutForm } from "../support/slack-requests";
import { until } from "../support/wait";
import { teamsMessage } from "../support/teams-activities";

const MAPLE = "T0MAPLE01";
const BLUEFIN = "T0BLUEFIN";
const CHANNEL = "C0SHAREDIT";
const BLUE_SAM = "U0BLUESAM";
const BLUE_KIM = "U0BLUEKIM";
const ALEX = "U0MAPLEALEX";

describe("ticket this: a message made a ticket by @mention in its thread (Slack Connect)", () => {
  let h: Harness;
  /** The Bluefin message from the conversations.history fixture, in the fake's channel. */
  const parent = fixture("slack/connect-history-external-message.json").messages[0];

  beforeAll(async () => {
    h = await startHarness({ kind: "pglite", clock: { now: () => new Date("2026-09-08T14:00:00Z") } });
    h.slack.installedTeams.clear();
    h.slack.installedTeams.add(MAPLE);
    h.slack.userTeams.set(BLUE_SAM, BLUEFIN);
    h.slack.userTeams.set(BLUE_KIM, BLUEFIN);
    h.slack.addMessage(CHANNEL, parent);
    await h.db.prisma.person.deleteMany({ where: { clientId: "demo", platform: "slack", userId: "U03SAM" } });
    await h.db.prisma.person.createMany({
      data: [
        { clientId: "demo", platform: "slack", teamId: MAPLE, userId: ALEX, displayName: "Alex Example", roles: ["internal-it"] },
        { clientId: "demo", platform: "slack", teamId: BLUEFIN, userId: BLUE_SAM, displayName: "Sam Sample", roles: ["msp-tech"] },
        { clientId: "demo", platform: "slack", teamId: BLUEFIN, userId: BLUE_KIM, displayName: "Kim Bluefin", roles: ["msp-tech"] },
      ],
    });
  });
  afterAll(async () => {
    await h.stop();
  });

  /** The Slack Connect app_mention fixture with this text, sender and thread, signed and posted to /slack/events. */
  const mention = async (text: string, opts: { user?: string; team?: string; thread?: string; channel?: string } = {}) => {
    const body = fixture("slack/connect-app-mention-external.json");
    const team = opts.team ?? BLUEFIN;
    const ts = `${(Date.now() / 1000).toFixed(6)}`;
    Object.assign(body.event, { text: `<@U0TANDEMBOT> ${text}`, user: opts.user ?? BLUE_KIM, user_team: team, source_team: team, team, ts, event_ts: ts, thread_ts: opts.thread });
    if (opts.channel) body.event.channel = opts.channel;
    body.event_id = nextId("Ev");
    const res = await h.slackPost(JSON.stringify(body), "application/json");
    expect(res.status).toBe(200);
    return ts;
  };
  const answerTo = async (ts: string, method: "chat.postMessage" | "chat.postEphemeral") => h.slack.waitForMethod(method, (b) => b.thread_ts === ts);
  const answerIn = async (thread: string, method: "chat.postMessage" | "chat.postEphemeral", after: number) =>
    (await h.slack.waitFor((c) => c.path === `/api/${method}` && !c.refused && c.body.thread_ts === thread && h.slack.calls.indexOf(c) >= after)).body;

  test("Bluefin's engineer says \"ticket this\" in the thread of a Bluefin message: the ticket is that message, its requester its author, its card in that thread", async () => {
    const before = h.slack.calls.length;
    await mention("ticket this: the Auckland warehouse has it too", { thread: parent.ts });
    const t = await until(() => h.db.prisma.ticket.findFirst({ where: { title: { startsWith: "The label printer in the Hamilton warehouse" } } }));
    // The requester is the message's author (Sam, found in his own workspace), not the person who asked (Kim).
    expect(t).toMatchObject({ requester: "Sam Sample", createdBy: `slack:${BLUEFIN}:${BLUE_KIM}`, body: parent.text, sourceKey: `slack:${CHANNEL}:${parent.ts}` });
    expect(t.sourceLink).toContain(parent.ts.replace(".", ""));
    // Read as Slack documents it: one message, by its ts, from the channel the mention came from.
    const read = h.slack.method("conversations.history").find((c) => h.slack.calls.indexOf(c) >= before)!;
    expect(read.body).toMatchObject({ channel: CHANNEL, latest: parent.ts, oldest: parent.ts, inclusive: "true", limit: "1" });
    const card = await answerIn(parent.ts, "chat.postMessage", before);
    expect(card.channel).toBe(CHANNEL);
    expect(JSON.stringify(blocksOf(card))).toContain("label printer in the Hamilton warehouse");
    // The note after the colon is on the ticket's timeline, from the person who asked.
    const notes = await h.db.prisma.ticketEvent.findMany({ where: { ticketId: t.id, type: "note" } });
    expect(notes.map((n) => n.text)).toEqual(["the Auckland warehouse has it too"]);
    expect(h.slack.refused()).toEqual([]);
  });

  test("asked again, by mention or by the shortcut: \"already ticket HL-n\", told to the person who asked, and no second ticket", async () => {
    const prefix = (await h.db.prisma.client.findUniqueOrThrow({ where: { id: "demo" } })).ticketPrefix;
    const t = await h.db.prisma.ticket.findFirstOrThrow({ where: { sourceKey: `slack:${CHANNEL}:${parent.ts}` } });
    const ts = await mention("make this a ticket", { user: BLUE_SAM, thread: parent.ts });
    const told = await h.slack.waitForMethod("chat.postEphemeral", (b) => b.user === BLUE_SAM && String(b.text).includes("already ticket"));
    expect(told.text).toContain(`That message is already ticket ${prefix}-${t.number}`);
    expect(told.channel).toBe(CHANNEL);
    expect(told.thread_ts).toBe(parent.ts);
    // Maple Ridge's Alex runs the Create ticket shortcut on the same message: the same ticket.
    await h.slackForm(shortcutForm("create_ticket", { ts: parent.ts, text: parent.text, user: BLUE_SAM }, { channel: CHANNEL, user: { id: ALEX, team: MAPLE, name: "alex" } }));
    await h.slack.waitForMethod("chat.postEphemeral", (b) => b.user === ALEX && String(b.text).includes(`already ticket ${prefix}-${t.number}`));
    expect(await h.db.prisma.ticket.count({ where: { title: { startsWith: "The label printer" } } })).toBe(1);
    expect(ts).toBeTruthy();
  });

  test("the shortcut first, then \"ticket this\": the mention finds the shortcut's ticket", async () => {
    const other = { ...parent, ts: "1772839200.000500", client_msg_id: "5d6e7f80-1a2b-4c3d-8e9f-0a1b2c3d4e5f", text: "Teams calls drop after 20 minutes on the guest Wi-Fi" };
    h.slack.addMessage(CHANNEL, other);
    await h.slackForm(shortcutForm("create_ticket", { ts: other.ts, text: other.text, user: BLUE_SAM }, { channel: CHANNEL, user: { id: ALEX, team: MAPLE, name: "alex" } }));
    const t = await until(() => h.db.prisma.ticket.findFirst({ where: { title: other.text } }));
    await mention("ticket this", { thread: other.ts });
    await h.slack.waitForMethod("chat.postEphemeral", (b) => b.user === BLUE_KIM && String(b.text).includes(`already ticket`) && String(b.text).includes(`-${t.number} `));
    expect(await h.db.prisma.ticket.count({ where: { title: other.text } })).toBe(1);
  });

  test("without the history scope: no ticket, and the thread is told which scope the admin must add", async () => {
    const other = { ...parent, ts: "1772839300.000600", client_msg_id: "6e7f8091-2b3c-4d4e-9f0a-1b2c3d4e5f60", text: "The badge reader at door 3 rejects every card" };
    h.slack.addMessage(CHANNEL, other);
    h.slack.scopes.delete("channels:history");
    try {
      const before = h.slack.calls.length;
      await mention("ticket this", { thread: other.ts });
      const said = await answerIn(other.ts, "chat.postMessage", before);
      expect(said.text).toContain("missing_scope");
      expect(said.text).toContain("`channels:history` scope");
      expect(said.text).toMatch(/admin/);
      // Slack refused it the documented way: missing_scope naming what is needed and what the token holds.
      const refused = h.slack.method("conversations.history").find((c) => h.slack.calls.indexOf(c) >= before && c.refused)!;
      expect(refused.refused).toBe("missing_scope");
      expect(await h.db.prisma.ticket.count({ where: { title: other.text } })).toBe(0);
    } finally {
      h.slack.scopes.add("channels:history");
    }
  });

  test("in a private channel the scope is groups:history: without it, that is the one named", async () => {
    const priv = "C0PRIVATEIT";
    const other = { ...parent, ts: "1772839310.000610", client_msg_id: "8091a2b3-4c5d-4e6f-9a0b-3c4d5e6f7081", text: "The finance share is read-only for everyone" };
    h.slack.addMessage(priv, other, { private: true });
    h.slack.scopes.delete("groups:history");
    try {
      const before = h.slack.calls.length;
      await mention("ticket this", { channel: priv, thread: other.ts });
      const said = await answerIn(other.ts, "chat.postMessage", before);
      expect(said.text).toContain("`groups:history` scope");
      expect(await h.db.prisma.ticket.count({ where: { title: other.text } })).toBe(0);
    } finally {
      h.slack.scopes.add("groups:history");
    }
    // With it (the manifest's scopes), the same request makes the ticket.
    await mention("ticket this", { channel: priv, thread: other.ts });
    await until(() => h.db.prisma.ticket.findFirst({ where: { title: other.text, requester: "Sam Sample" } }));
  });

  test("a thread whose first message Slack does not have (wrong or deleted ts): told so in the thread, no ticket", async () => {
    const before = h.slack.calls.length;
    const gone = "1772839400.000700";
    await mention("ticket this", { thread: gone });
    const said = await answerIn(gone, "chat.postMessage", before);
    expect(said.text).toContain("can't find the message this thread starts from");
    // Slack answered ok with no message for that ts.
    const read = h.slack.method("conversations.history").find((c) => h.slack.calls.indexOf(c) >= before)!;
    expect(read.refused).toBeUndefined();
    expect(await h.db.prisma.ticket.count({ where: { sourceKey: `slack:${CHANNEL}:${gone}` } })).toBe(0);
  });

  test("Slack's rate limit: no ticket, and the thread is told to try again", async () => {
    const other = { ...parent, ts: "1772839350.000650", client_msg_id: "7f809102-3c4d-4e5f-8a0b-2c3d4e5f6071", text: "The meeting room display in Hamilton shows no signal" };
    h.slack.addMessage(CHANNEL, other);
    h.slack.failNext("conversations.history", 1, 429, 60);
    const before = h.slack.calls.length;
    await mention("ticket this", { thread: other.ts });
    const said = await answerIn(other.ts, "chat.postMessage", before);
    expect(said.text).toContain("ratelimited");
    expect(said.text).toContain("Try again in a minute");
    expect(await h.db.prisma.ticket.count({ where: { title: other.text } })).toBe(0);
  });

  test("in a channel Slack does not know for Tandem: channel_not_found is said in the thread", async () => {
    const before = h.slack.calls.length;
    await mention("ticket this", { channel: "C0UNKNOWN", thread: "1772839500.000800" });
    const said = await answerIn("1772839500.000800", "chat.postMessage", before);
    expect(said.channel).toBe("C0UNKNOWN");
    expect(said.text).toContain("channel_not_found");
  });

  test("at top level (not in a thread): how to use it, told to the person; nothing read, no ticket", async () => {
    const before = h.slack.calls.length;
    const tickets = await h.db.prisma.ticket.count();
    const ts = await mention("ticket this");
    const told = await answerTo(ts, "chat.postEphemeral");
    expect(told.user).toBe(BLUE_KIM);
    expect(told.text).toContain("reply in its thread");
    expect(told.text).toContain("@Tandem ticket this");
    expect(h.slack.method("conversations.history").filter((c) => h.slack.calls.indexOf(c) >= before)).toEqual([]);
    expect(await h.db.prisma.ticket.count()).toBe(tickets);
  });

  test("help says how: \"ticket this\" and \"make this a ticket\", in the message's thread", async () => {
    const ts = await mention("help");
    const help = JSON.stringify(blocksOf(await answerTo(ts, "chat.postMessage")));
    expect(help).toContain("ticket this");
    expect(help).toContain("make this a ticket");
    expect(help).toContain("In a message's thread");
  });

  test("Teams (no reader of messages): \"ticket this\" in a thread points to the Create ticket message action, privately; no ticket", async () => {
    const tickets = await h.db.prisma.ticket.count();
    const before = h.connector.calls.length;
    await h.teams(teamsMessage("ticket this", { serviceUrl: h.connector.serviceUrl, conversationId: "19:shared@thread.tacv2;messageid=1790000400001" }));
    const told = await h.connector.waitForActivity((a, c) => h.connector.calls.indexOf(c) >= before && String(a.text ?? "").includes('"Create ticket"'));
    // Teams has no ephemeral message: the person's 1:1 chat, not the channel.
    expect(decodeURIComponent(told.path)).toMatch(/\/v3\/conversations\/a:/);
    expect(await h.db.prisma.ticket.count()).toBe(tickets);
  });

  test("\"ticket this laptop won't boot\" is still a new ticket with that text", async () => {
    const ts = await mention("ticket this laptop won't boot after the update", { user: BLUE_SAM });
    await until(() => h.db.prisma.ticket.findFirst({ where: { title: "this laptop won't boot after the update" } }));
    await h.slack.waitForMethod("chat.postMessage", (b) => b.thread_ts === ts && String(b.blocks ?? "").includes("laptop"));
  });
});
