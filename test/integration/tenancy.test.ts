import { randomUUID } from "node:crypto";
import { startHarness, type Harness } from "../support/harness";
import { dmEvent, eventEnvelope, mentionEvent, type SlackUser } from "../support/slack-requests";
import { teamsMessage, type TeamsUser } from "../support/teams-activities";
import { until } from "../support/wait";
import { FakeAad, fakeBotFrameworkAuth } from "../fakes/aad";
import { FakeOpenIdMetadata } from "../fakes/openid";

// Every conversation belongs to one client or to none. A channel belongs to the client an admin linked it to; a 1:1
// chat belongs to the client of the person speaking (their people entry, else their workspace or tenant); a person
// Tandem cannot place sees nothing of any client. In production an unlinked channel sees nothing either.

const ACME_STAFF: SlackUser = { id: "UACMESTAFF", team: "TACME", name: "acme-staff" };
const ACME_IT: SlackUser = { id: "UACMEIT", team: "TACME", name: "acme-it" };
const STRANGER: SlackUser = { id: "USTRANGER", team: "TNOBODY", name: "stranger" };

/** An Events API envelope from the workspace `team` (where the app is installed). */
const envelope = (team: string, event: Record<string, unknown>) => JSON.stringify({ ...eventEnvelope(event), team_id: team });
const text = (b: { text?: string; blocks?: string }) => `${b.text ?? ""} ${b.blocks ?? ""}`;

async function demoTicket(h: Harness, title: string) {
  const client = await h.db.prisma.client.update({ where: { id: "demo" }, data: { nextTicket: { increment: 1 } } });
  return h.db.prisma.ticket.create({ data: { clientId: "demo", number: client.nextTicket - 1, title, court: "internal", createdBy: "slack:T1:UALICE" } });
}

async function addAcme(h: Harness) {
  await h.db.prisma.client.create({ data: { id: "acme", name: "Acme", ticketPrefix: "AC", nextTicket: 2 } });
  // What `tandem clients link acme --platform slack --channel CACME --team TACME` stores.
  await h.db.prisma.channel.create({ data: { clientId: "acme", platform: "slack", externalId: "CACME", teamId: "TACME" } });
  await h.db.prisma.person.create({ data: { clientId: "acme", platform: "slack", teamId: "TACME", userId: ACME_IT.id, displayName: "Acme IT", roles: ["internal-it"] } });
  await h.db.prisma.ticket.create({ data: { clientId: "acme", number: 1, title: "acme printer jam", court: "internal" } });
}

describe("development mode: two clients on one deployment", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await addAcme(h);
    await demoTicket(h, "maple ridge payroll secret");
  });
  afterAll(async () => h?.stop());

  test("internal IT of client B asking in a DM gets client B's tickets, not client A's", async () => {
    await h.slackPost(envelope("TACME", dmEvent("open tickets", { user: ACME_IT, channel: "DACMEIT" })), "application/json");
    const reply = await h.slack.waitForMethod("chat.postMessage", (b) => b.channel === "DACMEIT");
    expect(text(reply)).toContain("AC-1");
    expect(text(reply)).not.toContain("payroll secret");
  });

  test("staff of client B, placed by their workspace, cannot read client A's tickets in a DM", async () => {
    await h.slackPost(envelope("TACME", dmEvent("open tickets", { user: ACME_STAFF, channel: "DACMESTAFF" })), "application/json");
    await h.slackPost(envelope("TACME", dmEvent("matrix", { user: ACME_STAFF, channel: "DACMESTAFF" })), "application/json");
    await h.slackPost(envelope("TACME", dmEvent("my tickets", { user: ACME_STAFF, channel: "DACMESTAFF" })), "application/json");
    await h.settle();
    // What was said to them (messages, not the name look-ups made on the way): one answer to each of the three.
    const toStaff = () => h.slack.calls.filter((c) => /^\/api\/chat\.post/.test(c.path) && (c.body?.channel === "DACMESTAFF" || c.body?.user === ACME_STAFF.id));
    await until(async () => toStaff().length >= 3, 8000);
    const said = toStaff().map((c) => text(c.body)).join("\n");
    expect(said).not.toContain("payroll secret");
    expect(said).not.toContain("Maple Ridge");
    expect(said).toContain("Only internal IT, the MSP or a Tandem admin can list the client's open tickets");
    expect(said).toContain("Your open tickets: Nothing open.");
  });

  test("a channel's tenant is never changed by a message from another tenant", async () => {
    const conversationId = `19:${randomUUID()}@thread.tacv2`;
    await h.teams(teamsMessage("help", { serviceUrl: h.connector.serviceUrl, conversationId }));
    expect((await h.db.prisma.channel.findFirstOrThrow({ where: { externalId: conversationId } })).teamId).toBe("tenant-1");
    const forged = teamsMessage("help", { serviceUrl: h.connector.serviceUrl, conversationId });
    const other = { ...forged, conversation: { ...forged.conversation, tenantId: "tenant-evil" }, channelData: { ...forged.channelData, tenant: { id: "tenant-evil" } } };
    expect((await h.teams(other)).status).toBe(200);
    await h.settle();
    expect((await h.db.prisma.channel.findFirstOrThrow({ where: { externalId: conversationId } })).teamId).toBe("tenant-1");
  });
});

