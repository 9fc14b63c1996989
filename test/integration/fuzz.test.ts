import { inboxSettled, startHarness, type Harness } from "../support/harness";
import { blockActionForm, commandForm, dmEvent, eventEnvelope, mentionEvent, shortcutForm, slackSignature } from "../support/slack-requests";
import { teamsBotAdded, teamsExecute, teamsMessage, teamsMessageAction } from "../support/teams-activities";
import { randomUUID } from "node:crypto";
import { RETRY_LATER } from "../../src/adapters/teams/bot";
import http from "node:http";
import type { SlackUser } from "../support/slack-requests";
import { until } from "../support/wait";
import { FakeAad, fakeBotFrameworkAuth } from "../fakes/aad";
import { FakeOpenIdMetadata } from "../fakes/openid";
import { FakeBotConnector } from "../fakes/bot-connector";
import { isTrustedServiceUrl } from "../../src/adapters/teams/service-url";

jest.setTimeout(240_000);

// Thousands of random and mutated payloads at both endpoints. Deterministic: FUZZ_SEED picks another sequence.
const SEED = Number(process.env.FUZZ_SEED ?? 20261123);
const PER_GROUP = Number(process.env.FUZZ_COUNT ?? 500);

function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  return { next, int, pick };
}
type Rng = ReturnType<typeof prng>;

const NASTY = ["", " ", "<!channel>", "<!here>", "@everyone", "<@U123>", "[x](https://evil.example)", "${x}", "\u0000", "\ud800", "é✓🙂", "' OR 1=1 --", "../../etc/passwd", "x".repeat(5000), "19:x@thread.tacv2;messageid=", "__proto__", "constructor"];

function randomString(r: Rng): string {
  if (r.next() < 0.4) return r.pick(NASTY);
  const len = r.int(40);
  let s = "";
  for (let i = 0; i < len; i++) s += String.fromCharCode(r.next() < 0.8 ? 32 + r.int(95) : r.int(0x2fff));
  return s;
}

function randomValue(r: Rng, depth = 0): unknown {
  switch (r.int(depth > 2 ? 6 : 8)) {
    case 0:
      return null;
    case 1:
      return r.next() < 0.5;
    case 2:
      return r.pick([0, -1, 1e308, 3.5, Number.MAX_SAFE_INTEGER]);
    case 3:
    case 4:
    case 5:
      return randomString(r);
    case 6:
      return Array.from({ length: r.int(4) }, () => randomValue(r, depth + 1));
    default:
      return Object.fromEntries(Array.from({ length: r.int(4) }, () => [randomString(r).slice(0, 12), randomValue(r, depth + 1)]));
  }
}

/** Every path to a value inside a JSON object. */
function paths(v: unknown, prefix: string[] = []): string[][] {
  if (!v || typeof v !== "object") return [prefix];
  const entries = Object.entries(v as Record<string, unknown>);
  return [prefix, ...entries.flatMap(([k, x]) => paths(x, [...prefix, k]))];
}

function mutate(r: Rng, base: object, times: number): { value: unknown; touched: string[] } {
  const value = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
  const touched: string[] = [];
  for (let i = 0; i < times; i++) {
    const all = paths(value).filter((p) => p.length > 0);
    if (all.length === 0) break;
    const path = r.pick(all);
    touched.push(path.join("."));
    const parent = path.slice(0, -1).reduce<any>((o, k) => o?.[k], value);
    const key = path[path.length - 1];
    if (!parent || typeof parent !== "object") continue;
    const op = r.int(3);
    if (op === 0) delete parent[key];
    else if (op === 1) parent[key] = randomValue(r);
    else parent[randomString(r).slice(0, 10) || "k"] = parent[key];
  }
  return { value, touched };
}

/**
 * A POST on a connection of its own. (fetch reuses idle connections; with the server in this process and the event
 * loop busy with the embedded database, one closed by the server's keep-alive timeout can be reused and reset.)
 */
