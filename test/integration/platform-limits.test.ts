// The fakes refuse what the platforms refuse, and Tandem copes: Teams' per-conversation send limit (429 Throttled
// with Retry-After), Slack's missing_scope for a pin the token may not make. Nothing is lost or doubled, and a
// refusal is recorded where people can see it (tandem outbox list), not swallowed.
import { startHarness, type Harness } from "../support/harness";
import { commandForm } from "../support/slack-requests";
import { teamsMessage } from "../support/teams-activities";
import { SAM, addPeople, drained, until } from "./incident-support";

describe("Teams: more than 7 sends a second to one conversation", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ kind: "pglite" });
  });
  afterAll(async () => {
    await h.stop();
  });

  test("the fake answers 429 Throttled with Retry-After; every reply still arrives exactly once, in order", async () => {
    const asks = Array.from({ length: 12 }, (_, i) => teamsMessage(`ticket printer ${i + 1} is jammed`, { serviceUrl: h.connector.serviceUrl }));
    for (const a of asks) await h.teams(a);
    await drained(h);
    const cards = () => h.connector.sent().filter((c) => JSON.stringify(c.body).includes("is jammed"));
    await until(async () => cards().length >= 12 || undefined, 30_000);
    const titles = cards().map((c) => /printer (\d+) is jammed/.exec(JSON.stringify(c.body))![1]);
    expect(titles).toEqual(asks.map((_, i) => String(i + 1)));
    // Whether any send was refused depends on the machine's speed; if one was, it said why and when to retry.
    for (const r of h.connector.refused()) expect(r.refused).toMatch(/^429 Throttled/);
    const failed = await h.db.prisma.outboxMessage.count({ where: { status: "failed" } });
    expect(failed).toBe(0);
  }, 60_000);

  test("the fake really limits: a burst straight at it gets 429 with the documented body and a Retry-After", async () => {
    const url = `${h.connector.url}/v3/conversations/${encodeURIComponent("19:burst@thread.tacv2")}/activities`;
    const answers = await Promise.all(Array.from({ length: 9 }, () => fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ type: "message", text: "x" }) })));
    const throttled = answers.filter((r) => r.status === 429);
    expect(throttled.length).toBeGreaterThanOrEqual(1);
    expect(Number(throttled[0].headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await throttled[0].json()).toEqual({ error: { code: "Throttled", message: "Too many requests." } });
  });
});

describe("Slack: pinning needs pins:write", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ kind: "pglite", clock: { now: () => new Date("2026-03-06T23:00:00Z") } });
    await addPeople(h);
  });
  afterAll(async () => {
    await h.stop();
  });

  test("the manifest grants it, so the incident card is pinned", async () => {
    expect(h.slack.scopes.has("pins:write")).toBe(true);
    await h.slackForm(commandForm("/incident", "sev1 ransomware files encrypted", { user: SAM }));
    const pin = await h.slack.waitForMethod("pins.add");
    const posted = await h.db.prisma.postedMessage.findFirstOrThrow({ where: { key: { startsWith: "incident:" } } });
    expect(pin).toMatchObject({ channel: "C1", timestamp: posted.messageId });
  });

  test("a token without it: the pin is refused with missing_scope, recorded as failed, the card is posted once", async () => {
    h.slack.scopes.delete("pins:write");
    await h.slackForm(commandForm("/incident", "sev1 server-down FS02 is down", { user: SAM, channel: "C2" }));
    await drained(h);
    const refused = h.slack.refused().filter((c) => c.path === "/api/pins.add");
    expect(refused).toHaveLength(1);
    expect(refused[0].refused).toBe("missing_scope");
    const row = await until(() => h.db.prisma.outboxMessage.findFirst({ where: { op: "pin", status: "failed" } }));
    expect(row.lastError).toBe("missing_scope (needs pins:write)");
    const cards = h.slack.method("chat.postMessage").filter((c) => c.body.channel === "C2" && String(c.body.text).includes("incident IR-2:"));
    expect(cards).toHaveLength(1);
  });
});
