import { randomUUID } from "node:crypto";
import { startHarness, type Harness } from "../support/harness";
import { teamsMessage } from "../support/teams-activities";
import { until } from "../support/wait";
import { FakeAad, fakeBotFrameworkAuth } from "../fakes/aad";
import { FakeOpenIdMetadata } from "../fakes/openid";
import { FakeBotConnector } from "../fakes/bot-connector";
import { isTrustedServiceUrl } from "../../src/adapters/teams/service-url";

// The bot's Bot Connector token goes only to Microsoft's Bot Connector hosts (https), and with TEAMS_AUTH=off also
// to loopback (the Agents Playground, local fakes). A reference stored from a forged activity, or before
// authentication was turned on, is checked again before every send.

describe("which service URLs are trusted", () => {
  const authOn = { allowLoopback: false };
  const dev = { allowLoopback: true };
  test.each([
    ["https://smba.trafficmanager.net/amer/", authOn, true],
    ["https://smba.trafficmanager.net/teams/", authOn, true],
    ["https://smba.infra.gcc.teams.microsoft.com/teams", authOn, true],
    ["https://smba.infra.gov.teams.microsoft.us/teams", authOn, true],
    ["https://smba.infra.dod.teams.microsoft.us/teams", authOn, true],
    ["http://smba.trafficmanager.net/amer/", authOn, false],
    ["https://smba.trafficmanager.net:8443/amer/", authOn, false],
    ["https://smba.trafficmanager.net.evil.example/", authOn, false],
    ["https://user:pw@smba.trafficmanager.net/amer/", authOn, false],
    ["http://127.0.0.1:56150/_connector", authOn, false],
    ["http://127.0.0.1:56150/_connector", dev, true],
    ["http://localhost:56150/_connector", dev, true],
    ["http://10.0.0.5/", dev, false],
    ["https://evil.example/", dev, false],
    ["javascript:alert(1)", dev, false],
    ["file:///etc/passwd", dev, false],
    ["not a url", dev, false],
  ] as const)("%s (%o) -> %s", (url, policy, trusted) => {
    expect(isTrustedServiceUrl(url, policy)).toBe(trusted);
  });
});

describe("with TEAMS_AUTH=off", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.stop());

  test.each(["javascript:alert(1)", "file:///etc/passwd", "https://evil.example/", "http://169.254.169.254/latest/"])(
    "an activity naming %s is refused (403) and no reference is stored",
    async (serviceUrl) => {
      const conversationId = `19:${randomUUID()}@thread.tacv2`;
      const res = await h.teams(teamsMessage("help", { serviceUrl, conversationId }));
      expect(res.status).toBe(403);
      expect(await h.db.prisma.channel.findFirst({ where: { externalId: conversationId } })).toBeNull();
      expect(await h.db.prisma.inboxEvent.count({ where: { conversation: `teams:${conversationId}` } })).toBe(0);
    },
  );

  test("a loopback service URL (the Agents Playground, a local fake) works", async () => {
    const res = await h.teams(teamsMessage("help", { serviceUrl: h.connector.serviceUrl, conversationId: "19:loopback@thread.tacv2" }));
    expect(res.status).toBe(200);
    await h.connector.waitForActivity((_a, c) => decodeURIComponent(c.path).includes("19:loopback@thread.tacv2"));
  });
});

