// Words of the `tandem` command line typed in chat: "/tandem report" answers with the monthly report card where it
// was asked; "tickets show HL-1" answers as in chat; the rest (people, audit, hours add, matrix history...) is told
// privately where to find it, never "I didn't understand"; a question that starts with such a word stays a question.
// Signed Slack requests and Teams activities in, the fake Slack Web API and Bot Connector out.
import { commandForm } from "../support/slack-requests";
import type { Harness } from "../support/harness";
import { teamsMessage } from "../support/teams-activities";
import { ALEX, BOB, TEAMS_ALEX, blocksOf, startTicketHarness } from "./tickets-support";

const CHANNEL = "19:shared@thread.tacv2";
const path = (c: { path: string }) => decodeURIComponent(c.path);

describe("command-line words in chat [pglite]", () => {
  let h: Harness;
  beforeAll(async () => {
    ({ h } = await startTicketHarness());
  });
  afterAll(async () => {
    await h.stop();
  });
  const slackSays = async (text: string, user = ALEX) => {
    const before = h.slack.calls.length;
    await h.slackForm(commandForm("/tandem", text, { user }));
    return before;
  };
  const since = (before: number) => h.slack.calls.slice(before);
  const private_ = (before: number, user = ALEX) =>
    h.slack.waitFor((c) => h.slack.calls.indexOf(c) >= before && c.path.endsWith("chat.postEphemeral") && c.body.user === user.id);

  test("/tandem report: last month's operations report card, posted in the channel", async () => {
    const before = await slackSays("report");
    const post = await h.slack.waitFor((c) => h.slack.calls.indexOf(c) >= before && c.path.endsWith("chat.postMessage"));
    expect(post.body.channel).toBe("C1");
    // The harness's clock is Tuesday 8 September 2026 in Toronto: last month is August.
    expect(JSON.stringify(blocksOf(post.body))).toContain("Monthly operations report: Maple Ridge, August 2026");
    expect(JSON.stringify(since(before))).not.toContain("didn't understand");
  });

  test("/tandem report 2026-09 counts this month's ticket; a month to come is refused privately", async () => {
    await h.slackForm(commandForm("/tandem", "ticket the label printer in shipping prints blank pages", { user: BOB }));
    await h.slack.waitForMethod("chat.postMessage", (b) => String(b.blocks ?? "").includes("label printer in shipping"));
    const before = await slackSays("report 2026-09");
    const post = await h.slack.waitFor((c) => h.slack.calls.indexOf(c) >= before && c.path.endsWith("chat.postMessage"));
    const card = JSON.stringify(blocksOf(post.body));
    expect(card).toContain("Monthly operations report: Maple Ridge, September 2026");
    expect(card).toMatch(/Tickets opened\*\\n1 /);
    const ahead = await slackSays("report 2027-01");
    expect((await private_(ahead)).body.text).toContain("2027-01 has not started yet");
  });

  test.each([
    ["people add --platform slack --team T1 --user UNEW --roles internal-it", "tandem people add"],
    ["people", "tandem people add"],
    ["audit --refused", "tandem audit"],
    ["hours add 20", "tandem hours add"],
    ["matrix history", "tandem matrix history"],
    ["outbox list", "tandem outbox list"],
    ["clients list", "tandem clients"],
    ["incidents list", 'Say "incident list"'],
  ])("/tandem %s is told privately where to find it", async (typed, pointer) => {
    const before = await slackSays(typed);
    const told = await private_(before);
    expect(told.body.text).toContain(pointer);
    expect(since(before).filter((c) => c.path.endsWith("chat.postMessage"))).toEqual([]);
  });

  test("a question that starts with such a word is still a question", async () => {
    const before = await slackSays("inbox is full and Outlook refuses new mail, who handles that?");
    const answer = await h.slack.waitFor((c) => h.slack.calls.indexOf(c) >= before && /chat\.post(Message|Ephemeral)/.test(c.path));
    expect(JSON.stringify(answer.body)).not.toContain("command line");
    expect(JSON.stringify(answer.body)).not.toContain("didn't understand");
  });

  test("tickets show HL-1 answers with the ticket, privately", async () => {
    const before = await slackSays("tickets show HL-1");
    const told = await private_(before);
    expect(told.body.text).toContain("HL-1");
    expect(told.body.text).toContain("label printer in shipping");
  });

  test("Teams: @Tandem report is answered in the thread; @Tandem people list goes to the person's 1:1 chat", async () => {
    const where = { serviceUrl: h.connector.serviceUrl, from: TEAMS_ALEX };
    const report = teamsMessage("report", where);
    await h.teams(report);
    const card = await h.connector.waitForActivity((a) => JSON.stringify(a).includes("Monthly operations report: Maple Ridge, August 2026"));
    expect(path(card)).toContain(`${CHANNEL};messageid=${report.id}`);

    const before = h.connector.calls.length;
    await h.teams(teamsMessage("people list", where));
    const told = await h.connector.waitForActivity((a, c) => h.connector.calls.indexOf(c) >= before && String(a.text ?? "").includes("tandem people"));
    expect(path(told)).toMatch(/\/v3\/conversations\/a:/);
    expect(h.connector.sent().filter((c) => path(c).includes(CHANNEL) && JSON.stringify(c.body).includes("tandem people"))).toEqual([]);
  });
});
