// "Who handles this?" end to end over real HTTP: signed Slack requests in, fake Slack Web API out; Teams activities
// in, fake Bot Connector out (card refreshes in the invoke response). Both databases.
import { executeActions } from "../support/cards";
import { startHarness, type Harness } from "../support/harness";
import { ALICE, blockActionForm, commandForm, dmEvent, mentionEvent, nextId, type SlackUser, slackUser } from "../support/slack-requests";
import { TEAMS_ALICE, TENANT, teamsExecute, teamsMessage } from "../support/teams-activities";
import { slackButton, slackButtons } from "./tickets-support";

const BOB: SlackUser = slackUser("UBOB", "T1", "bob");
// Tuesday 8 September 2026, 10:00 in Toronto (the day after Labour Day): business hours.
const BUSINESS = new Date("2026-09-08T14:00:00Z");
// Same day, 19:00 in Toronto: after hours.
const EVENING = new Date("2026-09-08T23:00:00Z");

/** A Slack select menu choice (block_actions with selected_option). */
function selectForm(actionId: string, selected: string, opts: { messageTs?: string; threadTs?: string } = {}) {
  const ts = opts.messageTs ?? "1700000001.000100";
  const payload = {
    type: "block_actions",
    trigger_id: nextId("trig."),
    team: { id: "T1", domain: "example" },
    user: { id: ALICE.id, team_id: ALICE.team, name: ALICE.name },
    api_app_id: "A1",
    channel: { id: "C1", name: "it-shared" },
    container: { type: "message", message_ts: ts, channel_id: "C1", thread_ts: opts.threadTs },
    message: { ts, thread_ts: opts.threadTs, type: "message", text: "" },
    response_url: "http://127.0.0.1:9/actions/response",
    actions: [{ type: "static_select", action_id: actionId, block_id: "b2", selected_option: { text: { type: "plain_text", text: "x" }, value: selected }, action_ts: `${Date.now() / 1000}` }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

const blocksOf = (body: any): any[] => JSON.parse(body.blocks);
// Buttons in view and behind "..." (overflow options carry their verb).
const buttons = slackButtons;
const button = slackButton;
/** Slack text is escaped (&amp; &lt; &gt;) and Slack shows it unescaped. */
const unescape = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
const header = (blocks: any[]) => unescape(blocks.find((b) => b.type === "header")?.text.text ?? "");
const cardActions = (card: any): any[] => [...(card.actions ?? []), ...card.body.filter((b: any) => b.type === "ActionSet").flatMap((b: any) => b.actions)];
const cardText = (card: any) => JSON.stringify(card);

describe.each(["pglite", "postgres"] as const)("who handles this? in chat [%s]", (kind) => {
  let h: Harness;
  let now = BUSINESS;
  const where = () => ({ serviceUrl: h.connector.serviceUrl });

  beforeAll(async () => {
    h = await startHarness({ kind, clock: { now: () => now } });
    await h.db.prisma.person.createMany({
      data: [
        { clientId: "demo", platform: "slack", teamId: "T1", userId: "UMSPLEAD", displayName: "Sam Sample", roles: ["msp-lead"] },
        { clientId: "demo", platform: "slack", teamId: "T1", userId: "UMSPTECH", displayName: "Nia Tech", roles: ["msp-tech"] },
        { clientId: "demo", platform: "slack", teamId: "T1", userId: "UINTERNAL", displayName: "Alex Example", roles: ["internal-it"] },
        { clientId: "demo", platform: "teams", teamId: TENANT, userId: "aad-sam", displayName: "Sam Sample", roles: ["msp-lead"] },
      ],
    });
  });
  afterAll(async () => {
    await h.stop();
  });
  beforeEach(() => {
    now = BUSINESS;
  });

  test("Slack: @Tandem who handles ...? answers in the thread with owner now, backup, after hours, escalation and buttons", async () => {
    await h.slackEvent(mentionEvent("who handles the printer on floor 2 is jammed?", { ts: "1700001000.000100" }));
    const post = await h.slack.waitForMethod("chat.postMessage", (b) => b.thread_ts === "1700001000.000100");
    const blocks = blocksOf(post);
    expect(header(blocks)).toBe("Printers & scanners");
    const text = JSON.stringify(blocks);
    expect(text).toContain("*Owner right now*\\nInternal IT (Maple Ridge Internal IT)");
    expect(text).toContain("Alex Example, Priya Natarajan");
    expect(text).toContain("*Backup*\\nThe MSP (Bluefin Managed Services)");
    expect(text).toContain("*After hours*\\nThe MSP (Bluefin Managed Services)");
    expect(text).toContain("internal IT opens a vendor call");
    expect(text).toContain("Business hours: it is Tue 8 Sep, 10:00 EDT (11:00 ADT)");
    const ticket = JSON.parse(button(blocks, "ticket-open").value);
    expect(ticket).toMatchObject({ text: "the printer on floor 2 is jammed", category: "printers-scanners" });
    expect(ticket.card).toMatch(/^whohandles:/);
    expect(JSON.parse(button(blocks, "whohandles-pick").value).card).toBe(ticket.card);
    expect(JSON.parse(button(blocks, "matrix-show").value).card).toBe(ticket.card);
    const q = await h.db.prisma.question.findFirst({ where: { text: "the printer on floor 2 is jammed" } });
    expect(q).toMatchObject({ clientId: "demo", guessed: "printers-scanners", askedBy: "slack:T1:UALICE", channelId: "C1" });
    expect(ticket.card).toBe(`whohandles:${q!.id}`);
  });

  test("Slack: /whohandles after hours names the after-hours owner and when business hours resume", async () => {
    now = EVENING;
    await h.slackForm(commandForm("/whohandles", "the printer keeps jamming"));
    const post = await h.slack.waitForMethod("chat.postMessage", (b) => String(b.blocks ?? "").includes("printer keeps jamming"));
    const text = JSON.stringify(blocksOf(post));
    expect(text).toContain("*Owner right now*\\nThe MSP (Bluefin Managed Services)");
    expect(text).toContain("After hours: the MSP has it until Wed 9 Sep, 08:30 EDT (09:30 ADT)");
  });

  test("Slack: a plain question in a DM is answered there", async () => {
    await h.slackEvent(dmEvent("my laptop will not turn on", { channel: "DALICE1" }));
    const post = await h.slack.waitForMethod("chat.postMessage", (b) => b.channel === "DALICE1");
    expect(header(blocksOf(post))).toBe("Laptops & desktops");
    expect(post.thread_ts).toBeUndefined();
  });

  test("Teams: @Tandem who handles ...? gets the answer card in the thread, and a 1:1 question too", async () => {
    const activity = teamsMessage("who handles the VPN will not connect from home?", where());
    await h.teams(activity);
    const reply = await h.connector.waitForActivity((a) => cardText(a.attachments?.[0]?.content ?? {}).includes("VPN will not connect"));
    expect(decodeURIComponent(reply.path)).toContain(`;messageid=${activity.id}`);
    const card = reply.body.attachments[0].content;
    expect(card.body[1].text).toBe("Network, Wi-Fi & internet");
    const facts = Object.fromEntries(card.body.find((b: any) => b.type === "FactSet").facts.map((f: any) => [f.title, f.value]));
    expect(facts).toMatchObject({
      "Owner right now": "The MSP (Bluefin Managed Services)",
      Contacts: "Bluefin NOC, Sam Sample",
      Backup: "Internal IT (Maple Ridge Internal IT)",
      "After hours": "The MSP (Bluefin Managed Services)",
    });
    expect(cardActions(card).map((a) => a.verb)).toEqual(["ticket-open", "whohandles-pick", "matrix-show"]);
    expect(cardActions(card)[0].data).toMatchObject({ category: "network-wifi", text: "the VPN will not connect from home" });

    await h.teams(teamsMessage("I am locked out of my account", { ...where(), personal: true, conversationId: "a:dm-alice-who" }));
    const dm = await h.connector.waitForActivity((_a, c) => c.path.includes(encodeURIComponent("a:dm-alice-who")));
    const dmCard = dm.body.attachments[0].content;
    expect(dmCard.body[1].text).toBe("Accounts, passwords & MFA");
    expect(cardText(dmCard)).toContain("Joint: internal IT leads (Maple Ridge Internal IT)");
  });

  test("owner right now across zones: the chat answer follows the matrix time zone, not the server's", async () => {
    // 21:30 UTC is 17:30 in Toronto: business hours have just ended there.
    now = new Date("2026-09-08T21:30:00Z");
    await h.slackEvent(mentionEvent("who handles a new starter on Monday?", { ts: "1700001100.000100" }));
    const late = JSON.stringify(blocksOf(await h.slack.waitForMethod("chat.postMessage", (b) => b.thread_ts === "1700001100.000100")));
    expect(late).toContain("After hours: internal IT has it until Wed 9 Sep, 08:30 EDT (09:30 ADT)");
    now = new Date("2026-09-08T21:29:00Z");
    await h.slackEvent(mentionEvent("who handles a new starter on Monday?", { ts: "1700001101.000100" }));
    const before = JSON.stringify(blocksOf(await h.slack.waitForMethod("chat.postMessage", (b) => b.thread_ts === "1700001101.000100")));
    expect(before).toContain("Business hours: it is Tue 8 Sep, 17:29 EDT (18:29 ADT)");
  });

  test("Slack correction loop: Not this one -> pick from the list -> recorded and learned -> the same phrasing routes right", async () => {
    const phrase = "the label printer in shipping prints blank tags";
    await h.slackEvent(mentionEvent(`who handles ${phrase}?`, { ts: "1700002000.000100" }));
    const first = await h.slack.waitForMethod("chat.postMessage", (b) => b.thread_ts === "1700002000.000100");
    const pickValue = JSON.parse(button(blocksOf(first), "whohandles-pick").value);
    const q = await h.db.prisma.question.findFirstOrThrow({ where: { text: phrase } });
    expect(q.guessed).not.toBe("business-applications");

    await h.slackForm(blockActionForm("whohandles-pick", pickValue, { messageTs: "1700002000.000200", threadTs: "1700002000.000100" }));
    const picker = await h.slack.waitForMethod("chat.update", (b) => header(blocksOf(b)) === "Which category is it?");
    const select = blocksOf(picker).find((b) => b.accessory?.type === "static_select").accessory;
    expect(select.options).toHaveLength(15);
    const option = select.options.find((o: any) => o.text.text === "Business applications");

    await h.slackForm(selectForm("whohandles-choose", option.value, { threadTs: "1700002000.000100" }));
    const chosen = await h.slack.waitForMethod("chat.update", (b) => header(blocksOf(b)) === "Business applications");
    expect(JSON.stringify(blocksOf(chosen))).toContain("category picked by alice");
    expect(await h.db.prisma.question.findUniqueOrThrow({ where: { id: q.id } })).toMatchObject({ chosen: "business-applications" });
    expect(await h.db.prisma.learnedPhrase.findFirst({ where: { clientId: "demo", phrase } })).toMatchObject({ categoryId: "business-applications", createdBy: "slack:T1:UALICE" });

    await h.slackEvent(mentionEvent(`who handles ${phrase}?`, { ts: "1700002001.000100", user: BOB }));
    const again = await h.slack.waitForMethod("chat.postMessage", (b) => b.thread_ts === "1700002001.000100");
    expect(header(blocksOf(again))).toBe("Business applications");
  });

  test("Teams correction loop: the picker and the pick come back in the invoke response; next time it routes right", async () => {
    const phrase = "the badge reader at the back door beeps red";
    await h.teams(teamsMessage(`who handles ${phrase}?`, where()));
    const reply = await h.connector.waitForActivity((a) => cardText(a.attachments?.[0]?.content ?? {}).includes(phrase));
    const card = reply.body.attachments[0].content;
    const pickAction = cardActions(card).find((a) => a.verb === "whohandles-pick");
    const pickData = pickAction.data;

    const pickRes = await h.teams(teamsExecute("whohandles-pick", pickData, where()));
    const picker = (await pickRes.json()).value;
    expect(picker.body[0].text).toBe("Which category is it?");
    // Any other category: the list sits behind "Another category..." (a ShowCard).
    const choices = picker.actions.find((a: any) => a.type === "Action.ShowCard").card.body.find((b: any) => b.type === "Input.ChoiceSet").choices;
    expect(choices.map((c: any) => c.value)).toContain("meeting-rooms");
    const use = executeActions(picker).find((a: any) => a.title === "Use this category") as any;
    expect(use.verb).toBe("whohandles-choose");

    // Teams merges the choice set's value into the action data.
    const chooseRes = await h.teams(teamsExecute("whohandles-choose", { ...use.data, category: "meeting-rooms" }, where()));
    const chosen = (await chooseRes.json()).value;
    expect(chosen.body[1].text).toBe("Meeting rooms & AV");
    expect(cardText(chosen)).toContain("category picked by Alice Internal");
    expect(await h.db.prisma.learnedPhrase.findFirst({ where: { phrase } })).toMatchObject({ categoryId: "meeting-rooms", createdBy: `teams:${TENANT}:${TEAMS_ALICE.aadObjectId}` });

    await h.teams(teamsMessage(`who handles ${phrase}?`, { ...where(), conversationId: "19:other@thread.tacv2" }));
    const next = await h.connector.waitForActivity((a, c) => c.path.includes(encodeURIComponent("19:other@thread.tacv2")) && cardText(a.attachments?.[0]?.content ?? {}).includes(phrase));
    expect(next.body.attachments[0].content.body[1].text).toBe("Meeting rooms & AV");
  });

  test("not in the matrix: says so plainly, and Ask the MSP posts a visible question mentioning the MSP people", async () => {
    await h.slackEvent(mentionEvent("who handles watering the plants in reception?", { ts: "1700003000.000100" }));
    const post = await h.slack.waitForMethod("chat.postMessage", (b) => b.thread_ts === "1700003000.000100");
    const blocks = blocksOf(post);
    expect(header(blocks)).toBe("The matrix does not name this");
    expect(JSON.stringify(blocks)).toContain("conversation, not an assumption");
    expect(buttons(blocks).map((b: any) => b.text.text)).toEqual(["Ask internal IT", "Ask the MSP", "Pick a category"]);
    const q = await h.db.prisma.question.findFirstOrThrow({ where: { text: "watering the plants in reception" } });
    expect(q.guessed).toBeNull();

    const askMsp = JSON.parse(buttons(blocks).find((b: any) => b.text.text === "Ask the MSP").value);
    expect(askMsp.side).toBe("msp");
    await h.slackForm(blockActionForm("whohandles-ask:2", askMsp, { messageTs: "1700003000.000200", threadTs: "1700003000.000100" }));
    const asked = await h.slack.waitForMethod("chat.postMessage", (b) => String(b.text).includes("watering the plants") && b.thread_ts === "1700003000.000100" && !b.blocks);
    expect(asked.text).toContain("<@UMSPLEAD>");
    expect(asked.text).toContain("<@UMSPTECH>");
    expect(asked.text).not.toContain("<@UINTERNAL>");
    expect(asked.text).toContain("the MSP (Bluefin Managed Services), can you take it");
    const updated = await h.slack.waitForMethod("chat.update", (b) => String(b.blocks).includes("asked the MSP in this thread"));
    expect(header(blocksOf(updated))).toBe("The matrix does not name this");
  });

  test("Teams: Ask the MSP mentions the MSP people of this tenant; with nobody holding a role it says how to grant it", async () => {
    await h.teams(teamsMessage("who handles booking a table for the team lunch?", where()));
    const reply = await h.connector.waitForActivity((a) => cardText(a.attachments?.[0]?.content ?? {}).includes("table for the team lunch"));
    const card = reply.body.attachments[0].content;
    expect(card.body[0].text).toBe("The matrix does not name this");
    const askMsp = cardActions(card).find((a) => a.title === "Ask the MSP");
    const res = await h.teams(teamsExecute("whohandles-ask", askMsp.data, where()));
    expect(cardText((await res.json()).value)).toContain("asked the MSP in this thread");
    const asked = await h.connector.waitForActivity((a) => String(a.text ?? "").includes("table for the team lunch") && String(a.text).includes("the MSP (Bluefin"));
    expect(asked.body.text).toContain("<at>Sam Sample</at>");
    expect(asked.body.entities).toContainEqual(expect.objectContaining({ type: "mention", mentioned: { id: "aad-sam", name: "Sam Sample" } }));

    await h.db.prisma.person.deleteMany({ where: { clientId: "demo", platform: "teams", roles: { has: "internal-it" } } });
    const askInternal = cardActions(card).find((a) => a.title === "Ask internal IT");
    await h.teams(teamsExecute("whohandles-ask", askInternal.data, where()));
    const hint = await h.connector.waitForActivity((a) => String(a.text ?? "").includes("table for the team lunch") && String(a.text).includes("tandem people add"));
    expect(hint.body.text).toContain("internal IT (Maple Ridge Internal IT), can you take it");
    expect(hint.body.text).toContain("No one has the internal-it role yet");
  });

  test("Show the matrix: the command and the button post a summary grouped by owner with the review date", async () => {
    await h.slackEvent(mentionEvent("matrix", { ts: "1700004000.000100" }));
    const post = await h.slack.waitForMethod("chat.postMessage", (b) => b.thread_ts === "1700004000.000100");
    const blocks = blocksOf(post);
    expect(header(blocks)).toBe("Responsibility matrix, version 4");
    const text = JSON.stringify(blocks);
    expect(text).toContain("Alex Example (Internal IT lead); Sam Sample (MSP account lead)");
    expect(text).toContain("*Effective*\\nTue 1 Sep 2026");
    expect(text).toContain("Tue 1 Dec 2026 (in 84 days)");
    expect(text).toContain("Internal IT owns (Maple Ridge Internal IT): 7");
    expect(text).toContain("The MSP owns (Bluefin Managed Services): 6");
    expect(text).toContain("Joint (both sides): 2");
    expect(text).not.toContain("review was due");

    now = new Date("2027-01-11T15:00:00Z");
    const res = await h.teams(teamsExecute("matrix-show", { key: "whohandles:any" }, where()));
    expect(res.status).toBe(200);
    const summary = await h.connector.waitForActivity((a) => cardText(a.attachments?.[0]?.content ?? {}).includes("Responsibility matrix, version 4"));
    const card = summary.body.attachments[0].content;
    expect(cardText(card)).toContain("The quarterly review was due on Tue 1 Dec 2026");
    // The overdue notice (a tinted block) and one group per owner.
    expect(card.body.filter((b: any) => b.type === "Container" && b.separator)).toHaveLength(3);
  });

  test("'show the matrix' in plain words works too", async () => {
    await h.slackEvent(dmEvent("show the matrix", { channel: "DALICE2" }));
    const post = await h.slack.waitForMethod("chat.postMessage", (b) => b.channel === "DALICE2");
    expect(header(blocksOf(post))).toBe("Responsibility matrix, version 4");
  });
});
