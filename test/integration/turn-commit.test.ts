// One commit per turn: a turn whose replies could not be queued (the replica died, the database failed) leaves none of
// its effects behind, so the event handled again does what it would have done the first time, once. The failure is
// injected between the turn's effects and the queueing of its replies with the event's "done" mark.
import type { Harness } from "../support/harness";
import { eventEnvelope, mentionEvent, slackSignature } from "../support/slack-requests";
import { teamsExecute, teamsMessage } from "../support/teams-activities";
import { ALEX, LEE, TEAMS_ALEX, cardOfActivity, slackClick, startTicketHarness, teamsAction, ticketRow, until } from "./tickets-support";

const drained = (h: Harness) => until(async () => (await h.db.prisma.outboxMessage.count({ where: { status: { in: ["pending", "sending"] } } })) === 0, 20_000);

/** Slack's delivery of an event: sent again (X-Slack-Retry-Num) until it is answered 200, as Slack does. */
async function deliver(h: Harness, event: Record<string, unknown>, eventId: string): Promise<void> {
  const body = JSON.stringify(eventEnvelope(event, eventId));
  for (let retry = 0; retry < 5; retry++) {
    const headers = { "content-type": "application/json", ...slackSignature(body), ...(retry ? { "x-slack-retry-num": String(retry), "x-slack-retry-reason": "http_timeout" } : {}) };
    const res = await fetch(`${h.url}/slack/events`, { method: "POST", headers, body });
    await res.arrayBuffer();
    if (res.status === 200) return;
  }
  throw new Error(`event ${eventId} was never acknowledged`);
}

describe.each(["postgres", "pglite"] as const)("one commit per turn [%s]", (kind) => {
  let h: Harness;
  beforeAll(async () => {
    ({ h } = await startTicketHarness({ kind }));
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** The next turn fails after its effects, where its replies and "done" mark are stored (as a replica killed there). */
  function failNextCompletion(): { failed: () => boolean } {
    const inbox = h.tandem.inbox;
    const real = { claimed: inbox.completeClaimed, ledger: inbox.complete };
    let failed = false;
    const restore = () => {
      failed = true;
      inbox.completeClaimed = real.claimed;
      inbox.complete = real.ledger;
    };
    inbox.completeClaimed = async () => {
      restore();
      throw new Error("injected: the replica stopped before the turn's replies were queued");
    };
    inbox.complete = async () => {
      restore();
      throw new Error("injected: the replica stopped before the turn's replies were queued");
    };
    return { failed: () => failed };
  }

  test("an incident whose turn failed before its card was queued is started once, with its card, when the event is handled again", async () => {
    const injected = failNextCompletion();
    await deliver(h, mentionEvent("incident sev1 ransomware files encrypted on FS01", { channel: "CTURN1", ts: "1700600000.000100", user: LEE }), "EvTurnInc1");
    // The worker retries the failed turn after its backoff.
    await until(async () => (await h.db.prisma.inboxEvent.findFirst({ where: { eventId: "EvTurnInc1" } }))?.status === "done", 20_000);
    await drained(h);
    expect(injected.failed()).toBe(true);

    const incidents = await h.db.prisma.incident.findMany({ where: { channelId: { not: null } }, include: { events: true } });
    // One incident (on PostgreSQL its number may skip the one the failed turn took: numbers commit apart).
    expect(incidents).toHaveLength(1);
    expect(incidents[0]!.events.filter((e) => e.type === "started")).toHaveLength(1);
    const cards = h.slack.method("chat.postMessage").filter((c) => c.body.channel === "CTURN1" && !c.body.thread_ts && /incident IR-\d+:/.test(String(c.body.text)));
    expect(cards.map((c) => /incident (IR-\d+):/.exec(String(c.body.text))![1])).toEqual([`IR-${incidents[0]!.number}`]);
    // Its timer was scheduled once, by the turn that committed.
    expect(await h.db.prisma.job.count({ where: { kind: "incident-timer", key: { contains: incidents[0]!.id } } })).toBe(1);
    expect(await h.db.prisma.auditLog.count({ where: { action: "incident.start", outcome: "allowed" } })).toBe(1);
  });

  test("a hand-over whose turn failed before its card update was queued is made once, and the card shows it", async () => {
    await deliver(h, mentionEvent("ticket the scanner on floor 3 drops every second page", { channel: "CTURN2", ts: "1700600001.000100", user: ALEX }), "EvTurnTicket2");
    const t = await until(() => h.db.prisma.ticket.findFirst({ where: { title: { contains: "scanner on floor 3" } } }), 20_000);
    await drained(h);
    const posted = (await h.db.prisma.postedMessage.findUnique({ where: { key: `ticket:${t.id}` } }))!;
    const value = { ticket: t.id, card: `ticket:${t.id}` };

    const injected = failNextCompletion();
    await h.slackForm(slackClick("ticket-handover", value, { user: ALEX, channel: "CTURN2", inputs: { to: "msp", note: "the scanner is under the MSP's lease" } }));
    const update = await h.slack.waitForMethod("chat.update", (b) => b.ts === posted.messageId && String(b.blocks).includes("the scanner is under the MSP"), 20_000);
    expect(String(update.blocks)).toContain("with the MSP");
    await drained(h);
    expect(injected.failed()).toBe(true);

    const row = (await ticketRow(h, t.number))!;
    expect(row.court).toBe("msp");
    expect(row.events.filter((e) => e.type === "handover")).toHaveLength(1);
    // The event handled again did not meet its own hand-over ("It is already with the MSP").
    expect(h.slack.method("chat.postEphemeral").filter((c) => /already with/.test(String(c.body.text)))).toEqual([]);
  });

  test("Teams: a card button handled inside the request whose replies could not be stored leaves nothing, and the click again does it once", async () => {
    const where = { serviceUrl: h.connector.serviceUrl, conversationId: "19:turn-commit@thread.tacv2", from: TEAMS_ALEX };
    const message = teamsMessage("ticket the projector in room 4 shows no picture", where);
    await h.teams(message);
    const card = await h.connector.waitForActivity((a) => JSON.stringify(a).includes("projector in room 4"), 20_000);
    const t = (await h.db.prisma.ticket.findFirst({ where: { title: { contains: "projector in room 4" } } }))!;
    await drained(h);
    const handover = teamsAction(cardOfActivity(card.body), "ticket-handover");
    const click = teamsExecute("ticket-handover", { ...handover.data, to: "msp", note: "the projector is on the MSP's contract" }, { ...where, replyToId: card.body.id });

    const injected = failNextCompletion();
    await (await h.teams(click)).arrayBuffer();
    expect(injected.failed()).toBe(true);
    // Nothing of the failed attempt stayed: the ticket is still with internal IT.
    expect((await ticketRow(h, t.number))!.court).toBe("internal");

    const again = await h.teams(click);
    expect(again.status).toBe(200);
    const row = (await ticketRow(h, t.number))!;
    expect(row.court).toBe("msp");
    expect(row.events.filter((e) => e.type === "handover")).toHaveLength(1);
    expect(JSON.stringify(await again.json())).toContain("the projector is on the MSP");
  });
});
