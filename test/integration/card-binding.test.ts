// A card's buttons carry its key; the key is bound on the server to where the card was posted. A click naming a card
// of another conversation (another client's channel included) is refused and audited, and nothing of that card
// changes. In Teams a refused click is answered to the person who clicked, not with "Done.".
import type { Harness } from "../support/harness";
import { mentionEvent, type SlackUser } from "../support/slack-requests";
import { teamsExecute, teamsMessage } from "../support/teams-activities";
import { ALEX, BOB, TEAMS_ALEX, slackClick, startTicketHarness, ticketRow, until } from "./tickets-support";

const ACME_IT: SlackUser = { id: "UACMEIT", team: "T1", name: "acme-it" };
const GUEST: SlackUser = { id: "UGUEST", team: "TOTHERORG", name: "guest" };

describe.each(["pglite", "postgres"] as const)("card buttons are bound to their conversation [%s]", (kind) => {
  let h: Harness;
  beforeAll(async () => {
    ({ h } = await startTicketHarness({ kind }));
    await h.db.prisma.client.create({ data: { id: "acme", name: "Acme", ticketPrefix: "AC" } });
    await h.db.prisma.channel.createMany({
      data: [
        { clientId: "acme", platform: "slack", externalId: "CACME", teamId: "T1" },
        { clientId: "acme", platform: "teams", externalId: "19:acme@thread.tacv2", teamId: "tenant-1" },
      ],
    });
    await h.db.prisma.person.createMany({
      data: [
        { clientId: "acme", platform: "slack", teamId: "T1", userId: ACME_IT.id, displayName: "Acme IT", roles: ["internal-it"] },
        { clientId: "acme", platform: "teams", teamId: "tenant-1", userId: TEAMS_ALEX.aadObjectId, displayName: "Alex at Acme", roles: ["internal-it"] },
      ],
    });
  });
  afterAll(async () => h?.stop());

  test("Slack: tickets-more from client B's channel with client A's card key is refused; A's card is untouched", async () => {
    await h.slackEvent(mentionEvent("ticket the payroll export fails", { user: BOB, ts: "1700000100.000100" }));
    const t = await until(async () => (await ticketRow(h, 1)) ?? null);
    const posted = await until(() => h.db.prisma.postedMessage.findUnique({ where: { key: `ticket:${t.id}` } }));
    const updatesBefore = h.slack.method("chat.update").length;

    await h.slackForm(slackClick("tickets-more", { scope: "open", offset: "0", card: `ticket:${t.id}` }, { user: ACME_IT, channel: "CACME" }));
    const told = await h.slack.waitForMethod("chat.postEphemeral", (b) => b.user === ACME_IT.id);
    expect(told.text).toBe("That button belongs to a card in another conversation, so it can't be used here.");
    expect(told.channel).toBe("CACME");
    await h.settle();
    expect(h.slack.method("chat.update").slice(updatesBefore).filter((c) => c.body.ts === posted.messageId)).toEqual([]);
    const audit = await h.db.prisma.auditLog.findFirstOrThrow({ where: { action: "card.elsewhere", outcome: "refused" } });
    expect(audit).toMatchObject({ clientId: "acme", actor: "slack:T1:UACMEIT", place: "slack:CACME" });
    expect(audit.detail).toMatchObject({ button: "tickets-more", card: `ticket:${t.id}` });
  });

  test("Slack: the same card's own buttons still work where it was posted", async () => {
    const t = (await ticketRow(h, 1))!;
    await h.slackForm(slackClick("ticket-take", { ticket: t.id, card: `ticket:${t.id}` }, { user: ALEX }));
    await until(async () => (await ticketRow(h, 1))!.ownerName === ALEX.name);
  });

  test("Teams: a click in client B's channel naming client A's card is answered with the refusal, not Done.", async () => {
    const opened = teamsMessage("ticket projector in room 4 flickers", { serviceUrl: h.connector.serviceUrl });
    await h.teams(opened);
    const t = await until(() => h.db.prisma.ticket.findFirst({ where: { clientId: "demo", title: "projector in room 4 flickers" } }));
    await until(() => h.db.prisma.postedMessage.findUnique({ where: { key: `ticket:${t.id}` } }));
    await until(async () => (await h.db.prisma.outboxMessage.count({ where: { status: { in: ["pending", "sending"] } } })) === 0);
    const sent = h.connector.sent().length;
    const res = await h.teams(
      teamsExecute("tickets-more", { scope: "open", offset: "0", card: `ticket:${t.id}` }, { serviceUrl: h.connector.serviceUrl, conversationId: "19:acme@thread.tacv2", from: TEAMS_ALEX }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ statusCode: 200, type: "application/vnd.microsoft.activity.message", value: "That button belongs to a card in another conversation, so it can't be used here." });
    await h.settle();
    expect(h.connector.updates()).toEqual([]);
    expect(h.connector.sent()).toHaveLength(sent);
  });

  test("Teams: a click the table refuses is answered with who can do it, not Done.", async () => {
    const t = (await h.db.prisma.ticket.findFirst({ where: { clientId: "demo", title: "projector in room 4 flickers" } }))!;
    const res = await h.teams(teamsExecute("ticket-take", { ticket: t.id, card: `ticket:${t.id}` }, { serviceUrl: h.connector.serviceUrl }));
    expect((await res.json()).value).toBe("Only internal IT, the MSP or a Tandem admin can take a ticket. Ask one of them.");
    expect(await h.db.prisma.ticketEvent.count({ where: { ticketId: t.id, type: "taken" } })).toBe(0);
  });

  test("a resolved ticket is reopened by its side or the person who opened it, not by a guest or other staff", async () => {
    const t = (await ticketRow(h, 1))!;
    const value = { ticket: t.id, card: `ticket:${t.id}` };
    await h.slackForm(slackClick("ticket-resolve", value, { user: ALEX, inputs: { note: "export fixed" } }));
    await until(async () => (await ticketRow(h, 1))!.status === "resolved");

    await h.slackForm(slackClick("ticket-reopen", value, { user: GUEST }));
    const guestTold = await h.slack.waitForMethod("chat.postEphemeral", (b) => b.user === GUEST.id);
    expect(guestTold.text).toBe("Only internal IT, the MSP, a Tandem admin or the person who opened it can reopen a ticket. You have no role at Maple Ridge in Tandem: ask their IT team to add you.");
    const other: SlackUser = { id: "UOTHERSTAFF", team: "T1" };
    await h.slackForm(slackClick("ticket-reopen", value, { user: other }));
    await h.slack.waitForMethod("chat.postEphemeral", (b) => b.user === other.id && /can reopen a ticket/.test(b.text));
    await h.settle();
    expect((await ticketRow(h, 1))!.status).toBe("resolved");
    expect(await h.db.prisma.auditLog.count({ where: { action: "ticket.reopen", outcome: "refused" } })).toBe(2);

    await h.slackForm(slackClick("ticket-reopen", value, { user: BOB }));
    await until(async () => (await ticketRow(h, 1))!.status === "open");
  });
});
