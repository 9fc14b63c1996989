// The ticket sink: a signed webhook to the client's PSA, delivered by durable jobs and retried with backoff when
// the PSA is down (a local HTTP fake that fails first). Off by default. Both databases.
import { createHmac } from "node:crypto";
import type { Harness } from "../support/harness";
import { mentionEvent } from "../support/slack-requests";
import { HttpFake } from "../fakes/http-fake";
import { verifySignature } from "../../src/adapters/webhook/signature";
import { ALEX, BUSINESS, NIA, slackClick, startTicketHarness, ticketRow, until } from "./tickets-support";

const SECRET = "psa-shared-secret-0123456789";

describe.each(["pglite", "postgres"] as const)("ticket webhook sink [%s]", (kind) => {
  let h: Harness;
  let clock: { at: Date };
  let psa: HttpFake;
  let failures = 0;
  beforeAll(async () => {
    psa = await new HttpFake(() => (failures-- > 0 ? { status: 503, body: { error: "maintenance" } } : { status: 200, body: { ok: true } })).start();
    ({ h, clock } = await startTicketHarness({ kind }));
  });
  afterAll(async () => {
    await h.stop();
    await psa.stop();
  });
  const webhookJobs = () => h.db.prisma.job.count({ where: { kind: "ticket-webhook" } });

  test("off by default: tickets schedule no deliveries", async () => {
    await h.slackEvent(mentionEvent("ticket the scanner on floor 3 is offline", { ts: "1700001000.000100", user: ALEX }));
    await until(() => ticketRow(h, 1));
    await new Promise((r) => setTimeout(r, 300));
    expect(await webhookJobs()).toBe(0);
    expect(psa.calls).toHaveLength(0);
  });

  test("a created event is signed; a PSA that is down gets it again later with the same delivery id", async () => {
    await h.db.prisma.client.update({ where: { id: "demo" }, data: { settings: { webhook: { url: `${psa.url}/tandem`, secret: SECRET, events: ["created", "resolved"] } } } });
    failures = 1;
    await h.slackEvent(mentionEvent("ticket outlook will not open, it says my mailbox is unavailable", { ts: "1700001100.000100", user: ALEX }));
    const first = await psa.waitFor((c) => c.path === "/tandem");
    expect(first.headers["content-type"]).toBe("application/json");
    expect(first.headers["x-tandem-signature"]).toBe(`sha256=${createHmac("sha256", SECRET).update(first.raw).digest("hex")}`);
    expect(verifySignature(SECRET, first.raw, first.headers["x-tandem-signature"] as string)).toBe(true);
    expect(verifySignature("wrong-secret-wrong-secret", first.raw, first.headers["x-tandem-signature"] as string)).toBe(false);
    expect(first.headers["x-tandem-timestamp"]).toBe(String(Math.floor(BUSINESS.getTime() / 1000)));
    expect(first.headers["x-tandem-event"]).toBe("created");
    expect(first.body).toMatchObject({ type: "created", clientId: "demo", ticket: { key: "HL-2", title: "outlook will not open, it says my mailbox is unavailable", court: "msp", status: "open", category: "email-collaboration" } });

    // The 503 scheduled a retry with backoff: nothing more until the clock reaches it.
    await h.tandem.jobRunner.runDue();
    expect(psa.calls).toHaveLength(1);
    const retry = await h.db.prisma.job.findFirst({ where: { kind: "ticket-webhook", status: "pending" } });
    // 30 s, of which the second half is jitter (the retry policy's backoff).
    expect(retry!.runAt.getTime() - BUSINESS.getTime()).toBeGreaterThanOrEqual(15_000);
    expect(retry!.runAt.getTime() - BUSINESS.getTime()).toBeLessThanOrEqual(30_000);
    expect(retry!.payload).toMatchObject({ attempt: 2, firstFailedAt: BUSINESS.toISOString() });

    clock.at = new Date(BUSINESS.getTime() + 31_000);
    await h.tandem.jobRunner.runDue();
    await until(async () => psa.calls.length === 2);
    const second = psa.calls[1];
    expect(second.raw).toBe(first.raw);
    expect(second.headers["x-tandem-delivery"]).toBe(first.headers["x-tandem-delivery"]);
    expect(second.headers["x-tandem-timestamp"]).toBe(String(Math.floor(clock.at.getTime() / 1000)));
    await h.tandem.jobRunner.runDue();
    expect(psa.calls).toHaveLength(2);
    expect(await h.db.prisma.job.count({ where: { kind: "ticket-webhook", status: "pending" } })).toBe(0);
  });

  test("only the subscribed events are sent: an update is not, a resolution is", async () => {
    const t = (await ticketRow(h, 2))!;
    const value = { ticket: t.id, card: `ticket:${t.id}` };
    await h.slackForm(slackClick("ticket-take", value, { user: NIA }));
    await until(async () => (await ticketRow(h, 2))!.ownerName === "Nia Tech");
    await h.slackForm(slackClick("ticket-resolve", value, { user: NIA, inputs: { note: "profile rebuilt" } }));
    const resolved = await psa.waitFor((c) => c.body?.type === "resolved");
    expect(resolved.body.ticket).toMatchObject({ key: "HL-2", status: "resolved", owner: "Nia Tech" });
    expect(psa.calls.filter((c) => c.body?.type === "updated")).toHaveLength(0);
  });
});
