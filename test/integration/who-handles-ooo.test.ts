// Out of office through a local fake Microsoft Graph: the owner's named contacts are away, so the answer names
// the backup; Graph failures and slowness never block an answer.
import net from "node:net";
import type { AddressInfo } from "node:net";
import { startHarness, type Harness } from "../support/harness";
import { mentionEvent } from "../support/slack-requests";
import { teamsMessage } from "../support/teams-activities";
import { FakeGraph } from "../fakes/graph";
import { freshDatabase } from "../support/databases";

const BUSINESS = new Date("2026-09-08T14:00:00Z"); // Tue 10:00 in Toronto
const ALEX = "6f1c2a4e-1b7d-4c1e-9a11-0b5a2f8e7c01";
const PRIYA = "0d9e8b7a-2c3f-4e5d-8a6b-1c2d3e4f5a6b";
const blocksText = (b: any) => String(b.blocks ?? "").replace(/&amp;/g, "&");

describe.each(["pglite", "postgres"] as const)("out of office via Microsoft Graph [%s]", (kind) => {
  let h: Harness;
  let graph: FakeGraph;

  beforeAll(async () => {
    graph = await new FakeGraph().start();
    graph.setAway(ALEX, { status: "alwaysEnabled" });
    graph.setAway(PRIYA, {
      status: "scheduled",
      scheduledStartDateTime: { dateTime: "2026-09-07T00:00:00.0000000", timeZone: "UTC" },
      scheduledEndDateTime: { dateTime: "2026-09-12T00:00:00.0000000", timeZone: "UTC" },
    });
    // The MSP's account lead is away only next month: in now.
    graph.setAway("sam.sample@bluefin.example", {
      status: "scheduled",
      scheduledStartDateTime: { dateTime: "2026-10-01T00:00:00", timeZone: "UTC" },
      scheduledEndDateTime: { dateTime: "2026-10-09T00:00:00", timeZone: "UTC" },
    });
    graph.setAway("noc@bluefin.example", { fail: 500 });
    h = await startHarness({ kind, clock: { now: () => BUSINESS }, env: graph.env() });
  });
  afterAll(async () => {
    await h.stop();
    await graph.stop();
  });

  test("Slack: every internal contact is out of office, so the MSP backs up; Graph got an app token", async () => {
    await h.slackEvent(mentionEvent("who handles the printer on floor 2 is jammed?", { ts: "1700005000.000100" }));
    const post = await h.slack.waitForMethod("chat.postMessage", (b) => b.thread_ts === "1700005000.000100");
    const text = blocksText(post);
    expect(text).toContain("Alex Example and Priya Natarajan are out of office: the MSP backs up (Bluefin Managed Services).");
    expect(text).toContain("*Owner right now*\\nThe MSP (Bluefin Managed Services), backing up");
    expect(text).toContain("Alex Example (out of office), Priya Natarajan (out of office)");
    expect(text).toContain("every named contact is away, so the MSP should act");

    const lookups = graph.lookups().map((c) => decodeURIComponent(c.path));
    expect(lookups).toEqual(expect.arrayContaining([
      `/v1.0/users/${ALEX}/mailboxSettings/automaticRepliesSetting`,
      `/v1.0/users/${PRIYA}/mailboxSettings/automaticRepliesSetting`,
    ]));
    expect(graph.lookups().every((c) => c.headers.authorization === `Bearer ${graph.token}`)).toBe(true);
    const token = graph.tokenRequests()[0];
    expect(token.path).toBe("/tenant-1/oauth2/v2.0/token");
    expect(token.body).toMatchObject({ grant_type: "client_credentials", client_id: "graph-app", scope: "https://graph.microsoft.com/.default" });
  });

  test("Teams: the same answer, from the cache (no second lookup within GRAPH_CACHE_SECONDS)", async () => {
    const before = graph.lookups().length;
    await h.teams(teamsMessage("who handles scan to email on the copier stopped working?", { serviceUrl: h.connector.serviceUrl }));
    const reply = await h.connector.waitForActivity((a) => JSON.stringify(a.attachments?.[0]?.content ?? {}).includes("scan to email on the copier"));
    const card = reply.body.attachments[0].content;
    // Said in a tinted block in the default colour: Teams' Warning colour on white is 1.5:1, unreadable.
    const warning = card.body.find((b: any) => b.type === "Container" && b.style === "warning").items[0];
    expect(warning.color).toBeUndefined();
    expect(warning.text).toBe("Alex Example and Priya Natarajan are out of office: the MSP backs up (Bluefin Managed Services).");
    expect(graph.lookups().length).toBe(before);
  });

  test("a scheduled absence outside its window is not away; a failing lookup is availability unknown and does not block", async () => {
    await h.slackEvent(mentionEvent("who handles the wifi keeps dropping in the boardroom?", { ts: "1700005100.000100" }));
    const post = await h.slack.waitForMethod("chat.postMessage", (b) => b.thread_ts === "1700005100.000100");
    const text = blocksText(post);
    expect(text).toContain("*Owner right now*\\nThe MSP (Bluefin Managed Services)");
    expect(text).toContain("Bluefin NOC (availability unknown), Sam Sample");
    expect(text).not.toContain("out of office");
    expect(graph.lookups().some((c) => decodeURIComponent(c.path).includes("noc@bluefin.example"))).toBe(true);
  });
});

