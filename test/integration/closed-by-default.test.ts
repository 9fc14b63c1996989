import { ConfigError, configWarnings, loadConfig } from "../../src/config";
import { PLAYGROUND_USER } from "../../src/adapters/db/seed";
import { PrismaTenancy } from "../../src/adapters/db/tenancy-repo";
import { startHarness, type Harness } from "../support/harness";
import { teamsMessage } from "../support/teams-activities";
import { dmEvent, mentionEvent, type SlackUser } from "../support/slack-requests";
import { spawnTandem, stopTandem } from "../support/tandem-process";
import { freshDatabase, type TestDatabase } from "../support/databases";
import { until } from "../support/wait";

// Closed by default: without Teams credentials /api/messages accepts nobody unless the development switch
// TEAMS_AUTH=off is on (refused in production, and loud when on); without a Slack signing secret there is no
// Slack endpoint at all; the demo client and its admin exist only in development mode.

/** What start-up would say of this environment: none, or each problem. */
function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (e) {
    return (e as ConfigError).problems;
  }
}

/** A forged activity posing as the seeded demo admin (its ids are in the seed and the README). */
function asDemoAdmin(text: string, serviceUrl: string) {
  const a = teamsMessage(text, { serviceUrl, personal: true, conversationId: "a:forged-admin" });
  return {
    ...a,
    from: { id: "29:forged", aadObjectId: PLAYGROUND_USER.aadObjectId, name: "Playground user" },
    conversation: { ...a.conversation, tenantId: PLAYGROUND_USER.tenantId },
    channelData: { tenant: { id: PLAYGROUND_USER.tenantId } },
  };
}

describe("Teams without credentials and without TEAMS_AUTH=off", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { TEAMS_AUTH: "" } });
  });
  afterAll(async () => h?.stop());

  test.each(["open tickets", "incident sev1 ransomware files encrypted", "matrix import https://evil.example/matrix.yaml"])(
    "a forged activity as the demo admin (%s) gets 401; nothing is stored, nothing sent",
    async (text) => {
      const before = await h.db.prisma.inboxEvent.count();
      const res = await h.teams(asDemoAdmin(text, h.connector.serviceUrl));
      expect(res.status).toBe(401);
      expect((await res.json()).error).toMatch(/^Teams is not set up on this Tandem: every request is refused/);
      expect(await h.db.prisma.inboxEvent.count()).toBe(before);
      expect(await h.db.prisma.incident.count()).toBe(0);
      expect(await h.db.prisma.channel.count({ where: { platform: "teams" } })).toBe(0);
      expect(h.connector.calls).toHaveLength(0);
    },
  );

  test("/readyz says Teams refuses every request", async () => {
    const body = await (await fetch(`${h.url}/readyz`)).json();
    expect(body.warnings.join(" ")).toMatch(/Teams is off: \/api\/messages refuses every request/);
  });
});