describe.each(["pglite", "postgres"] as const)("production mode (NODE_ENV=production) [%s]", (kind) => {
  const APP_ID = randomUUID();
  const PASSWORD = "test-app-secret";
  let openid: FakeOpenIdMetadata;
  let aad: FakeAad;
  let h: Harness;

  beforeAll(async () => {
    openid = await new FakeOpenIdMetadata().start();
    aad = await new FakeAad().start();
    h = await startHarness({
      kind,
      env: { NODE_ENV: "production", MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: PASSWORD, MICROSOFT_APP_TYPE: "MultiTenant" },
      teamsAuth: fakeBotFrameworkAuth(APP_ID, PASSWORD, openid, aad),
    });
    await addAcme(h);
  });
  afterAll(async () => {
    await h?.stop();
    await aad?.stop();
    await openid?.stop();
  });

  const teams = (said: string, from: TeamsUser, tenant: string, conversationId: string, personal: boolean) => {
    const a = teamsMessage(said, { serviceUrl: h.connector.serviceUrl, conversationId, personal, from });
    const bot = { id: `28:${APP_ID}`, name: "Tandem" };
    const body = {
      ...a,
      recipient: bot,
      entities: a.entities.map((e) => ({ ...e, mentioned: bot })),
      conversation: { ...a.conversation, tenantId: tenant },
      channelData: { ...a.channelData, tenant: { id: tenant } },
    };
    return h.teams(body, { authorization: `Bearer ${openid.channelToken({ appId: APP_ID, serviceUrl: h.connector.serviceUrl })}` });
  };

  test("a channel nobody linked sees nothing of any client: it is told how to get linked", async () => {
    await h.slackPost(envelope("T1", mentionEvent("open tickets", { channel: "CUNLINKED" })), "application/json");
    const told = await h.slack.waitForMethod("chat.postEphemeral", (b) => b.channel === "CUNLINKED");
    expect(told.text).toBe("This channel is not linked to a client yet, so I can't show anything here. Ask your IT team to link it: tandem clients link CLIENT_ID --platform slack --channel CUNLINKED");
    expect((await h.db.prisma.channel.findFirstOrThrow({ where: { externalId: "CUNLINKED" } })).clientId).toBeNull();
    expect(await h.db.prisma.client.count()).toBe(1); // no default client was made for it
    expect(h.slack.calls.filter((c) => c.body?.channel === "CUNLINKED")).toHaveLength(1);
  });

  test("once an admin links it, the channel answers for its client", async () => {
    await h.db.prisma.channel.update({ where: { platform_externalId: { platform: "slack", externalId: "CUNLINKED" } }, data: { clientId: "acme" } });
    await h.slackPost(envelope("T1", mentionEvent("help", { channel: "CUNLINKED" })), "application/json");
    const help = await h.slack.waitForMethod("chat.postMessage", (b) => b.channel === "CUNLINKED");
    expect(text(help)).toContain("Acme");
  });

  test("a Slack DM from someone Tandem cannot place is told to get linked, and sees no client data", async () => {
    await h.slackPost(envelope("TNOBODY", dmEvent("open tickets", { user: STRANGER, channel: "DSTRANGER" })), "application/json");
    const told = await h.slack.waitForMethod("chat.postEphemeral", (b) => b.channel === "DSTRANGER");
    expect(told.text).toBe("I don't know which company you're with yet, so I can't show you anything. Ask your IT team to link you in Tandem.");
  });

  test("a Teams 1:1 chat from a user of another tenant gets the same answer, not a client's tickets", async () => {
    const res = await teams("open tickets", { id: "29:outsider", aadObjectId: "aad-outsider", name: "Outsider" }, "tenant-other", "a:outsider", true);
    expect(res.status).toBe(200);
    const reply = await h.connector.waitForActivity((_a, c) => decodeURIComponent(c.path).includes("a:outsider"));
    expect(reply.body.text).toBe("I don't know which company you're with yet, so I can't show you anything. Ask your IT team to link you in Tandem.");
  });

  test("staff of a client, placed by their workspace, get that client in a DM", async () => {
    await h.slackPost(envelope("TACME", dmEvent("help", { user: ACME_STAFF, channel: "DACMESTAFF2" })), "application/json");
    const help = await h.slack.waitForMethod("chat.postMessage", (b) => b.channel === "DACMESTAFF2");
    expect(text(help)).toContain("Acme");
  });

  test("someone listed for several clients is asked to use that client's channel", async () => {
    await h.db.prisma.client.create({ data: { id: "birch", name: "Birch" } });
    for (const clientId of ["acme", "birch"])
      await h.db.prisma.person.create({ data: { clientId, platform: "slack", teamId: "TMSP", userId: "UMSPTECH", roles: ["msp-tech"] } });
    await h.slackPost(envelope("TMSP", dmEvent("open tickets", { user: { id: "UMSPTECH", team: "TMSP" }, channel: "DMSPTECH" })), "application/json");
    const told = await h.slack.waitForMethod("chat.postEphemeral", (b) => b.channel === "DMSPTECH");
    expect(told.text).toContain("You work with several clients in Tandem (Acme, Birch)");
  });
});