describe("out of office across tenants: the MSP's people in the MSP's tenant", () => {
  const ask = async (h: Harness, ts: string) => {
    await h.slackEvent(mentionEvent("who handles the wifi keeps dropping in the boardroom?", { ts }));
    return blocksText(await h.slack.waitForMethod("chat.postMessage", (b) => b.thread_ts === ts));
  };

  test("until Bluefin's tenant consents its people are 'availability unknown'; then looked up there, with its token", async () => {
    const graph = await new FakeGraph().start();
    // Bluefin's people live in Bluefin's tenant: Maple Ridge's directory does not know them.
    graph.setAway("sam.sample@bluefin.example", { status: "alwaysEnabled" }, "tenant-bluefin");
    graph.setAway("noc@bluefin.example", { status: "alwaysEnabled" }, "tenant-bluefin");
    const before = await startHarness({ kind: "pglite", clock: { now: () => BUSINESS }, env: graph.env() });
    try {
      const text = await ask(before, "1700005300.000100");
      expect(text).toContain("Bluefin NOC (availability unknown), Sam Sample (availability unknown)");
      expect(text).not.toContain("out of office");
    } finally {
      await before.stop();
    }

    // Bluefin's admin consented; the admin tells Tandem (env, and the CLI for its mail domain).
    graph.consented.add("tenant-bluefin");
    const db = await freshDatabase("pglite");
    const opened = await db.open();
    await opened.prisma.directoryTenant.create({ data: { tenantId: "tenant-bluefin", domains: ["bluefin.example"] } });
    const after = await startHarness({ kind: "pglite", database: opened, clock: { now: () => BUSINESS }, env: { ...graph.env(), GRAPH_CONSENTED_TENANTS: "tenant-bluefin" } });
    try {
      const text = await ask(after, "1700005400.000100");
      expect(text).toContain("Bluefin NOC (out of office), Sam Sample (out of office)");
      expect(text).toContain("Bluefin NOC and Sam Sample are out of office");
      const lookups = graph.lookups().filter((c) => c.path.includes("bluefin.example"));
      expect(lookups.at(-1)!.headers.authorization).toBe(`Bearer ${graph.tokenFor("tenant-bluefin")}`);
      expect(graph.tokenRequests().map((c) => c.path)).toContain("/tenant-bluefin/oauth2/v2.0/token");
    } finally {
      await after.stop();
      await opened.close();
      await db.drop();
      await graph.stop();
    }
  }, 90_000);
});

describe("out of office lookups that hang", () => {
  test("time out after GRAPH_TIMEOUT_MS and the answer still comes", async () => {
    const graph = await new FakeGraph().start();
    // A Graph base URL that accepts connections and never answers.
    const sockets: net.Socket[] = [];
    const silent = net.createServer((s) => void sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", () => r()));
    const silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const h = await startHarness({ clock: { now: () => BUSINESS }, env: { ...graph.env(), GRAPH_BASE_URL: silentUrl, GRAPH_TIMEOUT_MS: "300" } });
    try {
      const started = Date.now();
      await h.slackEvent(mentionEvent("who handles the printer on floor 2 is jammed?", { ts: "1700005200.000100" }));
      const post = await h.slack.waitForMethod("chat.postMessage", (b) => b.thread_ts === "1700005200.000100");
      expect(Date.now() - started).toBeLessThan(4000);
      expect(blocksText(post)).toContain("*Owner right now*\\nInternal IT (Maple Ridge Internal IT)");
      expect(sockets.length).toBeGreaterThan(0);
    } finally {
      await h.stop();
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
      await graph.stop();
    }
  });
});
