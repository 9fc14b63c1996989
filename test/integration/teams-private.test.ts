// Teams has no message only one person sees in a channel: what Tandem says to one person (a refusal of a typed
// command, "that message is already a ticket") goes to their 1:1 chat with Tandem, never to everyone in the
// channel. And the Create ticket dialog's note is kept on the ticket. Both databases.
import type { Harness } from "../support/harness";
import { TEAMS_ALICE, teamsMessage, teamsMessageAction } from "../support/teams-activities";
import { TEAMS_ALEX, cardOfActivity, startTicketHarness, ticketRow } from "./tickets-support";

const CHANNEL = "19:shared@thread.tacv2";
const path = (c: { path: string }) => decodeURIComponent(c.path);

describe.each(["pglite", "postgres"] as const)("private answers in Teams [%s]", (kind) => {
  let h: Harness;
  beforeAll(async () => {
    ({ h } = await startTicketHarness({ kind }));
  });
  afterAll(async () => {
    await h.stop();
  });
  const where = (extra: object = {}) => ({ serviceUrl: h.connector.serviceUrl, ...extra });
  const inChannel = (text: string) => h.connector.sent().filter((c) => path(c).includes(CHANNEL) && JSON.stringify(c.body).includes(text));

  test("Create ticket keeps the note typed in its dialog, on the ticket's timeline and card", async () => {
    const message = { id: "1790000300001", text: "The VPN drops every 20 minutes from home", author: "Bob Staff" };
    await h.teams(teamsMessageAction(message, where({ from: TEAMS_ALEX, note: "Happens to the whole finance team since Monday" })));
    const sent = await h.connector.waitForActivity((a) => JSON.stringify(a).includes("VPN drops every 20 minutes"));
    expect(JSON.stringify(cardOfActivity(sent.body))).toContain("Happens to the whole finance team since Monday");
    const t = (await ticketRow(h, 1))!;
    expect(t.events.map((e) => [e.type, e.actor, e.text])).toContainEqual(["note", "Alex Example", "Happens to the whole finance team since Monday"]);
    // Said while asking: the holding side's first-response clock still runs.
    expect(t.firstResponseAt).toBeNull();
  });

  test("the same message again: 'already ticket HL-1' goes to the person's 1:1 chat, not the channel", async () => {
    const message = { id: "1790000300001", text: "The VPN drops every 20 minutes from home", author: "Bob Staff" };
    await h.teams(teamsMessageAction(message, where({ from: TEAMS_ALEX })));
    const pointer = await h.connector.waitForActivity((a) => String(a.text ?? "").includes("already ticket HL-1"));
    expect(path(pointer)).not.toContain(CHANNEL);
    expect(path(pointer)).toMatch(/\/v3\/conversations\/a:/);
    expect(inChannel("already ticket HL-1")).toEqual([]);
  });

  test("a refused typed command is told to the person alone, in their 1:1 chat", async () => {
    const before = h.connector.calls.length;
    await h.teams(teamsMessage("escalate HL-1 the VPN is down for everyone", where({ from: TEAMS_ALICE })));
    const refusal = await h.connector.waitForActivity((a, c) => h.connector.calls.indexOf(c) >= before && String(a.text ?? "").includes("can escalate a ticket to the MSP"));
    expect(path(refusal)).toMatch(/\/v3\/conversations\/a:/);
    // The 1:1 chat was opened with the person who was refused.
    const opened = await h.connector.waitFor((c) => h.connector.calls.indexOf(c) >= before && c.method === "POST" && c.path === "/v3/conversations");
    expect(JSON.stringify(opened.body.members)).toContain(TEAMS_ALICE.aadObjectId);
    expect(inChannel("can escalate a ticket to the MSP")).toEqual([]);
  });
});
