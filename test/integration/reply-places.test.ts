// Replies go to the conversation where the person acted: 1:1 and group chats are never threaded (Teams refuses a
// thread id there), a command typed in a channel thread is answered in that thread, and the item's own card is
// updated wherever it lives. Teams through the fake Bot Connector, Slack through the fake Web API.
import type { Harness } from "../support/harness";
import { teamsExecute, teamsMessage } from "../support/teams-activities";
import { dmEvent, mentionEvent } from "../support/slack-requests";
import { ALEX, BUSINESS, TEAMS_ALEX, cardOfActivity, startTicketHarness, teamsActions, ticketRow, until, type Clocked } from "./tickets-support";

const CARD = "application/vnd.microsoft.card.adaptive";
const MIN = 60_000;
const path = (c: { path: string }) => decodeURIComponent(c.path);

describe.each(["pglite", "postgres"] as const)("where replies go [%s]", (kind) => {
  let h: Harness;
  let clock: Clocked["clock"];
  beforeAll(async () => {
    ({ h, clock } = await startTicketHarness({ kind }));
  });
  afterAll(async () => {
    await h.stop();
  });
  const where = (extra: object = {}) => ({ serviceUrl: h.connector.serviceUrl, from: TEAMS_ALEX, ...extra });
  const failedSends = () => h.db.prisma.outboxMessage.findMany({ where: { status: "failed" } });

  test("Teams 1:1 chat: who-handles, then Open a ticket: the ticket card lands in the same chat, not in a thread", async () => {
    const dm = "a:dm-alex-who";
    await h.teams(teamsMessage("who handles a printer that won't print?", where({ personal: true, conversationId: dm })));
    const answer = await h.connector.waitForActivity((a, c) => path(c).includes(dm) && a.attachments?.[0]?.contentType === CARD);
    expect(path(answer)).not.toContain(";messageid=");
    const card = cardOfActivity(answer.body);
    const open = [...(card.actions ?? []), ...teamsActions(card)].find((a: any) => a.verb === "ticket-open");
    expect(open).toBeDefined();

    // The click comes from the card: Teams sends it with the card's activity id as replyToId.
    const res = await h.teams(teamsExecute("ticket-open", open.data, where({ personal: true, conversationId: dm, replyToId: "card-activity-1" })));
    expect(res.status).toBe(200);
    const ticketCard = await h.connector.waitForActivity((a, c) => path(c).includes(dm) && JSON.stringify(a).includes("HL-1 ·"));
    expect(path(ticketCard)).toMatch(/\/v3\/conversations\/a:dm-alex-who\/activities$/);
    expect(await failedSends()).toEqual([]);
    const row = await ticketRow(h, 1);
    expect(row?.categoryId).toBe("printers-scanners");
  });

  test("Teams group chat: a ticket asked for in the chat is posted in the chat, unthreaded, and delivered", async () => {
    const group = "19:group-chat-floor2@thread.v2";
    await h.teams(teamsMessage("ticket the meeting room projector shows no picture", where({ group: true, conversationId: group })));
    const card = await h.connector.waitForActivity((a, c) => path(c).includes(group) && JSON.stringify(a).includes("projector shows no picture"));
    expect(path(card)).not.toContain(";messageid=");
    expect(await failedSends()).toEqual([]);
  });

  test("Teams: escalate typed in a channel thread is announced in that thread; the ticket's card in the 1:1 chat is updated; re-pages follow the thread", async () => {
    const thread = "19:shared@thread.tacv2;messageid=root-escalate";
    const before = h.connector.calls.length;
    await h.teams(teamsMessage("escalate HL-1 1 every printer on floor 2 is down", where({ conversationId: thread })));
    const notice = await h.connector.waitForActivity((a, c) => h.connector.calls.indexOf(c) >= before && String(a.text ?? "").includes("please acknowledge HL-1"));
    expect(path(notice)).toContain(thread);
    // The card lives in the 1:1 chat where HL-1 was opened: updated there, in place.
    const update = await h.connector.waitFor((c) => c.method === "PUT" && h.connector.calls.indexOf(c) >= before);
    expect(path(update)).toContain("/v3/conversations/a:dm-alex-who/activities/");
    expect(JSON.stringify(update.body)).toContain("with the MSP");
    // Nothing new was posted into the 1:1 chat.
    expect(h.connector.sent().filter((c) => h.connector.calls.indexOf(c) >= before && path(c).includes("a:dm-alex-who"))).toEqual([]);

    // Nobody acknowledges: the re-page is announced where the escalation was raised.
    const t = (await ticketRow(h, 1))!;
    const job = await until(() => h.db.prisma.job.findFirst({ where: { kind: "ticket-ack-timeout", status: "pending", key: { contains: t.id } } }));
    const mark = h.connector.calls.length;
    clock.at = new Date(job.runAt.getTime() + MIN);
    const repage = await h.connector.waitForActivity((a, c) => h.connector.calls.indexOf(c) >= mark && String(a.text ?? "").includes("was not acknowledged"), 15_000);
    expect(path(repage)).toContain(thread);
    expect(await failedSends()).toEqual([]);
    clock.at = BUSINESS;
  });

  test("Slack: escalate typed in a channel thread is answered in that thread; the DM's ticket card is updated in place", async () => {
    await h.slackEvent(dmEvent("ticket the badge reader at the back door is dead", { channel: "DALEX", user: ALEX }));
    const card = await h.slack.waitForMethod("chat.postMessage", (b) => b.channel === "DALEX" && String(b.blocks ?? "").includes("badge reader"));
    expect(card.thread_ts).toBeUndefined();
    const number = (await h.db.prisma.ticket.findFirst({ where: { title: "the badge reader at the back door is dead" } }))!.number;

    await h.slackEvent(mentionEvent(`escalate HL-${number} 2 nobody can get in`, { channel: "C1", user: ALEX, thread_ts: "1790000000.999999" }));
    // The channel notice (the paged person's direct message says the same and may go out first).
    const notice = await h.slack.waitForMethod("chat.postMessage", (b) => b.channel === "C1" && String(b.text).includes(`please acknowledge HL-${number}`));
    expect(notice).toMatchObject({ channel: "C1", thread_ts: "1790000000.999999" });
    const update = await h.slack.waitForMethod("chat.update", (b) => String(b.blocks ?? "").includes("badge reader"));
    expect(update.channel).toBe("DALEX");
  });
});
