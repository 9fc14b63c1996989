// The PagerDuty adapter against the local Events API v2 fake: what PagerDuty refuses, the fake refuses with its
// documented "invalid event" body (test/fixtures/pagerduty/README.md), and the adapter sorts every answer into what the
// outbox does next: 202 done, 400 permanent (with PagerDuty's errors), 429 retried after a while, 5xx and network
// failures retried.
import { pagerDutyEvent, sendToPagerDuty } from "../../../src/adapters/paging/pagerduty";
import { SendError } from "../../../src/adapters/outbox/sender";
import { phoneCall } from "../../../src/core/paging/policy";
import { FakePagerDuty } from "../../fakes/pagerduty";

const KEY = "0123456789abcdef0123456789abcdef";
const call = phoneCall({ clientId: "demo", side: "msp", dedupKey: "tandem:demo:ticket:t1", summary: "HL-1 (sev 1) escalated: the ERP is down", severity: 1, source: "Maple Ridge HL-1" }, "trigger", new Date("2026-09-12T03:00:00Z"));

async function refusal(p: Promise<unknown>): Promise<SendError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof SendError) return err;
    throw err;
  }
  throw new Error("expected a SendError");
}

describe("PagerDuty Events API v2 (local fake)", () => {
  let pd: FakePagerDuty;
  beforeAll(async () => {
    pd = await new FakePagerDuty().start();
  });
  afterAll(async () => {
    await pd.stop();
  });
  const post = (body: unknown) => fetch(pd.eventsUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  test("202 with status success and the dedup key; trigger, acknowledge, resolve move one alert", async () => {
    const res = await post(pagerDutyEvent(call, KEY));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: "success", message: "Event processed", dedup_key: call.dedupKey });
    await sendToPagerDuty(pd.eventsUrl, pagerDutyEvent({ ...call, action: "acknowledge" }, KEY), 5000);
    expect(pd.alert(call.dedupKey)?.status).toBe("acknowledged");
    await sendToPagerDuty(pd.eventsUrl, pagerDutyEvent({ ...call, action: "resolve" }, KEY), 5000);
    expect(pd.alert(call.dedupKey)).toMatchObject({ status: "resolved", triggers: 1, severity: "critical", routingKey: KEY });
  });

  test("refuses what PagerDuty refuses, with 400 'invalid event' and its errors", async () => {
    const trigger = pagerDutyEvent(call, KEY) as Record<string, any>;
    const cases: [unknown, RegExp][] = [
      [{ ...trigger, routing_key: "too-short" }, /routing_key/],
      [{ ...trigger, event_action: "page" }, /event_action/],
      [{ ...trigger, payload: { ...trigger.payload, summary: "" } }, /payload\.summary/],
      [{ ...trigger, payload: { ...trigger.payload, severity: "sev1" } }, /payload\.severity/],
      [{ ...trigger, payload: { ...trigger.payload, source: undefined } }, /payload\.source/],
      [{ ...trigger, dedup_key: "k".repeat(256) }, /dedup_key/],
      [{ routing_key: KEY, event_action: "resolve" }, /dedup_key/],
    ];
    for (const [body, why] of cases) {
      const res = await post(body);
      expect(res.status).toBe(400);
      const answer = await res.json();
      expect(answer).toMatchObject({ status: "invalid event", message: "Event object is invalid" });
      expect(answer.errors.join(" ")).toMatch(why);
    }
    // The adapter says it is permanent, with PagerDuty's own words.
    const e = await refusal(sendToPagerDuty(pd.eventsUrl, { ...trigger, routing_key: "too-short" }, 5000));
    expect(e.kind).toBe("permanent");
    expect(e.message).toContain("Length of 'routing_key' is incorrect");
  });

  test("429 is retried after a while (30 s without Retry-After); 5xx and an unreachable API are transient", async () => {
    pd.failNext(429, 500, 503);
    const limited = await refusal(sendToPagerDuty(pd.eventsUrl, pagerDutyEvent(call, KEY), 5000));
    expect(limited).toMatchObject({ kind: "rate-limited", retryAfterMs: 30_000 });
    expect((await refusal(sendToPagerDuty(pd.eventsUrl, pagerDutyEvent(call, KEY), 5000))).kind).toBe("transient");
    expect((await refusal(sendToPagerDuty(pd.eventsUrl, pagerDutyEvent(call, KEY), 5000))).kind).toBe("transient");
    expect((await refusal(sendToPagerDuty("http://127.0.0.1:9/v2/enqueue", pagerDutyEvent(call, KEY), 5000))).kind).toBe("transient");
  });

  test("over about 120 events a minute for one routing key: 429, and the event is not taken", async () => {
    pd.limitPerMinute = 3;
    const other = "fedcba9876543210fedcba9876543210";
    for (let i = 0; i < 3; i++) expect((await post(pagerDutyEvent({ ...call, dedupKey: `burst-${i}` }, other))).status).toBe(202);
    const over = await post(pagerDutyEvent({ ...call, dedupKey: "burst-3" }, other));
    expect(over.status).toBe(429);
    expect(pd.alert("burst-3")).toBeUndefined();
    // Another routing key has its own budget.
    expect((await post(pagerDutyEvent({ ...call, dedupKey: "other-key" }, "00112233445566778899aabbccddeeff"))).status).toBe(202);
    pd.limitPerMinute = 120;
  });
});
