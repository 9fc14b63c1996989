import { randomUUID } from "node:crypto";
import { startHarness, type Harness } from "../support/harness";
import { teamsMessage } from "../support/teams-activities";
import { FAKE_AAD_TOKEN, FakeAad, fakeBotFrameworkAuth } from "../fakes/aad";
import { FakeOpenIdMetadata } from "../fakes/openid";

// Teams auth on, fully offline: the Bot Connector's OpenID metadata and keys, and Entra ID's token endpoint, are
// local fakes (testing-offline.md section 1).
const PASSWORD = "test-app-secret";

describe.each(["pglite", "postgres"] as const)("Teams with auth on [%s]", (kind) => {
  // One app per block: the Bot Framework SDK caches outbound tokens per app id across adapters.
  const APP_ID = randomUUID();
  const AUTH_ENV = { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: PASSWORD, MICROSOFT_APP_TYPE: "MultiTenant" };
  let openid: FakeOpenIdMetadata;
  let aad: FakeAad;
  let h: Harness;

  beforeAll(async () => {
    openid = await new FakeOpenIdMetadata().start();
    aad = await new FakeAad().start();
    h = await startHarness({ kind, env: AUTH_ENV, teamsAuth: fakeBotFrameworkAuth(APP_ID, PASSWORD, openid, aad) });
  });
  afterAll(async () => {
    await h?.stop();
    await aad?.stop();
    await openid?.stop();
  });

  // As Teams sends it with a registered bot: the bot is "28:<app id>", in the recipient and in the mention.
  const help = (conversationId: string) => {
    const activity = teamsMessage("help", { serviceUrl: h.connector.serviceUrl, conversationId });
    const bot = { id: `28:${APP_ID}`, name: "Tandem" };
    return { ...activity, recipient: bot, entities: activity.entities.map((e) => ({ ...e, mentioned: bot })) };
  };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const repliesTo = (conversationId: string) => h.connector.sent().filter((c) => decodeURIComponent(c.path).includes(conversationId));
  const settle = () => new Promise((r) => setTimeout(r, 400));

  test("a request without a token gets 401 and is neither stored nor answered", async () => {
    const before = await h.db.prisma.inboxEvent.count();
    const res = await h.teams(help("19:unsigned@thread.tacv2"));
    expect(res.status).toBe(401);
    await settle();
    expect(repliesTo("19:unsigned@thread.tacv2")).toHaveLength(0);
    expect(await h.db.prisma.inboxEvent.count()).toBe(before);
  });

  test("a token for another bot (wrong audience) gets 401", async () => {
    const token = openid.channelToken({ appId: randomUUID(), serviceUrl: h.connector.serviceUrl });
    const res = await h.teams(help("19:audience@thread.tacv2"), bearer(token));
    expect(res.status).toBe(401);
    await settle();
    expect(repliesTo("19:audience@thread.tacv2")).toHaveLength(0);
  });

  test("an expired token gets 401", async () => {
    const token = openid.channelToken({ appId: APP_ID, serviceUrl: h.connector.serviceUrl, expiresInSeconds: -3600 });
    const res = await h.teams(help("19:expired@thread.tacv2"), bearer(token));
    expect(res.status).toBe(401);
  });

  test("a token issued for another service URL gets 401", async () => {
    const token = openid.channelToken({ appId: APP_ID, serviceUrl: "https://smba.trafficmanager.net/elsewhere/" });
    const res = await h.teams(help("19:serviceurl@thread.tacv2"), bearer(token));
    expect(res.status).toBe(401);
  });

  test("a valid channel token gets 200, and the reply reaches the connector with the bot's own AAD token", async () => {
    const conversationId = `19:signed-${kind}@thread.tacv2`;
    const token = openid.channelToken({ appId: APP_ID, serviceUrl: h.connector.serviceUrl });
    const res = await h.teams(help(conversationId), bearer(token));
    expect(res.status).toBe(200);
    const reply = await h.connector.waitForActivity((_a, c) => decodeURIComponent(c.path).includes(conversationId));
    expect(reply.headers.authorization).toBe(`Bearer ${FAKE_AAD_TOKEN}`);
    expect(reply.body.attachments[0].contentType).toBe("application/vnd.microsoft.card.adaptive");
    // Client credentials for this app, for the Bot Connector's scope.
    const tokenRequest = aad.tokenRequests().at(-1)!;
    expect(tokenRequest.body).toMatchObject({ grant_type: "client_credentials", client_id: APP_ID, scope: "https://api.botframework.com/.default" });
  });

  test("with only the environment set (the stock Bot Framework auth), an unsigned request gets 401", async () => {
    const stock = await startHarness({ env: AUTH_ENV, sharedDatabase: h.db, slack: h.slack, connector: h.connector });
    try {
      expect(stock.tandem.config.teamsAuth).toBe(true);
      const res = await stock.teams(help("19:stock@thread.tacv2"));
      expect(res.status).toBe(401);
      await settle();
      expect(repliesTo("19:stock@thread.tacv2")).toHaveLength(0);
    } finally {
      await stock.stop();
    }
  });
});
