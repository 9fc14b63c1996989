// A page-check timer refreshes a card (who was paged, how, when) while a person changes the same ticket or incident.
// On PostgreSQL the timer's turn and the person's turn run at once on two connections: the card the timer queues
// must not be older than the one the person's turn queued, or the card shown last (in the channel, for good) says
// the incident was never acknowledged when it was. The interleaving is made deterministic: the timer is held after
// it read the incident, until the acknowledgement's card is queued (or, when the timer's read holds the person's turn
// back, for a few seconds).
import { PrismaPageLog } from "../../src/adapters/db/page-log-repo";
import { startHarness, type Harness } from "../support/harness";
import { blockActionForm, commandForm } from "../support/slack-requests";
import { NIA, SAM, addPeople, blocksOf, drained, slackElements, until } from "./incident-support";
import * as tickets from "./tickets-support";

/** Holds the first page-log read of a subject starting with `prefix` after `arm()` until `release` (or `maxMs`). */
function pageLogGate(prefix: string, maxMs: number) {
  const real = PrismaPageLog.prototype.deliveries;
  let armed = false;
  let hit = false;
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const spy = jest.spyOn(PrismaPageLog.prototype, "deliveries").mockImplementation(async function (this: PrismaPageLog, subject: string) {
    if (armed && !hit && subject.startsWith(prefix)) {
      hit = true;
      await Promise.race([opened, new Promise((r) => setTimeout(r, maxMs))]);
    }
    return real.call(this, subject);
  });
  return { arm: () => (armed = true), hit: () => hit, release: () => open(), restore: () => spy.mockRestore() };
}

interface Race {
  /** "incident" or "ticket": the subject's card key and page-check job are named after it. */
  kind: "incident" | "ticket";
  id: string;
  /** The moment the page check is due (it was scheduled 20 s after the page). */
  moveClock: () => void;
  acknowledge: () => Promise<void>;
  /** Text the card shows once acknowledged. */
  acked: string;
  isAcked: () => Promise<boolean>;
}

/**
 * The page check is held after it read its subject, at its read of the pages; meanwhile the acknowledgement is made.
 * The hold ends once the acknowledgement's card is queued, or after a few seconds when the page check's read holds
 * the acknowledgement back. Returns the card as the platform shows it last.
 */
async function raceAcknowledgement(h: Harness, race: Race): Promise<string> {
  const key = `${race.kind}:${race.id}`;
  const cardTs = (await h.db.prisma.postedMessage.findUniqueOrThrow({ where: { key } })).messageId;
  const gate = pageLogGate(`${race.kind}:`, 4_000);
  try {
    gate.arm();
    race.moveClock();
    await until(async () => gate.hit(), 20_000);
    const armedAt = (await h.db.prisma.outboxMessage.aggregate({ _max: { id: true } }))._max.id ?? 0n;
    await race.acknowledge();
    const ackQueued = until(
      async () => (await h.db.prisma.outboxMessage.findMany({ where: { op: "update", messageKey: key, id: { gt: armedAt } } })).some((r) => JSON.stringify(r.payload).includes(race.acked)),
      10_000,
    ).catch(() => false);
    await Promise.race([ackQueued, new Promise((r) => setTimeout(r, 5_000))]);
    gate.release();
    await until(race.isAcked, 20_000);
    // Both turns committed: the page check is done, and whatever it queued is sent.
    await until(async () => (await h.db.prisma.job.findFirst({ where: { kind: `${race.kind}-page-check`, key: { endsWith: ":r0:1" } } }))?.status === "done", 20_000);
    await drained(h);
  } finally {
    gate.restore();
  }
  const updates = h.slack.method("chat.update").filter((c) => c.body.ts === cardTs);
  expect(updates.length).toBeGreaterThan(0);
  return JSON.stringify(blocksOf(updates[updates.length - 1].body));
}

describe("a card refreshed by a timer while a person changes its subject [postgres]", () => {
  let h: Harness;
  let current = new Date("2026-03-06T23:00:00Z");
  beforeAll(async () => {
    h = await startHarness({ kind: "postgres", clock: { now: () => current } });
    await addPeople(h);
  });
  afterAll(async () => {
    await h.stop();
  });

  test("the incident card shown last has the acknowledgement made while the page check ran", async () => {
    await h.slackForm(commandForm("/incident", "sev1 ransomware files encrypted on FS01", { user: SAM }));
    const card = await h.slack.waitForMethod("chat.postMessage", (b) => blocksOf(b).length > 5 && String(b.text).includes("incident IR-1:"));
    await drained(h);
    const incident = await h.db.prisma.incident.findFirstOrThrow();
    const cardTs = (await h.db.prisma.postedMessage.findUniqueOrThrow({ where: { key: `incident:${incident.id}` } })).messageId;
    const ack = slackElements(blocksOf(card)).find((e) => String(e.action_id).startsWith("incident-ack"));
    expect(ack).toBeDefined();
    const shown = await raceAcknowledgement(h, {
      kind: "incident",
      id: incident.id,
      moveClock: () => (current = new Date("2026-03-06T23:04:00Z")),
      acknowledge: async () => void (await h.slackForm(blockActionForm("incident-ack", JSON.parse(ack!.value), { user: NIA, messageTs: cardTs }))),
      acked: "MSP acknowledged (Nia NOC)",
      isAcked: async () => (await h.db.prisma.incident.findFirstOrThrow()).ackedAt !== null,
    });
    expect(shown).toContain("MSP acknowledged (Nia NOC) after 4m");
  });
});

describe("a ticket card refreshed by a timer while the MSP acknowledges [postgres]", () => {
  let h: Harness;
  let current = tickets.BUSINESS;
  beforeAll(async () => {
    h = await startHarness({ kind: "postgres", clock: { now: () => current } });
    await tickets.addPeople(h);
  });
  afterAll(async () => {
    await h.stop();
  });

  test("the ticket card shown last has the acknowledgement made while the page check ran", async () => {
    await h.slackForm(commandForm("/escalate", "sev2 server down: the file server FS01 is offline", { user: tickets.ALEX }));
    const ticket = await until(() => h.db.prisma.ticket.findFirst({ where: { escalatedAt: { not: null } } }));
    await until(() => h.db.prisma.postedMessage.findUnique({ where: { key: `ticket:${ticket.id}` } }));
    await drained(h);
    const shown = await raceAcknowledgement(h, {
      kind: "ticket",
      id: ticket.id,
      moveClock: () => (current = new Date(tickets.BUSINESS.getTime() + 4 * 60_000)),
      acknowledge: async () => void (await h.slackForm(tickets.slackClick("ticket-ack", { ticket: ticket.id, card: `page:${ticket.id}` }, { user: tickets.NIA, channel: "DNIA" }))),
      acked: "Acknowledged by Nia Tech",
      isAcked: async () => (await h.db.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).ackedAt !== null,
    });
    expect(shown).toContain("Acknowledged by Nia Tech");
  });
});