function freshPost(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "POST", agent: false, headers: { ...headers, "content-length": Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** The same value without what PostgreSQL's text and jsonb refuse (NUL, unpaired surrogates). */
function storableJson(v: unknown): unknown {
  if (typeof v === "string") return v.replace(/\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "");
  if (Array.isArray(v)) return v.map(storableJson);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [storableJson(k) as string, storableJson(x)]));
  return v;
}

function mangleText(r: Rng, text: string): string {
  switch (r.int(4)) {
    case 0:
      return text.slice(0, r.int(text.length));
    case 1: {
      const at = r.int(text.length);
      return text.slice(0, at) + randomString(r).slice(0, 3) + text.slice(at);
    }
    case 2:
      return text.replace(/"/g, r.next() < 0.5 ? "'" : "");
    default:
      return Buffer.from(Array.from({ length: r.int(200) }, () => r.int(256))).toString("latin1");
  }
}

// A mutation of one of these breaks the payload: Tandem must drop it without storing anything.
const SLACK_REQUIRED = /^(type|event|event\.(type|user|channel|ts))$/;
const TEAMS_REQUIRED = /^(type|serviceUrl|conversation|conversation\.id|from|from\.id|name|value|value\.action|value\.action\.verb)$/;

interface Shot {
  endpoint: "/api/messages" | "/slack/events";
  body: string;
  contentType: string;
  signed: boolean;
  label: string;
}

describe.each(["pglite", "postgres"] as const)("fuzzing both endpoints [%s]", (kind) => {
  let h: Harness;
  const r = prng(SEED + (kind === "postgres" ? 1 : 0));
  const statuses = new Map<number, number>();
  const fiveHundreds: string[] = [];

  beforeAll(async () => {
    h = await startHarness({ kind });
  });
  afterAll(async () => {
    await h.stop();
  });

  const stored = async () => ({
    events: await h.db.prisma.inboxEvent.count(),
    channels: await h.db.prisma.channel.count(),
    outbox: await h.db.prisma.outboxMessage.count(),
    tickets: await h.db.prisma.ticket.count(),
  });

  async function fire(shots: Shot[]): Promise<void> {
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < shots.length; i = next++) {
        const s = shots[i];
        const headers: Record<string, string> = { "content-type": s.contentType };
        if (s.endpoint === "/slack/events") Object.assign(headers, s.signed ? slackSignature(s.body) : r.next() < 0.5 ? slackSignature(s.body, undefined, "not-the-secret") : {});
        const res = await fetch(`${h.url}${s.endpoint}`, { method: "POST", headers, body: s.body });
        const answer = await res.text();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        // Teams: a copy of an activity still being handled (shots share ids, e.g. a message action's) is asked to
        // come again, as the channel's retry would: not a failure. Anything else 5xx is.
        if (res.status >= 500 && !answer.includes(RETRY_LATER)) fiveHundreds.push(`${res.status} ${s.endpoint} ${s.label}: ${s.body.slice(0, 400)}`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
  }

  const teamsBases = () => {
    const w = { serviceUrl: h.connector.serviceUrl };
    return [teamsMessage("help", w), teamsExecute("ticket.ack", { key: "ticket:1", ticket: "1" }, w), teamsMessageAction({ id: "m1", text: "printer down" }, w), teamsBotAdded(w)];
  };
  const slackJsonBases = () => [eventEnvelope(mentionEvent("help")), eventEnvelope(dmEvent("who handles printers?"))];
  const slackFormBases = () => [commandForm("/tandem", "help"), blockActionForm("ticket.ack", { key: "ticket:1" }), shortcutForm("create_ticket", { ts: "1700000001.000100", text: "printer down" })];

  test(`${PER_GROUP * 3} invalid payloads (garbage, broken required fields, unsigned Slack): no 5xx and nothing stored`, async () => {
    const before = await stored();
    const shots: Shot[] = [];
    for (let i = 0; i < PER_GROUP; i++) {
      // Garbage: random JSON values, random bytes, wrong content types, at both endpoints.
      const endpoint = r.pick(["/api/messages", "/slack/events"] as const);
      const body = r.next() < 0.6 ? JSON.stringify(randomValue(r)) ?? "null" : mangleText(r, JSON.stringify(randomValue(r)) ?? "");
      shots.push({ endpoint, body, contentType: r.pick(["application/json", "text/plain", "application/x-www-form-urlencoded", ""]), signed: true, label: "garbage" });
    }
    for (let i = 0; i < PER_GROUP; i++) {
      // A real payload with a required field deleted or replaced by a non-string.
      const teams = r.next() < 0.5;
      const base = teams ? r.pick(teamsBases()) : r.pick(slackJsonBases());
      const required = teams ? TEAMS_REQUIRED : SLACK_REQUIRED;
      const value = JSON.parse(JSON.stringify(base));
      const target = r.pick(paths(value).filter((p) => p.length && required.test(p.join("."))));
      const parent = target.slice(0, -1).reduce<any>((o, k) => o[k], value);
      const key = target[target.length - 1];
      if (r.next() < 0.5) delete parent[key];
      else parent[key] = r.pick([null, 0, true, [], {}, [randomString(r)], ""]);
      shots.push({ endpoint: teams ? "/api/messages" : "/slack/events", body: JSON.stringify(value), contentType: "application/json", signed: true, label: `broken ${target.join(".")}` });
    }
    for (let i = 0; i < PER_GROUP; i++) {
      // Valid or mutated Slack requests without a valid signature.
      const form = r.next() < 0.4;
      const body = form ? r.pick(slackFormBases()) : JSON.stringify(mutate(r, r.pick(slackJsonBases()), r.int(3)).value);
      shots.push({ endpoint: "/slack/events", body, contentType: form ? "application/x-www-form-urlencoded" : "application/json", signed: false, label: "unsigned" });
    }
    await fire(shots);
    expect(fiveHundreds).toEqual([]);
    expect(await stored()).toEqual(before);
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
    // Unsigned Slack requests are refused outright.
    expect(statuses.get(401)).toBeGreaterThanOrEqual(PER_GROUP);
  });

  test(`${PER_GROUP * 3} mutated but signed payloads (Teams activities, Slack events, commands, actions): no 5xx, still healthy, still answering`, async () => {
    const before = { ...h.tandem.inboxWorker.stats };
    const shots: Shot[] = [];
    for (let i = 0; i < PER_GROUP; i++) {
      const { value, touched } = mutate(r, r.pick(teamsBases()), 1 + r.int(3));
      shots.push({ endpoint: "/api/messages", body: JSON.stringify(value), contentType: "application/json", signed: true, label: touched.join(",") });
    }
    for (let i = 0; i < PER_GROUP; i++) {
      const { value, touched } = mutate(r, r.pick(slackJsonBases()), 1 + r.int(3));
      const body = r.next() < 0.15 ? mangleText(r, JSON.stringify(value)) : JSON.stringify(value);
      shots.push({ endpoint: "/slack/events", body, contentType: "application/json", signed: true, label: touched.join(",") });
    }
    for (let i = 0; i < PER_GROUP; i++) {
      const form = new URLSearchParams(r.pick(slackFormBases()));
      const payload = form.get("payload");
      if (payload) form.set("payload", r.next() < 0.15 ? mangleText(r, payload) : JSON.stringify(mutate(r, JSON.parse(payload), 1 + r.int(3)).value));
      else {
        const keys = [...form.keys()];
        for (let n = 0; n <= r.int(3); n++) {
          const k = r.pick(keys);
          if (r.next() < 0.5) form.delete(k);
          else form.set(k, randomString(r));
        }
      }
      shots.push({ endpoint: "/slack/events", body: form.toString(), contentType: "application/x-www-form-urlencoded", signed: true, label: "form" });
    }
    await fire(shots);
    expect(fiveHundreds).toEqual([]);
    // Every stored event gets handled: the mutated ones land in a few conversations, which are handled one event at a
    // time each, so this waits for the whole backlog rather than the default settle time.
    await inboxSettled(h.db, 120_000);
    // No turn failed, not even once before a retry succeeded. (A row's attempts can exceed 1 without any failure: on a
    // loaded machine a claim's lease may run out mid-turn and the event is claimed again; the first turn then rolls back.)
    const failed = await h.db.sql.query<{ eventId: string; lastError: string }>(`SELECT "eventId", "lastError" FROM "InboxEvent" WHERE status = 'failed'`);
    expect(failed).toEqual([]);
    expect({ retried: h.tandem.inboxWorker.stats.retried - before.retried, failed: h.tandem.inboxWorker.stats.failed - before.failed }).toEqual({ retried: 0, failed: 0 });
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
    // Still serving real traffic afterwards, on both platforms.
    const ts = "1700000999.000100";
    expect((await h.slackEvent(mentionEvent("help", { ts, channel: "CFUZZOK" }))).status).toBe(200);
    await h.slack.waitForMethod("chat.postMessage", (b) => b.thread_ts === ts && b.channel === "CFUZZOK", 15_000);
    const activity = teamsMessage("help", { serviceUrl: h.connector.serviceUrl, conversationId: "19:fuzz-ok@thread.tacv2" });
    expect((await h.teams(activity)).status).toBe(200);
    await h.connector.waitForActivity((_a, c) => decodeURIComponent(c.path).includes("19:fuzz-ok@thread.tacv2"), 15_000);
  }, 180_000);
});

// Forged card actions and forged references. Another client's admin clicks buttons that name client A's cards,
// tickets and incidents (the keys copied from A's cards, or guessed, or mutated); Teams activities name service URLs
// other than the Bot Connector's; stored references are tampered with. Nothing of client A may change, nothing may be
// posted or updated in A's conversations, and the bot's token never reaches any other host. Teams authentication is
// on here, so only the fake Bot Connector is trusted (loopback is not).
describe("fuzzing forged card actions and forged references", () => {
  const APP_ID = randomUUID();
  const PASSWORD = "test-app-secret";
  const ACME_ADMIN: SlackUser = { id: "UACMEADMIN", team: "TACME", name: "acme-admin" };
  const ACME_TEAMS_ADMIN = { id: "29:acme-admin", aadObjectId: "aad-acme-admin", name: "Acme admin" };
  const DEMO_LEAD: SlackUser = { id: "UDEMOLEAD", team: "T1", name: "demo-lead" };
  const GUEST: SlackUser = { id: "UFUZZGUEST", team: "TOTHERORG", name: "guest" };
  const COUNT = Math.min(PER_GROUP, 300);
  // Tuesday 8 September 2026, 10:00 in Toronto.
  const NOW = new Date("2026-09-08T14:00:00Z");
  const r = prng(SEED + 7);
  let openid: FakeOpenIdMetadata;
  let aad: FakeAad;
  let attacker: FakeBotConnector;
  let h: Harness;
  const fiveHundreds: string[] = [];
  /** What client A (the demo client) has: its posted cards, tickets and incidents. */
  const demo = { cardKeys: [] as string[], messageIds: [] as string[], tickets: [] as string[], incidents: [] as string[] };

  beforeAll(async () => {
    openid = await new FakeOpenIdMetadata().start();
    aad = await new FakeAad().start();
    attacker = await new FakeBotConnector().start();
    h = await startHarness({
      env: { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: PASSWORD, MICROSOFT_APP_TYPE: "MultiTenant" },
      teamsAuth: fakeBotFrameworkAuth(APP_ID, PASSWORD, openid, aad),
      // A fixed clock: client A's timers (incident reminders, page checks) never fall due during the test, so
      // whatever is posted in A's conversations afterwards came from a forged click.
      clock: { now: () => NOW },
    });
    const db = h.db.prisma;
    // Client B (Acme), its linked channels, and its admin on both platforms: the attacker holds every role there.
    await db.client.create({ data: { id: "acme", name: "Acme", ticketPrefix: "AC" } });
    await db.channel.createMany({
      data: [
        { clientId: "acme", platform: "slack", externalId: "CACME", teamId: "TACME" },
        { clientId: "acme", platform: "teams", externalId: "19:acme@thread.tacv2", teamId: "tenant-acme" },
      ],
    });
    const everything = ["admin", "internal-it", "msp-lead"];
    await db.person.createMany({
      data: [
        { clientId: "acme", platform: "slack", teamId: "TACME", userId: ACME_ADMIN.id, roles: everything },
        { clientId: "acme", platform: "teams", teamId: "tenant-acme", userId: ACME_TEAMS_ADMIN.aadObjectId, roles: everything },
        { clientId: "demo", platform: "slack", teamId: "T1", userId: DEMO_LEAD.id, roles: ["msp-lead"] },
      ],
    });
    // Client A's cards: a ticket on each platform and a sev-1.
    await h.slackEvent(mentionEvent("ticket the payroll export fails", { channel: "C1", ts: "1700000200.000100" }));
    await postTeams(signedActivity(teamsMessage("ticket projector in room 4 flickers", { serviceUrl: h.connector.serviceUrl, conversationId: "19:shared@thread.tacv2" })));
    await h.slackForm(commandForm("/incident", "sev1 ransomware files encrypted", { user: DEMO_LEAD, channel: "C1" }));
    await h.settle();
    const quiet = async () =>
      (await db.job.count({ where: { status: { in: ["pending", "running"] }, runAt: { lte: NOW } } })) === 0 &&
      (await db.outboxMessage.count({ where: { status: { in: ["pending", "sending"] } } })) === 0;
    await until(quiet, 30_000);
    const posted = await db.postedMessage.findMany({ where: { conversation: { in: ["slack:C1", "teams:19:shared@thread.tacv2"] } } });
    demo.cardKeys = posted.map((p) => p.key);
    demo.messageIds = posted.map((p) => p.messageId);
    demo.tickets = (await db.ticket.findMany({ where: { clientId: "demo" } })).map((t) => t.id);
    demo.incidents = (await db.incident.findMany({ where: { clientId: "demo" } })).map((i) => i.id);
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
    await attacker?.stop();
    await aad?.stop();
    await openid?.stop();
  });

  function signedActivity<T extends { serviceUrl: string; recipient: unknown }>(a: T) {
    return { activity: { ...a, recipient: { id: `28:${APP_ID}`, name: "Tandem" } }, token: openid.channelToken({ appId: APP_ID, serviceUrl: a.serviceUrl }) };
  }
  const postTeams = async (a: { activity: object; token: string }) => {
    const res = await freshPost(`${h.url}/api/messages`, { "content-type": "application/json", authorization: `Bearer ${a.token}` }, JSON.stringify(a.activity));
    if (res.status >= 500) fiveHundreds.push(`${res.status} teams: ${JSON.stringify(a.activity).slice(0, 300)}`);
    return res;
  };
  const postSlack = async (form: string) => {
    const res = await freshPost(`${h.url}/slack/events`, { "content-type": "application/x-www-form-urlencoded", ...slackSignature(form) }, form);
    if (res.status >= 500) fiveHundreds.push(`${res.status} slack: ${decodeURIComponent(form).slice(0, 300)}`);
  };

  /** Everything of client A that a forged click could change. */
  const snapshot = async () => {
    const db = h.db.prisma;
    return {
      tickets: (await db.ticket.findMany({ where: { clientId: "demo" }, orderBy: { id: "asc" } })).map((t) => JSON.stringify(t)),
      ticketEvents: await db.ticketEvent.count({ where: { ticketId: { in: demo.tickets } } }),
      incidents: (await db.incident.findMany({ where: { clientId: "demo" }, orderBy: { id: "asc" } })).map((i) => JSON.stringify(i)),
      matrices: await db.matrixVersion.count({ where: { clientId: "demo" } }),
      people: await db.person.count({ where: { clientId: "demo" } }),
      posted: (await db.postedMessage.findMany({ where: { key: { in: demo.cardKeys } }, orderBy: { key: "asc" } })).map((p) => `${p.key}:${p.messageId}`),
    };
  };
  /** Posts and card updates in client A's conversations (what everyone there sees). */
  const seenInDemo = () => ({
    slack: h.slack.calls.filter((c) => /chat\.(postMessage|update|delete)/.test(c.path) && (c.body?.channel === "C1" || demo.messageIds.includes(c.body?.ts))).length,
    teams: h.connector.calls.filter((c) => c.method !== "GET" && (decodeURIComponent(c.path).includes("19:shared@thread.tacv2") || demo.messageIds.some((id) => c.path.endsWith(`/activities/${encodeURIComponent(id)}`)))).length,
  });

  /** Button data naming A's things: copied keys, ids and guesses, sometimes mutated. */
  function forgedData(): Record<string, unknown> {
    const data: Record<string, unknown> = {};
    const some = <T>(xs: T[], fallback: () => T) => (xs.length && r.next() < 0.8 ? r.pick(xs) : fallback());
    if (r.next() < 0.9) data.card = some(demo.cardKeys, () => r.pick([`ticket:${randomUUID()}`, `incident:${r.pick(demo.incidents)}`, `ticket-list:${randomString(r)}`, randomString(r)]));
    if (r.next() < 0.6) data.ticket = some(demo.tickets, () => randomString(r));
    if (r.next() < 0.5) data.incident = some(demo.incidents, () => randomString(r));
    for (const [k, values] of [
      ["role", ["client-approver", "incident-lead", "comms", randomString(r)]],
      ["step", ["cut-remote-access", "isolate", randomString(r)]],
      ["scope", ["open", "mine"]],
      ["offset", ["0", "10", "-1", "1e9"]],
      ["severity", ["1", "2", "4", "9"]],
      ["decision", ["approve", "decline"]],
      ["status", ["resolved", "monitoring"]],
      ["note", ["forged", "<!channel>"]],
      ["to", ["msp", "internal"]],
      ["id", [randomUUID(), randomString(r)]],
    ] as const)
      if (r.next() < 0.3) data[k] = r.pick(values as readonly string[]);
    return r.next() < 0.2 ? (mutate(r, data, 1 + r.int(2)).value as Record<string, unknown>) : data;
  }

  test(`${COUNT * 2} forged clicks from another client's channels naming client A's cards: client A is untouched`, async () => {
    const verbs = [...h.tandem.router.listActions().map((a) => a.verb), "no-such-verb"];
    const before = await snapshot();
    const seenBefore = seenInDemo();
    const refusedBefore = await h.db.prisma.auditLog.count({ where: { action: "card.elsewhere" } });
    const shots: (() => Promise<unknown>)[] = [];
    for (let i = 0; i < COUNT; i++) {
      const verb = r.pick(verbs);
      const data = forgedData();
      // Slack: a button in Acme's channel (the value is whatever the attacker made of it), by Acme's admin or a guest.
      const user = r.next() < 0.8 ? ACME_ADMIN : GUEST;
      const value = JSON.stringify(data);
      const action = { type: "button", action_id: verb, block_id: "b1", value, action_ts: `${Date.now() / 1000}` };
      const payload = {
        type: "block_actions", trigger_id: `trig.${i}`, team: { id: "TACME" }, user: { id: user.id, team_id: user.team, name: user.name }, api_app_id: "A1",
        channel: { id: "CACME", name: "acme-it" }, container: { type: "message", message_ts: "1700000001.000100", channel_id: "CACME" },
        message: { ts: "1700000001.000100", type: "message", text: "" }, response_url: "http://127.0.0.1:9/r", actions: [action],
      };
      shots.push(() => postSlack(new URLSearchParams({ payload: JSON.stringify(payload) }).toString()));
      // Teams: Action.Execute in Acme's channel, or in Acme's admin's 1:1 chat, signed by the (fake) Bot Connector.
      const personal = r.next() < 0.3;
      const where = { serviceUrl: h.connector.serviceUrl, conversationId: personal ? "a:acme-admin" : "19:acme@thread.tacv2", personal, from: ACME_TEAMS_ADMIN };
      const a = teamsExecute(verb, data, where);
      const shaped = { ...a, conversation: { ...a.conversation, tenantId: "tenant-acme" }, channelData: { ...a.channelData, tenant: { id: "tenant-acme" } } };
      shots.push(() => postTeams(signedActivity(shaped)));
    }
    let next = 0;
    await Promise.all(Array.from({ length: 6 }, async () => {
      for (let i = next++; i < shots.length; i = next++) await shots[i]();
    }));
    await inboxSettled(h.db, 60_000);
    await until(async () => (await h.db.prisma.outboxMessage.count({ where: { status: { in: ["pending", "sending"] } } })) === 0, 30_000);

    expect(fiveHundreds).toEqual([]);
    expect(await snapshot()).toEqual(before);
    expect(seenInDemo()).toEqual(seenBefore);
    // The forgeries were refused where they named a card of another conversation, and audited.
    expect(await h.db.prisma.auditLog.count({ where: { action: "card.elsewhere", outcome: "refused" } })).toBeGreaterThan(refusedBefore);
    const failed = await h.db.sql.query<{ eventId: string; lastError: string }>(`SELECT "eventId", "lastError" FROM "InboxEvent" WHERE status = 'failed'`);
    expect(failed).toEqual([]);
    expect(attacker.calls).toHaveLength(0);
  }, 600_000);

  /** Service URLs an activity or a stored reference might name: Microsoft's look-alikes, other schemes, the attacker. */
  function forgedServiceUrl(): string {
    const trusted = h.connector.serviceUrl;
    const port = new URL(trusted).port;
    return r.pick([
      () => attacker.serviceUrl,
      () => `http://localhost:${port}/`,
      () => `http://[::1]:${port}/`,
      () => `http://127.0.0.2:${port}/`,
      () => `${trusted}`.replace("127.0.0.1", "127.1"),
      () => `${trusted}`.replace("http:", "https:"),
      () => `http://user:pw@127.0.0.1:${port}/`,
      () => "javascript:alert(1)",
      () => "file:///etc/passwd",
      () => "http://169.254.169.254/latest/meta-data/",
      () => "https://smba.trafficmanager.net.evil.example/amer/",
      () => "https://smba.trafficmanager.net@evil.example/",
      () => "https://evil.example/#smba.trafficmanager.net",
      () => "http://smba.trafficmanager.net/amer/",
      () => "https://smba.trafficmanager.net:8443/amer/",
      () => "ftp://smba.trafficmanager.net/",
      () => "//smba.trafficmanager.net/amer/",
      () => ` ${attacker.serviceUrl}`,
      () => randomString(r),
      () => mangleText(r, trusted),
    ])();
  }

  test(`${COUNT} activities naming a forged service URL, each with a valid token for it: refused, nothing stored, nothing sent there`, async () => {
    const policy = { allowLoopback: false, extraOrigins: [h.connector.url] };
    const unexpected: string[] = [];
    for (let i = 0; i < COUNT; i++) {
      const serviceUrl = forgedServiceUrl();
      const conversationId = `19:forged-ref-${i}@thread.tacv2`;
      const base = r.pick([
        () => teamsMessage("help", { serviceUrl, conversationId }),
        () => teamsExecute(r.pick(["tickets-more", "ticket-take", "incident-take"]), { card: r.pick(demo.cardKeys) }, { serviceUrl, conversationId }),
        () => teamsMessage("open tickets", { serviceUrl, conversationId: `a:forged-ref-${i}`, personal: true }),
      ])();
      const { status } = await postTeams(signedActivity(base));
      const trusted = isTrustedServiceUrl(serviceUrl, policy);
      if (!trusted && status < 400) unexpected.push(`${status} for ${JSON.stringify(serviceUrl)}`);
    }
    await inboxSettled(h.db, 60_000);
    expect(fiveHundreds).toEqual([]);
    expect(unexpected).toEqual([]);
    const stored = await h.db.prisma.channel.findMany({ where: { platform: "teams", externalId: { contains: "forged-ref-" } } });
    expect(stored.filter((c) => !isTrustedServiceUrl(c.serviceUrl, policy) || !isTrustedServiceUrl((c.reference as { serviceUrl?: unknown } | null)?.serviceUrl, policy))).toEqual([]);
    expect(attacker.calls).toHaveLength(0);
  }, 300_000);

  test(`${Math.min(COUNT, 100)} tampered stored references: every proactive send goes to the trusted connector or nowhere`, async () => {
    const policy = { allowLoopback: false, extraOrigins: [h.connector.url] };
    const good = {
      bot: { id: `28:${APP_ID}`, name: "Tandem" },
      channelId: "msteams",
      serviceUrl: h.connector.serviceUrl,
      conversation: { id: "", isGroup: true, conversationType: "channel", tenantId: "tenant-1" },
    };
    const client = await h.db.prisma.client.findUniqueOrThrow({ where: { id: "acme" } });
    const rows: { externalId: string; serviceUrl: string | null; reference: object }[] = [];
    for (let i = 0; i < Math.min(COUNT, 100); i++) {
      const externalId = `19:tampered-${i}@thread.tacv2`;
      // (PostgreSQL's jsonb cannot hold a NUL or half a surrogate pair: such a reference could never be stored.)
      const reference = mutate(r, { ...good, conversation: { ...good.conversation, id: externalId } }, r.int(3)).value as Record<string, unknown>;
      // The reference's own serviceUrl is what a send would use; the column may say something else.
      if (r.next() < 0.7) reference.serviceUrl = forgedServiceUrl();
      const serviceUrl = r.next() < 0.5 ? h.connector.serviceUrl : forgedServiceUrl();
      rows.push(storableJson({ externalId, serviceUrl, reference }) as (typeof rows)[number]);
    }
    await h.db.prisma.channel.createMany({ data: rows.map((row) => ({ clientId: client.id, platform: "teams", teamId: "tenant-tampered", ...row })) });
    const sentBefore = h.connector.calls.length;
    await h.tandem.outbox.enqueue(
      rows.flatMap((row, i) => [
        { op: "post" as const, channel: { platform: "teams" as const, id: row.externalId, isDirect: false }, reply: { text: `incident update ${i}` } },
        ...(i % 10 === 0 ? [{ op: "dm" as const, to: { platform: "teams" as const, teamId: "tenant-tampered", userId: `aad-victim-${i}` }, reply: { text: "you are paged" } }] : []),
      ]),
    );
    // Every send tried at least once (one that failed for a passing reason stays due again for a day; each later
    // try reads and checks the reference again).
    await until(async () => (await h.db.prisma.outboxMessage.count({ where: { platform: "teams", OR: [{ status: "sending" }, { status: "pending", attempts: 0 }] } })) === 0, 240_000);
    expect(attacker.calls).toHaveLength(0);
    // What reached the trusted connector came from a reference that names it.
    const reached = new Set(h.connector.calls.slice(sentBefore).map((c) => decodeURIComponent(c.path).match(/19:tampered-\d+@thread\.tacv2/)?.[0]).filter(Boolean));
    for (const id of reached) expect(isTrustedServiceUrl((rows.find((row) => row.externalId === id)!.reference as { serviceUrl?: unknown }).serviceUrl, policy)).toBe(true);
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
  }, 300_000);
});