describe.each(["pglite", "postgres"] as const)("with authentication on [%s]", (kind) => {
  const APP_ID = randomUUID();
  const PASSWORD = "test-app-secret";
  let openid: FakeOpenIdMetadata;
  let aad: FakeAad;
  let attacker: FakeBotConnector;
  let h: Harness;

  beforeAll(async () => {
    openid = await new FakeOpenIdMetadata().start();
    aad = await new FakeAad().start();
    attacker = await new FakeBotConnector().start();
    h = await startHarness({
      kind,
      env: { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: PASSWORD, MICROSOFT_APP_TYPE: "MultiTenant" },
      teamsAuth: fakeBotFrameworkAuth(APP_ID, PASSWORD, openid, aad),
    });
  });
  afterAll(async () => {
    await h?.stop();
    await attacker?.stop();
    await aad?.stop();
    await openid?.stop();
  });

  const signed = (text: string, conversationId: string, serviceUrl: string, token?: string) => {
    const activity = teamsMessage(text, { serviceUrl, conversationId });
    const bot = { id: `28:${APP_ID}`, name: "Tandem" };
    const body = { ...activity, recipient: bot, entities: activity.entities.map((e) => ({ ...e, mentioned: bot })) };
    return h.teams(body, { authorization: `Bearer ${token ?? openid.channelToken({ appId: APP_ID, serviceUrl })}` });
  };

  test("a token signed with another key under the right key id gets 401 with no library text", async () => {
    const res = await signed("help", "19:forged@thread.tacv2", h.connector.serviceUrl, openid.channelToken({ appId: APP_ID, serviceUrl: h.connector.serviceUrl, forged: true }));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "unauthorized" });
  });

  test("a token not valid yet (nbf in the future) gets 401 with no library text", async () => {
    const later = Math.floor(Date.now() / 1000) + 3600;
    const token = openid.channelToken({ appId: APP_ID, serviceUrl: h.connector.serviceUrl, expiresInSeconds: 7200, claims: { nbf: later, iat: later } });
    const res = await signed("help", "19:early@thread.tacv2", h.connector.serviceUrl, token);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "unauthorized" });
  });

  test("an authenticated activity naming an untrusted service URL is refused (403) and its reference not stored", async () => {
    const res = await signed("help", "19:elsewhere@thread.tacv2", attacker.serviceUrl);
    expect(res.status).toBe(403);
    expect(await h.db.prisma.channel.findFirst({ where: { externalId: "19:elsewhere@thread.tacv2" } })).toBeNull();
    expect(attacker.calls).toHaveLength(0);
  });

  test("a reference stored before authentication was on, with another host, never gets the bot's token", async () => {
    // What an unauthenticated request left behind: a channel and a 1:1 chat whose references name the attacker.
    const client = await h.db.prisma.client.findFirstOrThrow();
    const reference = (conversationId: string, personal: boolean) => ({
      bot: { id: "28:tandem-bot", name: "Tandem" },
      user: personal ? { id: "29:victim", aadObjectId: "aad-victim" } : undefined,
      channelId: "msteams",
      serviceUrl: attacker.serviceUrl,
      conversation: { id: conversationId, tenantId: "tenant-stale", ...(personal ? { conversationType: "personal" } : { isGroup: true }) },
    });
    await h.db.prisma.channel.createMany({
      data: [
        { clientId: client.id, platform: "teams", externalId: "19:stale@thread.tacv2", teamId: "tenant-stale", serviceUrl: attacker.serviceUrl, reference: reference("19:stale@thread.tacv2", false) },
        { clientId: client.id, platform: "teams", externalId: "a:stale-dm", teamId: "tenant-stale", isDirect: true, serviceUrl: attacker.serviceUrl, reference: reference("a:stale-dm", true) },
      ],
    });
    // A proactive post in that channel, a DM to a person whose 1:1 chat is stale, and a DM that must open a new
    // chat in that tenant (e.g. an incident page).
    await h.tandem.outbox.enqueue([
      { op: "post", channel: { platform: "teams", id: "19:stale@thread.tacv2", isDirect: false }, reply: { text: "incident update" } },
      { op: "dm", to: { platform: "teams", teamId: "tenant-stale", userId: "aad-victim" }, reply: { text: "you are paged" } },
      { op: "dm", to: { platform: "teams", teamId: "tenant-stale", userId: "aad-other" }, reply: { text: "you are paged" } },
    ]);
    const failed = await until(async () => {
      const rows = await h.db.prisma.outboxMessage.findMany({ where: { platform: "teams", status: "failed" } });
      return rows.length === 3 ? rows : null;
    }, 15_000);
    for (const row of failed) expect(row.lastError).toMatch(/stored serviceUrl is not a trusted Bot Connector address/);
    expect(attacker.calls).toHaveLength(0);
  });

  test("a valid request from the trusted connector is answered there, with the bot's token", async () => {
    const res = await signed("help", `19:trusted-${kind}@thread.tacv2`, h.connector.serviceUrl);
    expect(res.status).toBe(200);
    const reply = await h.connector.waitForActivity((_a, c) => decodeURIComponent(c.path).includes(`19:trusted-${kind}@thread.tacv2`));
    expect(reply.headers.authorization).toMatch(/^Bearer /);
  });
});
