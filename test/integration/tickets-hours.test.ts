// Block hours end to end: MSP time logged on tickets draws the bank down, the balance shows on MSP-side cards and
// in the hours command, and the warning is said once per crossing. Both databases.
import type { Harness } from "../support/harness";
import { mentionEvent } from "../support/slack-requests";
import { teamsMessage } from "../support/teams-activities";
import { PrismaHourBank } from "../../src/adapters/db/hours-repo";
import { ALEX, BOB, BUSINESS, NIA, TEAMS_ALEX, blocksOf, slackClick, startTicketHarness, ticketRow, until } from "./tickets-support";

const DAY = 24 * 3600_000;

describe.each(["pglite", "postgres"] as const)("block hours [%s]", (kind) => {
  let h: Harness;
  let clock: { at: Date };
  beforeAll(async () => {
    ({ h, clock } = await startTicketHarness({ kind }));
    await new PrismaHourBank(h.db.prisma).record("demo", { minutes: 600, note: "10h block", ticketId: null, actor: "test", at: new Date(BUSINESS.getTime() - DAY) });
  });
  afterAll(async () => {
    await h.stop();
  });
  const balance = async () => (await h.db.prisma.hourEntry.aggregate({ where: { clientId: "demo" }, _sum: { minutes: true } }))._sum.minutes;
  const warnings = () => h.slack.method("chat.postMessage").filter((c) => String(c.body.text).includes("Block hours are running low"));

  test("MSP time draws the bank down; the MSP-side card shows what is left; the warning comes once per crossing", async () => {
    await h.slackEvent(mentionEvent("ticket VPN drops every few minutes", { ts: "1700000700.000100", user: ALEX }));
    const t = await until(() => ticketRow(h, 1));
    expect(t.court).toBe("msp");
    const value = { ticket: t.id, card: `ticket:${t.id}` };

    await h.slackEvent(mentionEvent("log 7h HL-1 replaced the firewall", { user: NIA }));
    await h.slack.waitForMethod("chat.postEphemeral", (b) => String(b.text).includes("Logged 7h on HL-1"));
    expect(await balance()).toBe(180);
    const card = await h.slack.waitForMethod("chat.update", (b) => String(b.blocks).includes("Block hours left"));
    expect(card.blocks).toContain("*Block hours left*\\n3h");
    expect(warnings()).toHaveLength(0);

    clock.at = new Date(BUSINESS.getTime() + 3600_000);
    await h.slackForm(slackClick("ticket-note", value, { user: NIA, inputs: { time: "1h 30m", note: "tuned the tunnels" } }));
    const warning = await h.slack.waitForMethod("chat.postMessage", (b) => String(b.text).includes("Block hours are running low"));
    expect(warning.text).toContain("1h 30m left of 10h (15%, warning at 20%)");
    expect(warning.text).toContain(`<@${ALEX.id}>`);
    expect(warning.thread_ts).toBe("1700000700.000100");
    expect(await balance()).toBe(90);

    await h.slackForm(slackClick("ticket-note", value, { user: NIA, inputs: { time: "30m" } }));
    await until(async () => (await balance()) === 60);
    await new Promise((r) => setTimeout(r, 300));
    expect(warnings()).toHaveLength(1);

    // A top-up lifts it above the line; the next crossing warns again.
    await new PrismaHourBank(h.db.prisma).record("demo", { minutes: 600, note: "top-up", ticketId: null, actor: "test", at: clock.at });
    await h.slackEvent(mentionEvent("log 9h HL-1", { user: NIA }));
    await until(async () => warnings().length === 2);
    expect(warnings()[1].body.text).toContain("2h left of 11h");

    const events = (await ticketRow(h, 1))!.events.filter((e) => e.type === "time");
    expect(events.map((e) => e.minutes)).toEqual([420, 90, 30, 540]);
  });

  test("internal IT's time is recorded on the ticket but does not touch the bank; staff cannot log time", async () => {
    const before = await balance();
    await h.slackEvent(mentionEvent("log 45m HL-1 checked the cabling", { user: ALEX }));
    await h.slack.waitForMethod("chat.postEphemeral", (b) => String(b.text).includes("Logged 45m on HL-1"));
    expect(await balance()).toBe(before);
    expect((await ticketRow(h, 1))!.events.filter((e) => e.type === "time").at(-1)).toMatchObject({ minutes: 45, actor: "Alex Example" });

    await h.slackEvent(mentionEvent("log 30m HL-1", { user: BOB }));
    await h.slack.waitForMethod("chat.postEphemeral", (b) => b.user === BOB.id && String(b.text).includes("Only internal IT, the MSP or a Tandem admin can log time on a ticket"));
  });

  test("an unreadable duration is explained", async () => {
    const t = (await ticketRow(h, 1))!;
    await h.slackForm(slackClick("ticket-note", { ticket: t.id, card: `ticket:${t.id}` }, { user: NIA, inputs: { time: "a while" } }));
    await h.slack.waitForMethod("chat.postEphemeral", (b) => b.user === NIA.id && String(b.text).includes("Say how long, e.g. 30m"));
  });

  test('"log" without a ticket or without a time says what is missing, not "the matrix does not name this"', async () => {
    await h.slackEvent(mentionEvent("log 30m", { ts: "1700000750.000100", user: NIA }));
    await h.slack.waitForMethod("chat.postEphemeral", (b) => b.user === NIA.id && String(b.text).includes('Say which ticket, e.g. "log 30m HL-42"'));
    await h.slackEvent(mentionEvent("log HL-1", { ts: "1700000751.000100", user: NIA }));
    await h.slack.waitForMethod("chat.postEphemeral", (b) => b.user === NIA.id && String(b.text).includes("Say how long, e.g. 30m"));
    // Neither was taken for a question.
    const asked = h.slack.method("chat.postMessage").filter((c) => ["1700000750.000100", "1700000751.000100"].includes(String(c.body.thread_ts)));
    expect(asked).toEqual([]);
    // A question that starts with "log" is still a question.
    await h.slackEvent(mentionEvent("log in to Outlook fails on win-11 laptops?", { ts: "1700000752.000100", user: NIA }));
    await h.slack.waitForMethod("chat.postMessage", (b) => b.thread_ts === "1700000752.000100");
  });

  test('"hours" shows the balance card on Slack and on Teams', async () => {
    await h.slackEvent(mentionEvent("hours", { ts: "1700000800.000100", user: ALEX }));
    const post = await h.slack.waitForMethod("chat.postMessage", (b) => b.thread_ts === "1700000800.000100");
    const blocks = blocksOf(post);
    expect(blocks[0].text.text).toContain("MSP block hours");
    expect(blocks[1].text.text).toContain("*2h* left");
    expect(JSON.stringify(blocks)).toContain("top-up");

    await h.teams(teamsMessage("hours", { serviceUrl: h.connector.serviceUrl, from: TEAMS_ALEX }));
    const reply = await h.connector.waitForActivity((a) => JSON.stringify(a.attachments ?? []).includes("MSP block hours"));
    const card = reply.body.attachments[0].content;
    // Low: said in a tinted block, not in red body text (which fails contrast in Teams' themes).
    expect(card.body[1].columns[0].items[0]).toMatchObject({ text: "2h" });
    expect(JSON.stringify(card.body)).toContain("Below the");
  });
});
