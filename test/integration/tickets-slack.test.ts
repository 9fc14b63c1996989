// Tickets in Slack end to end: signed requests in, the fake Slack Web API out. Both databases.
import type { Harness } from "../support/harness";
import { mentionEvent, shortcutForm } from "../support/slack-requests";
import { ALEX, BOB, NIA, blocksOf, slackButton, slackClick, startTicketHarness, ticketRow, until } from "./tickets-support";

describe.each(["pglite", "postgres"] as const)("tickets in Slack [%s]", (kind) => {
  let h: Harness;
  beforeAll(async () => {
    ({ h } = await startTicketHarness({ kind }));
  });
  afterAll(async () => {
    await h.stop();
  });

  const cardPost = (pred: (text: string, body: any) => boolean) =>
    h.slack.waitForMethod("chat.postMessage", (b) => typeof b.blocks === "string" && pred(b.blocks, b));

  test('"@Tandem ticket ..." opens a routed ticket and posts its card in the thread', async () => {
    await h.slackEvent(mentionEvent("ticket the printer on floor 2 is jammed", { ts: "1700000300.000100", user: BOB }));
    const post = await cardPost((t, b) => b.thread_ts === "1700000300.000100");
    const blocks = blocksOf(post);
    const text = JSON.stringify(blocks);
    expect(text).toContain("*HL-1*");
    expect(text).toContain("Printers &amp; scanners"); // Slack escaping of card data
    expect(text).toContain("*With*\\nInternal IT (Maple Ridge Internal IT)");
    expect(slackButton(blocks, "ticket-take")).toBeDefined();
    expect(JSON.parse(slackButton(blocks, "ticket-handover").value)).toMatchObject({ card: expect.stringMatching(/^ticket:/) });
    expect(slackButton(blocks, "incident-from-ticket")).toBeUndefined(); // sev 4 printers: no incident button
    const t = await ticketRow(h, 1);
    // The requester as Slack's profile names him (users.info), not by his user id.
    expect(t).toMatchObject({ court: "internal", categoryId: "printers-scanners", severity: 4, status: "open", requester: "bob", sourceKey: "slack:C1:1700000300.000100" });
    expect(t!.events.map((e) => e.type)).toEqual(["created"]);
  });

  test("the Create ticket shortcut quotes and links the message; doing it twice points to the first ticket", async () => {
    const message = { ts: "1700000400.000100", text: "VPN will not connect from home since this morning", user: "UCAROL" };
    await h.slackForm(shortcutForm("create_ticket", message, { user: ALEX }));
    const post = await cardPost((t) => t.includes("VPN will not connect"));
    expect(post.thread_ts).toBe("1700000400.000100");
    const text = post.blocks as string;
    expect(text).toContain("Network, Wi-Fi");
    expect(text).toContain("https://example.slack.com/archives/C1/p1700000400000100");
    const first = await h.db.prisma.ticket.findFirst({ where: { sourceKey: "slack:C1:1700000400.000100" } });
    expect(first).toMatchObject({ court: "msp", requester: "UCAROL", sourceLink: expect.stringContaining("p1700000400000100") });

    await h.slackForm(shortcutForm("create_ticket", message, { user: ALEX }));
    const eph = await h.slack.waitForMethod("chat.postEphemeral", (b) => String(b.text).includes(`already ticket HL-${first!.number}`));
    expect(eph.user).toBe(ALEX.id);
    expect(await h.db.prisma.ticket.count({ where: { sourceKey: "slack:C1:1700000400.000100" } })).toBe(1);
  });

  test("a Slack retry of the same mention makes one ticket", async () => {
    const before = await h.db.prisma.ticket.count();
    const event = mentionEvent("ticket scanner sends blank pages", { ts: "1700000500.000100" });
    await h.slackEvent(event, { eventId: "EvTicketRetry" });
    await h.slackEvent(event, { eventId: "EvTicketRetry", retryNum: 1 });
    await cardPost((t) => t.includes("scanner sends blank pages"));
    // A different delivery of the same message (new event id) is still the same message.
    await h.slackEvent(event, { eventId: "EvTicketRetry2" });
    await h.slack.waitForMethod("chat.postEphemeral", (b) => String(b.text).includes("already ticket"));
    expect(await h.db.prisma.ticket.count()).toBe(before + 1);
  });

  test("the Open a ticket button of a who-handles answer opens one ticket in that category", async () => {
    const value = { text: "Outlook keeps asking for my password", category: "email-collaboration", key: "who:abc123" };
    await h.slackForm(slackClick("ticket-open", value, { user: BOB, messageTs: "1700000600.000100", threadTs: "1700000590.000100" }));
    const post = await cardPost((t) => t.includes("Outlook keeps asking"));
    expect(post.thread_ts).toBe("1700000590.000100");
    expect(post.blocks).toContain("Email, Teams");
    await h.slackForm(slackClick("ticket-open", value, { user: BOB, messageTs: "1700000600.000100" }));
    await h.slack.waitForMethod("chat.postEphemeral", (b) => String(b.text).includes("already ticket") && b.user === BOB.id);
    expect(await h.db.prisma.ticket.count({ where: { sourceKey: "card:who:abc123" } })).toBe(1);
  });

  test("take, hand over with a reason, and wait on the requester move the court and update the card in place", async () => {
    const t = (await ticketRow(h, 1))!;
    const value = { ticket: t.id, card: `ticket:${t.id}` };
    const posted = await h.db.prisma.postedMessage.findUnique({ where: { key: `ticket:${t.id}` } });
    expect(posted).not.toBeNull();

    await h.slackForm(slackClick("ticket-take", value, { user: ALEX }));
    await until(async () => (await ticketRow(h, 1))!.ownerName === ALEX.name);

    // A hand-over without a reason is refused, privately.
    await h.slackForm(slackClick("ticket-handover", value, { user: ALEX, inputs: { to: "msp" } }));
    await h.slack.waitForMethod("chat.postEphemeral", (b) => String(b.text).includes("Say why"));
    expect((await ticketRow(h, 1))!.court).toBe("internal");

    await h.slackForm(slackClick("ticket-handover", value, { user: ALEX, inputs: { to: "msp", note: "needs a new fuser, MSP has the vendor contract" } }));
    const upd = await h.slack.waitForMethod("chat.update", (b) => b.ts === posted!.messageId && String(b.blocks).includes("with the MSP"));
    expect(upd.blocks).toContain("needs a new fuser");
    const after = (await ticketRow(h, 1))!;
    expect(after).toMatchObject({ court: "msp", ownerName: null });
    const handover = after.events.find((e) => e.type === "handover");
    expect(handover).toMatchObject({ actor: ALEX.name, fromCourt: "internal", toCourt: "msp", text: "needs a new fuser, MSP has the vendor contract" });

    await h.slackForm(slackClick("ticket-handover", value, { user: NIA, inputs: { to: "requester", note: "which floor exactly?" } }));
    await until(async () => (await ticketRow(h, 1))!.court === "requester");
    // Bob, who opened it, is asked in the ticket's thread with an @mention: a card update notifies nobody.
    const asked = await h.slack.waitForMethod("chat.postMessage", (b) => String(b.text).includes("which floor exactly?"));
    expect(asked.text).toContain(`<@${BOB.id}>`);
    expect(asked.text).toContain("HL-1 is waiting on you");
    expect(asked.thread_ts).toBeTruthy();
    // The requester answering with a note puts it back with the MSP.
    await h.slackForm(slackClick("ticket-note", value, { user: BOB, inputs: { note: "floor 2, by the kitchen" } }));
    await until(async () => (await ticketRow(h, 1))!.court === "msp");
    const types = (await ticketRow(h, 1))!.events.map((e) => `${e.type}:${e.toCourt ?? ""}`);
    expect(types).toEqual(["created:internal", "taken:", "handover:msp", "handover:requester", "note:", "handover:msp"]);
  });

  test("someone without a side cannot take a ticket; they are told why", async () => {
    const t = (await ticketRow(h, 1))!;
    await h.slackForm(slackClick("ticket-take", { ticket: t.id, card: `ticket:${t.id}` }, { user: BOB }));
    await h.slack.waitForMethod("chat.postEphemeral", (b) => b.user === BOB.id && String(b.text).includes("Only internal IT, the MSP or a Tandem admin can take a ticket"));
  });

  test("severity changes and resolving update the card; reopen brings it back", async () => {
    const t = (await ticketRow(h, 1))!;
    const value = { ticket: t.id, card: `ticket:${t.id}` };
    await h.slackForm(slackClick("ticket-severity", value, { user: NIA, inputs: { severity: "1" } }));
    const sev1 = await h.slack.waitForMethod("chat.update", (b) => String(b.blocks).includes("Sev 1 ·"));
    expect(slackButton(blocksOf(sev1), "incident-from-ticket")).toBeDefined();
    await h.slackForm(slackClick("ticket-resolve", value, { user: NIA, inputs: { note: "fuser replaced" } }));
    const resolved = await h.slack.waitForMethod("chat.update", (b) => String(b.blocks).includes("Resolved"));
    expect(slackButton(blocksOf(resolved), "ticket-reopen")).toBeDefined();
    expect(slackButton(blocksOf(resolved), "ticket-take")).toBeUndefined();
    expect((await ticketRow(h, 1))!).toMatchObject({ status: "resolved", resolvedBy: NIA.name });
    await h.slackForm(slackClick("ticket-reopen", value, { user: BOB }));
    await until(async () => (await ticketRow(h, 1))!.status === "open");
  });
});
