// The card of a page's direct message in Teams, counted at the Bot Connector: once the ticket is acknowledged from the
// channel's card, the direct message itself is updated (one PUT of its activity in its 1:1 chat), so it shows who
// acknowledged and keeps no Acknowledge button. So in a 1:1 chat Tandem opened for the page (POST /v3/conversations)
// and in one the person had written in before (its stored reference). A click on the direct message's own card is
// answered with the refreshed card and not updated a second time.
import type { RecordedCall } from "../fakes/http-fake";
import type { Harness } from "../support/harness";
import { teamsExecute, teamsMessage } from "../support/teams-activities";
import { TEAMS_ALEX, TEAMS_SAM, cardOfActivity, startTicketHarness, teamsAction, ticketRow, until, type Clocked } from "./tickets-support";
import { drained } from "./incident-support";

const CARD = "application/vnd.microsoft.card.adaptive";
const CHANNEL = "19:shared@thread.tacv2";

interface SentDm {
  /** The 1:1 chat's conversation id. */
  conversation: string;
  /** The activity id the Bot Connector gave the direct message. */
  activityId: string;
  card: any;
}

const pathOf = (c: RecordedCall) => decodeURIComponent(c.path);

/** The page's direct message to Sam about `ref`, as the Bot Connector received it (and the id it answered with). */
async function pageDm(h: Harness, ref: string): Promise<SentDm> {
  const call = await h.connector.waitForActivity(
    (a, c) => !pathOf(c).startsWith(`/v3/conversations/${CHANNEL}`) && String(a.summary ?? a.text ?? "").includes(`please acknowledge ${ref}`) && a.attachments?.[0]?.contentType === CARD,
  );
  const conversation = /^\/v3\/conversations\/([^/]+)\/activities/.exec(pathOf(call))![1];
  return { conversation, activityId: String(call.answered?.id ?? ""), card: cardOfActivity(call.body) };
}

/** Every update (PUT) the Bot Connector received of that message, in its 1:1 chat. */
const updatesOf = (h: Harness, dm: SentDm) => h.connector.updates().filter((c) => pathOf(c) === `/v3/conversations/${dm.conversation}/activities/${dm.activityId}`);

/** The 1:1 chats the Bot Connector was asked to open with Sam. */
const openedWithSam = (h: Harness) => h.connector.calls.filter((c) => c.method === "POST" && c.path === "/v3/conversations" && !c.refused && c.body.members?.[0]?.id === TEAMS_SAM.aadObjectId);

describe("the card of a page's direct message after the acknowledgement [Teams]", () => {
  // A fresh Tandem for each case: a click in a 1:1 chat makes it the chat Sam wrote in, where later pages go.
  let c: Clocked;
  let h: Harness;
  beforeEach(async () => {
    c = await startTicketHarness({ kind: "pglite" });
    h = c.h;
  });
  afterEach(async () => {
    await h.stop();
  });
  const where = (extra: object = {}) => ({ serviceUrl: h.connector.serviceUrl, ...extra });

  /** Internal IT escalates a new servers ticket in the channel: Sam Sample, the MSP's owner of servers, is paged. */
  async function escalated() {
    await h.teams(teamsMessage("escalate sev2 server down: the file server FS01 is offline", where({ from: TEAMS_ALEX })));
    const t = await until(() => ticketRow(h, 1));
    const dm = await pageDm(h, "HL-1");
    expect(teamsAction(dm.card, "ticket-ack")).toBeDefined();
    await drained(h);
    return { t: t!, dm };
  }

  /** Sam clicks a button of the direct message's card, in its 1:1 chat. */
  const clickInDm = async (dm: SentDm, verb: string) => {
    const data = teamsAction(dm.card, verb).data;
    return (await h.teams(teamsExecute(verb, data, where({ from: TEAMS_SAM, personal: true, conversationId: dm.conversation, replyToId: dm.activityId })))).json();
  };

  test("a 1:1 chat Tandem opened for the page: acknowledged from the channel's card, the direct message is updated there once", async () => {
    const { t, dm } = await escalated();
    // The chat was opened for the page, in Sam's tenant, and the message went to it.
    const opened = openedWithSam(h);
    expect(opened).toHaveLength(1);
    expect(opened[0].body.tenantId).toBe("tenant-1");
    expect(dm.conversation).toBe(opened[0].answered.id);
    expect(dm.activityId).toMatch(/^act-/);

    const res = await h.teams(teamsExecute("ticket-ack", { ticket: t.id, card: `ticket:${t.id}` }, where({ from: TEAMS_SAM })));
    expect((await res.json()).type).toBe(CARD); // the channel's card, refreshed in place for the click
    const upd = await until(async () => updatesOf(h, dm)[0] ?? null);
    const card = upd.body.attachments[0].content;
    expect(JSON.stringify(card)).toContain("Acknowledged by Sam Sample");
    expect(teamsAction(card, "ticket-ack")).toBeUndefined();
    // Its buttons still those of the direct message's card.
    expect(JSON.stringify(card)).toContain(`page:${t.id}:r0`);
    await drained(h);
    expect(updatesOf(h, dm)).toHaveLength(1);

    // A copy of the card drawn before, clicked in that chat: answered with the card as it is now, not updated again.
    const late = await clickInDm(dm, "ticket-ack");
    expect(late.type).toBe(CARD);
    expect(teamsAction(late.value, "ticket-ack")).toBeUndefined();
    await drained(h);
    expect(updatesOf(h, dm)).toHaveLength(1);
    expect(h.connector.refused()).toEqual([]);
  });

  test("a 1:1 chat Sam had written in before: the page goes there, and acknowledged from the channel's card it is updated there once", async () => {
    await h.teams(teamsMessage("help", where({ from: TEAMS_SAM, personal: true, conversationId: "a:sam-own-chat" })));
    await until(async () => (await h.db.prisma.channel.findFirst({ where: { platform: "teams", externalId: "a:sam-own-chat" } })) ?? null);
    await drained(h);

    const { t, dm } = await escalated();
    expect(dm.conversation).toBe("a:sam-own-chat");
    expect(openedWithSam(h)).toEqual([]); // no chat opened

    await h.teams(teamsExecute("ticket-ack", { ticket: t.id, card: `ticket:${t.id}` }, where({ from: TEAMS_SAM })));
    const upd = await until(async () => updatesOf(h, dm)[0] ?? null);
    const card = upd.body.attachments[0].content;
    expect(JSON.stringify(card)).toContain("Acknowledged by Sam Sample");
    expect(teamsAction(card, "ticket-ack")).toBeUndefined();
    await drained(h);
    expect(updatesOf(h, dm)).toHaveLength(1);
    expect(h.connector.refused()).toEqual([]);
  });

  test("acknowledged on the direct message's own card: answered with the refreshed card, and the message is not updated besides", async () => {
    const { dm } = await escalated();
    expect(openedWithSam(h)).toHaveLength(1);
    const before = h.connector.updates().length;

    const answer = await clickInDm(dm, "ticket-ack");
    expect(answer.type).toBe(CARD);
    expect(JSON.stringify(answer.value)).toContain("Acknowledged by Sam Sample");
    expect(teamsAction(answer.value, "ticket-ack")).toBeUndefined();
    // The channel's card is updated (PUT); the direct message only by the click's answer.
    await until(async () => h.connector.updates().slice(before).find((u) => pathOf(u).startsWith(`/v3/conversations/${CHANNEL}`)) ?? null);
    await drained(h);
    expect(updatesOf(h, dm)).toEqual([]);
    expect(h.connector.refused()).toEqual([]);
  });
});
