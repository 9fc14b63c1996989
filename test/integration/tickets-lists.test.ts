// "open tickets" and "my tickets": ten at a time, More shows the next ten in the same message. Both platforms,
// both databases. Also: a question that starts with "my" is not mistaken for the command.
import type { Harness } from "../support/harness";
import { mentionEvent } from "../support/slack-requests";
import { teamsExecute, teamsMessage } from "../support/teams-activities";
import { PrismaTicketRepository } from "../../src/adapters/db/ticket-repo";
import { ALEX, BUSINESS, TEAMS_ALEX, blocksOf, slackButton, slackClick, startTicketHarness, teamsAction } from "./tickets-support";

const place = { channel: { platform: "slack" as const, id: "C1", teamId: "T1", isDirect: false } };

describe.each(["pglite", "postgres"] as const)("ticket lists [%s]", (kind) => {
  let h: Harness;
  beforeAll(async () => {
    ({ h } = await startTicketHarness({ kind }));
    const repo = new PrismaTicketRepository(h.db.prisma);
    for (let i = 1; i <= 12; i++) {
      const mine = i <= 2;
      await repo.create({
        clientId: "demo", title: `problem number ${i}`, body: `problem number ${i}`, categoryId: null, severity: 3, court: i % 3 === 0 ? "msp" : "internal",
        ownerId: null, ownerName: null, requester: null, sourceKey: null, sourceLink: null, createdBy: mine ? "slack:T1:UALEX" : "slack:T1:UOTHER", place, at: BUSINESS,
        events: [{ type: "created", actor: "test", toCourt: i % 3 === 0 ? "msp" : "internal", at: BUSINESS }],
      });
    }
  });
  afterAll(async () => {
    await h.stop();
  });

  test("Slack: open tickets shows 10 and a More button; More edits the same message to show the rest", async () => {
    await h.slackEvent(mentionEvent("open tickets", { ts: "1700000900.000100", user: ALEX }));
    const post = await h.slack.waitForMethod("chat.postMessage", (b) => b.thread_ts === "1700000900.000100");
    const blocks = blocksOf(post);
    expect(blocks[0].text.text).toBe("Open tickets");
    expect(blocks[1].elements[0].text).toBe("1–10 of 12");
    expect(blocks.filter((b) => b.type === "section")).toHaveLength(10);
    const more = JSON.parse(slackButton(blocks, "tickets-more").value);
    expect(more).toMatchObject({ scope: "open", offset: "10" });

    await h.slackForm(slackClick("tickets-more", more, { user: ALEX }));
    const upd = await h.slack.waitForMethod("chat.update", (b) => String(b.blocks).includes("11–12 of 12"));
    const page2 = blocksOf(upd);
    expect(page2.filter((b) => b.type === "section").map((b) => b.text.text.split("\n")[0])).toEqual(["*HL-11* problem number 11", "*HL-12* problem number 12"]);
    expect(slackButton(page2, "tickets-more")).toBeUndefined();
  });

  test("Slack: my tickets and a court filter", async () => {
    await h.slackEvent(mentionEvent("my tickets", { ts: "1700000910.000100", user: ALEX }));
    const mine = blocksOf(await h.slack.waitForMethod("chat.postMessage", (b) => b.thread_ts === "1700000910.000100"));
    expect(mine[0].text.text).toBe("Your open tickets");
    expect(mine.filter((b) => b.type === "section")).toHaveLength(2);

    await h.slackEvent(mentionEvent("open tickets msp", { ts: "1700000920.000100", user: ALEX }));
    const msp = blocksOf(await h.slack.waitForMethod("chat.postMessage", (b) => b.thread_ts === "1700000920.000100"));
    expect(msp[1].elements[0].text).toBe("1–4 of 4");
  });

  test("Teams: open tickets, then More answers with page two in the invoke response", async () => {
    // The client's whole list is for internal IT, the MSP and admins.
    await h.teams(teamsMessage("open tickets", { serviceUrl: h.connector.serviceUrl, from: TEAMS_ALEX }));
    const reply = await h.connector.waitForActivity((a) => JSON.stringify(a.attachments ?? []).includes("1–10 of 12"));
    const card = reply.body.attachments[0].content;
    const more = teamsAction(card, "tickets-more");
    expect(more.data.card).toMatch(/^ticket-list:/);
    const res = await h.teams(teamsExecute("tickets-more", more.data, { serviceUrl: h.connector.serviceUrl, from: TEAMS_ALEX }));
    const page2 = (await res.json()).value;
    expect(JSON.stringify(page2)).toContain("11–12 of 12");
    expect(teamsAction(page2, "tickets-more")).toBeUndefined();
  });

  test('a question starting with "my" still goes to who-handles, not to the ticket list', async () => {
    await h.slackEvent(mentionEvent("my printer will not print?", { ts: "1700000930.000100" }));
    const answer = await h.slack.waitForMethod("chat.postMessage", (b) => b.thread_ts === "1700000930.000100");
    expect(String(answer.blocks)).not.toContain("open tickets");
    expect(String(answer.blocks)).toContain("Printers");
  });
});
