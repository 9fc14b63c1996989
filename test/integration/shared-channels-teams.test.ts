// A Teams shared channel hosted by Maple Ridge with Bluefin's engineers in their own tenant (B2B direct connect),
// driven with real-shaped activities (test/fixtures/teams) through POST /api/messages: Tandem allowed into the
// channel, members of the other tenant recorded with their home tenant (member events and the roster), their
// messages placed in their tenant so their MSP roles apply, the channel shared and unshared, Tandem removed.
import { startHarness, type Harness } from "../support/harness";
import { fixture, teamsFixture } from "../support/fixtures";
import { until } from "../support/wait";

const HOST = "3fee1829-7ae5-45d0-a29d-0c924adb25f1";
const BLUEFIN = "0f8276ea-111b-46af-9512-79ce81d5dea1";
const CHANNEL = "19:a7c5d9e2f4b64c1e8d3a0b9c7e6f5d4c@thread.tacv2";
const SAM_AAD = "b6a2f0c4-8d1e-4f3a-9c7b-5e2d1a0f9e8d";
const NIA_AAD = "c3d9e1f5-2a4b-4c6d-8e0f-1a2b3c4d5e6f";

describe("Teams shared channel with members of another tenant", () => {
  let h: Harness;
  let later = 0; // how far this test has moved Tandem's clock ahead of the wall clock
  beforeAll(async () => {
    h = await startHarness({ kind: "pglite", clock: { now: () => new Date(Date.now() + later) } });
    h.connector.tenants.add(HOST);
    const roster = fixture("teams/roster-pagedmembers.json").members;
    h.connector.roster(CHANNEL, roster.map((m: any) => ({ id: m.id, aadObjectId: m.objectId, name: m.name, tenantId: m.tenantId, email: m.email })));
  });
  afterAll(async () => {
    await h.stop();
  });
  const post = (name: string, patch: Record<string, unknown> = {}) => h.teams(teamsFixture(name, h.connector.serviceUrl, patch));
  const home = (userId: string) => h.db.prisma.chatMember.findMany({ where: { platform: "teams", userId } });

  test("allowed into the shared channel: welcome in the channel, then the roster records each member's home tenant", async () => {
    const res = await post("shared-channel-bot-allowed.json");
    expect(res.status).toBe(200);
    await h.connector.waitForActivity((a, c) => decodeURIComponent(c.path).includes(CHANNEL) && /Tandem/.test(JSON.stringify(a)));
    // The roster job reads GET .../pagedmembers (the channel's own roster, not the host team's).
    await until(async () => (await home(SAM_AAD)).length > 0 || undefined, 10_000);
    expect(h.connector.calls.some((c) => c.method === "GET" && decodeURIComponent(c.path).includes(`${CHANNEL}/pagedmembers`))).toBe(true);
    expect(await home(SAM_AAD)).toEqual([expect.objectContaining({ homeId: BLUEFIN, source: "roster", name: "Sam Sample" })]);
    expect((await home("6f1c2a4e-1b7d-4c1e-9a11-0b5a2f8e7c01"))[0]).toMatchObject({ homeId: HOST });
  });

  test("a member added through the Bluefin team the channel is shared with is recorded in the Bluefin tenant", async () => {
    await post("shared-channel-member-added-transitive.json");
    const rows = await until(async () => ((await home(NIA_AAD)).length ? home(NIA_AAD) : undefined));
    expect(rows).toEqual([expect.objectContaining({ homeId: BLUEFIN, source: "member-event" })]);
  });

  test("the external engineer's message carries only the host tenant; their MSP role (in their own tenant) applies", async () => {
    const blueSam = await h.db.prisma.person.create({ data: { clientId: "demo", platform: "teams", teamId: BLUEFIN, userId: SAM_AAD, aadObjectId: SAM_AAD, displayName: "Sam Sample", roles: ["msp-lead"] } });
    const message = fixture("teams/shared-channel-message-external.json");
    expect(message.conversation.tenantId).toBe(HOST);
    expect(message.from.tenantId).toBeUndefined();
    // "incident ack" is for responders: without the role Tandem says only internal IT and the MSP may.
    await post("shared-channel-message-external.json", { text: "<at>Tandem</at> incident ack" });
    const reply = await h.connector.waitForActivity((a) => /No incident is open|Only internal IT/.test(String(a.text ?? "")));
    expect(String(reply.body.text)).toMatch(/No incident is open/);
    // A sev-1 started by them is recorded as theirs, in their tenant.
    await post("shared-channel-message-external.json", { text: "<at>Tandem</at> incident drill ransomware tabletop" });
    const started = await until(() => h.db.prisma.auditLog.findFirst({ where: { action: "incident.drill" } }));
    expect(started).toMatchObject({ outcome: "allowed", actor: `teams:${BLUEFIN}:${SAM_AAD}` });
    // The live card's Assign menus offer them too, although they sit in another tenant than the channel.
    const card = await h.connector.waitForActivity((a) => String(a.summary ?? "").startsWith("[DRILL] SEV 1 incident"));
    expect(JSON.stringify(card.body.attachments)).toContain(`{"title":"Sam Sample","value":"${blueSam.id}"}`);
  });

  test("channelShared with another organisation's team: a notice naming it and how its people get roles", async () => {
    await post("channel-shared.json");
    const notice = await h.connector.waitForActivity((a) => String(a.text ?? "").includes("now shared with Bluefin NOC"));
    expect(notice.body.text).toContain(`tenant ${BLUEFIN}`);
    expect(notice.body.text).toContain("tandem people add --platform teams --team");
    await post("channel-unshared.json");
    await h.connector.waitForActivity((a) => String(a.text ?? "").includes("no longer shared with Bluefin NOC"));
  });

  test("an escalation pages Bluefin's engineer by @mention; no 1:1 chat across tenants; a refused one is on the card", async () => {
    const ALEX_AAD = "6f1c2a4e-1b7d-4c1e-9a11-0b5a2f8e7c01";
    const OMAR_AAD = "d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f7";
    // Omar is recorded (wrongly) in the host tenant; Teams knows him in Bluefin's: his 1:1 chat is refused.
    h.connector.homes.set(OMAR_AAD, BLUEFIN);
    // In this order: MSP techs are paged in the order they were added.
    const people = [
      { teamId: HOST, userId: ALEX_AAD, displayName: "Alex Example", roles: ["internal-it"] },
      { teamId: HOST, userId: OMAR_AAD, displayName: "Omar Tech", roles: ["msp-tech"] },
      { teamId: BLUEFIN, userId: NIA_AAD, displayName: "Nia Tech", roles: ["msp-tech"] },
    ];
    for (const [i, p] of people.entries()) {
      await h.db.prisma.person.create({ data: { clientId: "demo", platform: "teams", aadObjectId: p.userId, ...p, createdAt: new Date(Date.now() + i * 1000) } });
    }
    const from = { id: "29:1pQ4rLmHost-owner-Alex-0sU8", name: "Alex Example", aadObjectId: ALEX_AAD };
    await post("shared-channel-message-external.json", { from, text: "<at>Tandem</at> escalate sev2 the ERP rejects every login" });
    const card = await h.connector.waitForActivity((a) => JSON.stringify(a.attachments ?? []).includes("ERP rejects every login"));
    // The matrix's MSP contact "Sam Sample" is Bluefin's Sam (his people record is in Bluefin's tenant): @mentioned on
    // the card, and no 1:1 chat is tried with him across tenants.
    expect(card.body.entities.map((e: any) => e.mentioned.id)).toEqual([SAM_AAD]);
    const t = await h.db.prisma.ticket.findFirstOrThrow({ where: { title: { contains: "ERP rejects" } } });
    const settled = () => until(async () => ((await h.db.prisma.outboxMessage.count({ where: { subject: `ticket:${t.id}`, status: { in: ["pending", "sending"] } } })) === 0 ? true : undefined));
    await settled();
    expect(h.connector.calls.filter((c) => c.path === "/v3/conversations" && c.body.members[0].id === SAM_AAD)).toEqual([]);
    later += 60_000; // the page's check
    await h.tandem.jobRunner.runDue();
    // The ticket's card (not an earlier test's incident card) says who was paged, how, and why not directly.
    const ticketCard = (u: { body: unknown }) => JSON.stringify(u.body).includes("ERP rejects every login");
    const paged = await until(async () => h.connector.updates().find((u) => ticketCard(u) && JSON.stringify(u.body).includes("Sam Sample: @mention in the thread")));
    expect(JSON.stringify(paged.body)).toContain("no direct message (another tenant: Teams does not let a bot start a 1:1 chat across tenants)");
    // How and when: the mention's time, in the client's zone.
    expect(JSON.stringify(paged.body)).toMatch(/Sam Sample: @mention in the thread \w{3} \d+ \w{3}, \d\d:\d\d E[SD]T/);

    // Not acknowledged in time: Omar is re-paged in the card's thread. His record says the host tenant, Teams knows
    // him in Bluefin's: the 1:1 chat is refused (403 AclCheckFailed), which the thread and the card then say.
    const ackDue = await h.db.prisma.job.findFirstOrThrow({ where: { kind: "ticket-ack-timeout", status: "pending" } });
    later = ackDue.runAt.getTime() + 60_000 - Date.now();
    await h.tandem.jobRunner.runDue();
    const repage = await h.connector.waitForActivity((a) => String(a.text ?? "").includes("Omar Tech (MSP tech), please acknowledge"));
    expect(decodeURIComponent(repage.path)).toContain(";messageid=");
    expect(repage.body.entities.map((e: any) => e.mentioned.id)).toEqual([OMAR_AAD]);
    const refusal = await until(async () => h.connector.refused().find((c) => c.path === "/v3/conversations"));
    expect(refusal.refused).toMatch(/^403 AclCheckFailed/);
    await settled();
    const row = await h.db.prisma.outboxMessage.findFirstOrThrow({ where: { subject: `ticket:${t.id}`, op: "dm", status: "failed" } });
    expect(row.lastError).toContain("AclCheckFailed");
    const before = h.connector.updates().length;
    later += 60_000;
    await h.tandem.jobRunner.runDue();
    const note = await h.connector.waitForActivity((a) => String(a.text ?? "").startsWith("Tandem could not send Omar Tech a direct message"));
    expect(decodeURIComponent(note.path)).toContain(";messageid=");
    await until(async () => (h.connector.updates().slice(before).some((u) => ticketCard(u) && JSON.stringify(u.body).includes("Omar Tech: @mention in the thread") && JSON.stringify(u.body).includes("direct message FAILED")) ? true : undefined));
  });

  test("Tandem disallowed in the channel: scheduled posts stop going there; allowed again, they resume", async () => {
    await post("shared-channel-bot-removed.json");
    await until(() => h.db.prisma.channel.findFirst({ where: { externalId: CHANNEL, removedAt: { not: null } } }));
    await post("shared-channel-bot-allowed.json");
    await until(() => h.db.prisma.channel.findFirst({ where: { externalId: CHANNEL, removedAt: null } }));
  });
});