describe("the development switch", () => {
  test("TEAMS_AUTH=off is refused when NODE_ENV=production, and so are the demo seed and off with credentials", () => {
    expect(problems({ TEAMS_AUTH: "off", NODE_ENV: "production" })).toEqual([expect.stringMatching(/^TEAMS_AUTH: off is a development switch and is refused in production \(NODE_ENV=production\)/)]);
    expect(problems({ SEED_DEMO: "true", NODE_ENV: "production" })).toEqual([expect.stringMatching(/^SEED_DEMO: the demo client exists only in development mode/)]);
    expect(problems({ TEAMS_AUTH: "off", NODE_ENV: "development", MICROSOFT_APP_ID: "a", MICROSOFT_APP_PASSWORD: "b", MICROSOFT_APP_TYPE: "MultiTenant" })).toEqual([expect.stringMatching(/^TEAMS_AUTH: off turns request authentication off/)]);
    expect(loadConfig({ NODE_ENV: "production" })).toMatchObject({ devMode: false, SEED_DEMO: false, teamsMode: "closed" });
    expect(loadConfig({ TEAMS_AUTH: "off", NODE_ENV: "development" })).toMatchObject({ devMode: true, SEED_DEMO: true, teamsMode: "development" });
    expect(loadConfig({})).toMatchObject({ teamsMode: "closed" });
  });

  test("development mode is asked for, never the default: NODE_ENV unset (or anything but development/test) is production", () => {
    // A service started by hand with real credentials and no NODE_ENV: production, not the demo's open house.
    const slack = { SLACK_SIGNING_SECRET: "secret", SLACK_BOT_TOKEN: "xoxb-real" };
    expect(loadConfig(slack)).toMatchObject({ devMode: false, SEED_DEMO: false });
    expect(loadConfig({ ...slack, NODE_ENV: "staging" })).toMatchObject({ devMode: false, SEED_DEMO: false });
    expect(loadConfig({ MICROSOFT_APP_ID: "a", MICROSOFT_APP_PASSWORD: "b", MICROSOFT_APP_TYPE: "MultiTenant" })).toMatchObject({ devMode: false, teamsMode: "authenticated" });
    expect(problems({ TEAMS_AUTH: "off" })).toEqual([expect.stringMatching(/^TEAMS_AUTH: off is a development switch and is refused in production \(NODE_ENV is unset\).*NODE_ENV=development/)]);
    expect(problems({ SEED_DEMO: "true" })).toEqual([expect.stringMatching(/^SEED_DEMO: the demo client exists only in development mode/)]);
    // Asked for, with credentials: allowed, and said.
    const dev = loadConfig({ ...slack, NODE_ENV: "development" });
    expect(dev).toMatchObject({ devMode: true, SEED_DEMO: true });
    expect(configWarnings(dev)).toEqual(expect.arrayContaining([expect.stringMatching(/^Development mode \(NODE_ENV=development\) with platform credentials: channels nobody linked belong to the default client "demo"/)]));
  });

  test("while it is on, Tandem listens on 127.0.0.1 only unless HOST says otherwise", () => {
    expect(loadConfig({ TEAMS_AUTH: "off", NODE_ENV: "development" }).HOST).toBe("127.0.0.1");
    expect(loadConfig({ TEAMS_AUTH: "off", NODE_ENV: "development", HOST: "0.0.0.0" }).HOST).toBe("0.0.0.0");
    expect(loadConfig({}).HOST).toBe("0.0.0.0");
    expect(loadConfig({ NODE_ENV: "production" }).HOST).toBe("0.0.0.0");
  });

  describe("on, in a real process", () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await freshDatabase("postgres");
    });
    afterAll(async () => db?.drop());

    test("it is logged as a warning at start-up and shown on /readyz", async () => {
      const t = await spawnTandem({ DATABASE_URL: db.url!, TEAMS_AUTH: "off" });
      try {
        const warned = await until(async () => t.lines.map((l) => safeJson(l)).find((l) => l?.level === 40 && /TEAMS_AUTH=off/.test(String(l.msg))));
        expect(warned.msg).toMatch(/accepts requests without a Bot Connector token\. For development only/);
        const ready = await (await fetch(`${t.url}/readyz`)).json();
        expect(ready.status).toBe("ready");
        expect(ready.warnings).toEqual([expect.stringMatching(/^TEAMS_AUTH=off: \/api\/messages accepts requests without a Bot Connector token/)]);
        // The hint printed for the Playground names this port: `npm run playground` alone talks to 3978.
        const port = new URL(t.url).port;
        expect(t.lines).toContainEqual(expect.stringContaining(`Chat with it: PORT=${port} npm run playground`));
      } finally {
        await stopTandem(t);
      }
    }, 120_000);
  });
});

describe("Slack without a signing secret", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { SLACK_SIGNING_SECRET: "", SLACK_BOT_TOKEN: "" } });
  });
  afterAll(async () => h?.stop());

  test("/slack/events is not mounted: 404, and nothing is stored", async () => {
    const res = await fetch(`${h.url}/slack/events`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ type: "event_callback", event: { type: "app_mention" } }) });
    expect(res.status).toBe(404);
    expect(await h.db.prisma.inboxEvent.count()).toBe(0);
  });
});

