import { inboxSettled, startHarness, type Harness } from "../support/harness";
import { blockActionForm, commandForm, dmEvent, eventEnvelope, mentionEvent, shortcutForm, slackSignature } from "../support/slack-requests";
import { teamsBotAdded, teamsExecute, teamsMessage, teamsMessageAction } from "../support/teams-activities";

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
        await res.arrayBuffer();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status >= 500) fiveHundreds.push(`${res.status} ${s.endpoint} ${s.label}: ${s.body.slice(0, 400)}`);
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
    const failed = await h.db.sql.query<{ eventId: string; lastError: string }>(`SELECT "eventId", "lastError" FROM "InboxEvent" WHERE status = 'failed' OR attempts > 1`);
    expect(failed).toEqual([]);
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
