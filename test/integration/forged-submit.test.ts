// What a Teams client writes itself is not trusted. A card's Action.Submit arrives as a message activity whose `value`
// the sender's client writes: a card key in it is bound to its conversation like an Action.Execute's, so a submit
// naming a card posted in another conversation (another client's channel) is refused and audited, and that card is
// not rewritten. The Create ticket message action's link to the message is likewise the client's: only a link into
// Teams becomes the ticket card's "Open the original message" button, never an address someone typed in.
import type { Harness } from "../support/harness";
import { mentionEvent } from "../support/slack-requests";
import { teamsMessage, teamsMessageAction } from "../support/teams-activities";
import { BOB, TEAMS_ALEX, cardOfActivity, startTicketHarness, ticketRow, until } from "./tickets-support";

/** A card's Action.Submit as Teams delivers it: a message with no text and the button's data as `value`. */
function teamsSubmit(data: Record<string, string>, w: { serviceUrl: string; conversationId: string }) {
  const { text: _text, entities: _entities, ...a } = teamsMessage("", { ...w, from: TEAMS_ALEX });
  return { ...a, replyToId: "card-1", value: data };
}

describe("a forged Teams Action.Submit cannot rewrite another client's card", () => {
  let h: Harness;
  beforeAll(async () => {
    ({ h } = await startTicketHarness({ kind: "pglite" }));
    await h.db.prisma.client.create({ data: { id: "acme", name: "Acme", ticketPrefix: "AC" } });
    await h.db.prisma.channel.create({ data: { clientId: "acme", platform: "teams", externalId: "19:acme@thread.tacv2", teamId: "tenant-1" } });
    await h.db.prisma.person.create({
      data: { clientId: "acme", platform: "teams", teamId: "tenant-1", userId: TEAMS_ALEX.aadObjectId, displayName: "Alex at Acme", roles: ["internal-it"] },
    });
  });
  afterAll(async () => h?.stop());

  test("tickets-more submitted in Acme's channel naming the demo client's ticket card is refused; that card is untouched", async () => {
    await h.slackEvent(mentionEvent("ticket the payroll export fails", { user: BOB, ts: "1700000100.000100" }));
    const t = await until(async () => (await ticketRow(h, 1)) ?? null);
    const posted = await until(() => h.db.prisma.postedMessage.findUnique({ where: { key: `ticket:${t.id}` } }));
    await until(async () => (await h.db.prisma.outboxMessage.count({ where: { status: { in: ["pending", "sending"] } } })) === 0);
    const updatesBefore = h.slack.method("chat.update").length;

    const res = await h.teams(teamsSubmit({ verb: "tickets-more", scope: "open", offset: "0", card: `ticket:${t.id}` }, { serviceUrl: h.connector.serviceUrl, conversationId: "19:acme@thread.tacv2" }));
    expect(res.status).toBe(200);
    await h.settle();
    await until(async () => (await h.db.prisma.outboxMessage.count({ where: { status: { in: ["pending", "sending"] } } })) === 0);
    expect(h.slack.method("chat.update").slice(updatesBefore).filter((c) => c.body.ts === posted.messageId)).toEqual([]);
    const audit = await h.db.prisma.auditLog.findFirst({ where: { action: "card.elsewhere", outcome: "refused" } });
    expect(audit).toMatchObject({ clientId: "acme", place: "teams:19:acme@thread.tacv2" });
    expect(audit!.detail).toMatchObject({ button: "tickets-more", card: `ticket:${t.id}` });
  });

  test("Create ticket with a link that is not into Teams: the ticket keeps no link and its card has no button to it", async () => {
    const where = { serviceUrl: h.connector.serviceUrl, conversationId: "19:shared@thread.tacv2", from: TEAMS_ALEX };
    const forged = teamsMessageAction({ id: "1790000500001", text: "The badge reader at the back door is dead" }, where) as any;
    forged.value.messagePayload.linkToMessage = "https://teams-login.example.net/l/message/19:shared@thread.tacv2/1790000500001";
    await h.teams(forged);
    const sent = await h.connector.waitForActivity((a) => JSON.stringify(a).includes("badge reader at the back door"));
    expect(JSON.stringify(cardOfActivity(sent.body))).not.toContain("teams-login.example.net");
    const t = await until(() => h.db.prisma.ticket.findFirst({ where: { clientId: "demo", title: { contains: "badge reader" } } }));
    expect(t.sourceLink).toBeNull();

    // A real one is kept.
    const real = teamsMessageAction({ id: "1790000500002", text: "The lobby screen shows last week's menu" }, where);
    await h.teams(real);
    const kept = await until(() => h.db.prisma.ticket.findFirst({ where: { clientId: "demo", title: { contains: "lobby screen" } } }));
    expect(kept.sourceLink).toBe("https://teams.microsoft.com/l/message/19:shared@thread.tacv2/1790000500002");
  });
});
