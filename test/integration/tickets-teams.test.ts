// Tickets in Teams end to end: activities in, the fake Bot Connector out; card clicks answered in the invoke
// response. Both databases.
import type { Harness } from "../support/harness";
import { teamsExecute, teamsMessage, teamsMessageAction } from "../support/teams-activities";
import { TEAMS_ALEX, TEAMS_NIA, cardOfActivity, startTicketHarness, teamsAction, ticketRow, until } from "./tickets-support";

const CARD = "application/vnd.microsoft.card.adaptive";

describe.each(["pglite", "postgres"] as const)("tickets in Teams [%s]", (kind) => {
  let h: Harness;
  beforeAll(async () => {
    ({ h } = await startTicketHarness({ kind }));
  });
  afterAll(async () => {
    await h.stop();
  });
  const where = (extra: object = {}) => ({ serviceUrl: h.connector.serviceUrl, ...extra });
  const cardSent = async (pred: (card: any) => boolean) =>
    (await h.connector.waitForActivity((a) => a.attachments?.[0]?.contentType === CARD && pred(cardOfActivity(a)))) as { body: any; path: string };

  test('"@Tandem ticket ..." posts the ticket card in the message thread', async () => {
    const activity = teamsMessage("ticket my laptop will not turn on", where());
    await h.teams(activity);
    const sent = await cardSent((c) => JSON.stringify(c).includes("my laptop will not turn on"));
    expect(decodeURIComponent(sent.path)).toContain(`19:shared@thread.tacv2;messageid=${activity.id}`);
    const card = cardOfActivity(sent.body);
    expect(card.body[0].text).toBe("HL-1 · my laptop will not turn on");
    expect(JSON.stringify(card)).toContain("Laptops & desktops");
    const take = teamsAction(card, "ticket-take");
    expect(take.type).toBe("Action.Execute");
    expect(take.data.card).toMatch(/^ticket:/);
    // Inputs open in a form (Action.ShowCard) instead of sitting on the card.
    expect(card.body.some((b: any) => String(b.type).startsWith("Input."))).toBe(false);
    expect(card.actions.find((a: any) => a.title === "Hand over")).toMatchObject({ type: "Action.ShowCard" });
    expect(await ticketRow(h, 1)).toMatchObject({ court: "internal", categoryId: "end-user-devices", requester: "Alice Internal", sourceKey: `teams:19:shared@thread.tacv2:${activity.id}` });
  });

  test("a repeated Teams activity id makes one ticket", async () => {
    const activity = teamsMessage("ticket the boardroom screen flickers", where());
    await h.teams(activity);
    await h.teams(activity);
    await cardSent((c) => JSON.stringify(c).includes("boardroom screen flickers"));
    await new Promise((r) => setTimeout(r, 300));
    expect(await h.db.prisma.ticket.count({ where: { title: "the boardroom screen flickers" } })).toBe(1);
  });

  test("the Create ticket message action quotes and links the message; twice points to the first ticket", async () => {
    // A message routing answers outright (so the ticket takes its category and court from the matrix).
    const message = { id: "1700000000777", text: "No internet on floor 3: the wifi is down", author: "Bob Staff" };
    const res = await h.teams(teamsMessageAction(message, where({ from: TEAMS_ALEX })));
    expect(res.status).toBe(200);
    const sent = await cardSent((c) => JSON.stringify(c).includes("the wifi is down"));
    expect(decodeURIComponent(sent.path)).toContain(";messageid=1700000000777");
    const card = cardOfActivity(sent.body);
    const open = card.body.find((b: any) => b.type === "ActionSet" && b.actions[0].type === "Action.OpenUrl");
    expect(open.actions[0].url).toBe("https://teams.microsoft.com/l/message/19:shared@thread.tacv2/1700000000777");
    const t = await h.db.prisma.ticket.findFirst({ where: { sourceKey: "teams:19:shared@thread.tacv2:1700000000777" } });
    expect(t).toMatchObject({ requester: "Bob Staff", categoryId: "network-wifi", court: "msp" });

    await h.teams(teamsMessageAction(message, where({ from: TEAMS_ALEX })));
    await h.connector.waitForActivity((a) => String(a.text ?? "").includes(`already ticket HL-${t!.number}`));
    expect(await h.db.prisma.ticket.count({ where: { sourceKey: "teams:19:shared@thread.tacv2:1700000000777" } })).toBe(1);
  });

  test("the Open a ticket button of a who-handles answer opens a ticket in the picked category", async () => {
    const res = await h.teams(teamsExecute("ticket-open", { text: "new starter needs a laptop and accounts", category: "accounts-access", key: "who:t1" }, where({ replyToId: "who-card-1" })));
    expect(res.status).toBe(200);
    const sent = await cardSent((c) => JSON.stringify(c).includes("new starter needs a laptop"));
    expect(JSON.stringify(cardOfActivity(sent.body))).toContain("Accounts, passwords");
    expect(await h.db.prisma.ticket.count({ where: { sourceKey: "card:who:t1" } })).toBe(1);
  });

  test("card clicks come back as the refreshed card in the invoke response; whose court follows", async () => {
    const t = (await ticketRow(h, 1))!;
    const data = { ticket: t.id, card: `ticket:${t.id}` };
    const take = await h.teams(teamsExecute("ticket-take", data, where({ from: TEAMS_ALEX })));
    const body = await take.json();
    expect(body.type).toBe(CARD);
    expect(JSON.stringify(body.value)).toContain("Alex Example took it");

    const hand = await h.teams(teamsExecute("ticket-handover", { ...data, to: "msp", note: "docking station fault, under MSP warranty" }, where({ from: TEAMS_ALEX })));
    const card = (await hand.json()).value;
    expect(card.body[1].text).toContain("with the MSP");
    // Hand over again now offers internal IT first.
    const form = card.actions.find((a: any) => a.title === "Hand over").card;
    expect(form.body.find((b: any) => String(b.id).startsWith("to~")).value).toBe("internal");

    const note = await h.teams(teamsExecute("ticket-note", { ...data, note: "ordered a replacement dock" }, where({ from: TEAMS_NIA })));
    expect(JSON.stringify((await note.json()).value)).toContain("ordered a replacement dock");
    const row = (await ticketRow(h, 1))!;
    expect(row.events.map((e) => e.type)).toEqual(["created", "taken", "handover", "note"]);
    expect(row.events[2]).toMatchObject({ actor: "Alex Example", fromCourt: "internal", toCourt: "msp", text: "docking station fault, under MSP warranty" });
    expect(row.firstResponseAt).not.toBeNull();
    // The channel card was not re-posted: the click answered in place.
    expect(h.connector.sent().filter((c) => JSON.stringify(c.body).includes("my laptop will not turn on"))).toHaveLength(1);
  });

  test("the Escalate button (internal IT) pages the MSP and the refreshed card asks for an acknowledgement", async () => {
    const t = (await h.db.prisma.ticket.findFirst({ where: { title: "the boardroom screen flickers" } }))!;
    const data = { ticket: t.id, card: `ticket:${t.id}` };
    const res = await h.teams(teamsExecute("ticket-escalate", { ...data, note: "projector vendor is on the MSP contract", severity: String(t.severity) }, where({ from: TEAMS_ALEX })));
    const card = (await res.json()).value;
    expect(teamsAction(card, "ticket-ack")).toBeDefined();
    expect(teamsAction(card, "ticket-escalate")).toBeUndefined();
    expect(JSON.stringify(card)).toContain("Waiting for the MSP to acknowledge");
    const row = (await h.db.prisma.ticket.findUnique({ where: { id: t.id }, include: { events: true } }))!;
    expect(row.court).toBe("msp");
    expect(row.events.find((e) => e.type === "escalated")).toMatchObject({ text: "projector vendor is on the MSP contract", actor: "Alex Example" });
    await h.connector.waitForActivity((a) => String(a.text ?? "").includes(`please acknowledge HL-${t.number}`));
  });

  test("a click from another client's or a stale card is refused clearly", async () => {
    // Earlier tests' messages are all sent first, so the count below is only this click's.
    await until(async () => (await h.db.prisma.outboxMessage.count({ where: { status: { in: ["pending", "sending"] } } })) === 0);
    const sent = h.connector.sent().length;
    const res = await h.teams(teamsExecute("ticket-take", { ticket: "no-such-ticket", key: "ticket:no-such-ticket" }, where({ from: TEAMS_ALEX })));
    expect(res.status).toBe(200);
    // Told to the person who clicked, in the invoke's answer (not "Done.", and not posted for the channel).
    const body = await res.json();
    expect(body).toMatchObject({ type: "application/vnd.microsoft.activity.message", value: expect.stringContaining("can't find that ticket") });
    await h.settle();
    expect(h.connector.sent()).toHaveLength(sent);
  });
});