describe.each([
  ["NODE_ENV=production", "production"],
  ["NODE_ENV unset", ""],
])("production mode (%s)", (_name, nodeEnv) => {
  const ALEX: SlackUser = { id: "U01ALEX", team: "T0MAPLE", name: "alex" };
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { NODE_ENV: nodeEnv } });
  });
  afterAll(async () => h?.stop());

  test("no demo client and no demo admin are seeded, and /api/messages refuses every request", async () => {
    expect(await h.db.prisma.client.count()).toBe(0);
    expect(await h.db.prisma.person.count()).toBe(0);
    const res = await h.teams(asDemoAdmin("open tickets", h.connector.serviceUrl));
    expect(res.status).toBe(401);
  });

  test("a Slack channel nobody linked belongs to no client: it is told how to link it, and no client is made for it", async () => {
    await h.slackEvent(mentionEvent("who handles the printer?", { ts: "1700000300.000100", user: ALEX, channel: "CUNLINKED" }));
    const told = await h.slack.waitForMethod("chat.postEphemeral", (b) => b.channel === "CUNLINKED");
    expect(told.text).toMatch(/^This channel is not linked to a client yet/);
    expect(await h.db.prisma.client.count()).toBe(0);
    expect(h.slack.method("chat.postMessage").filter((c) => c.body.channel === "CUNLINKED")).toHaveLength(0);
  });
});

describe("a database first used in development, then started in production", () => {
  const ALEX: SlackUser = { id: "U01ALEX", team: "T0MAPLE", name: "alex" }; // the demo matrix's internal IT lead
  let tdb: TestDatabase;
  let h: Harness;
  beforeAll(async () => {
    tdb = await freshDatabase("pglite");
    const db = await tdb.open();
    // Development: the demo client is seeded and takes in the channel C1 at its first message.
    const dev = await startHarness({ database: db });
    await dev.slackEvent(mentionEvent("open tickets", { ts: "1700000100.000100", user: ALEX }));
    await dev.slack.waitForMethod("chat.postMessage", (b) => b.thread_ts === "1700000100.000100");
    await dev.stop();
    expect((await db.prisma.channel.findFirstOrThrow({ where: { externalId: "C1" } })).clientId).toBe("demo");
    h = await startHarness({ database: db, env: { NODE_ENV: "production" } });
  }, 90_000);
  afterAll(async () => {
    await h?.stop();
    await h?.db.close();
    await tdb?.drop();
  });

  test("the demo client serves nobody: its channel and its people see nothing of it", async () => {
    await h.slackEvent(mentionEvent("open tickets", { ts: "1700000200.000100", user: ALEX }));
    const told = await h.slack.waitForMethod("chat.postEphemeral", (b) => b.channel === "C1");
    expect(told.text).toMatch(/^This channel is not linked to a client yet/);
    await h.slackEvent(dmEvent("open tickets", { user: ALEX, channel: "DALEX" }));
    const dm = await h.slack.waitForMethod("chat.postEphemeral", (b) => b.channel === "DALEX");
    expect(dm.text).toMatch(/^I don't know which company you're with yet/);
    expect(h.slack.method("chat.postMessage").filter((c) => c.body.channel === "C1" || c.body.channel === "DALEX")).toHaveLength(0);
  });

  test("its scheduled posts (standup, reports) reach none of its channels", async () => {
    const production = new PrismaTenancy(h.db.prisma, "demo", { devMode: false });
    expect(await production.channelsOf("demo")).toEqual([]);
    // The same rows in development mode: the channel it took in.
    expect((await new PrismaTenancy(h.db.prisma, "demo", { devMode: true }).channelsOf("demo")).map((c) => c.id)).toEqual(["C1"]);
  });

  test("start-up and /readyz say what is left and how to link the channels", async () => {
    const ready = (await (await fetch(`${h.url}/readyz`)).json()) as { warnings?: string[] };
    expect(ready.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^the demo client "demo" from development mode is in this database: it serves nobody in production, so its 1 channel\(s\) see nothing/)]));
    expect(h.tandem.warnings).toEqual(ready.warnings);
  });
});

function safeJson(line: string): Record<string, unknown> | null {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
}
