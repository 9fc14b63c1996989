// When a page rings a phone, through which side's routing key, and what PagerDuty is sent: sev-1 always; below sev-1
// by the client's rule (outside business hours by default, or always, or never); drills never; acknowledge and
// resolve only where a trigger went.
import { pagerDutyEvent } from "../../../src/adapters/paging/pagerduty";
import { incidentPhoneFollowUp, incidentPhones } from "../../../src/core/incidents/incident-paging";
import { startIncident } from "../../../src/core/incidents/incident";
import type { IncidentRecord } from "../../../src/core/incidents/ports";
import { pageOut } from "../../../src/core/paging/deliver";
import type { PageDelivery, PageLog } from "../../../src/core/paging/model";
import { canRing, phoneCall, ringsPhone } from "../../../src/core/paging/policy";
import { mspLead, samplePlaybook, T0 } from "../incidents/sample-playbook";

const KEY_MSP = "a".repeat(32);
const KEY_INTERNAL = "b".repeat(32);
const pd = (belowSev1?: string, keys: Record<string, string> = { msp: KEY_MSP, internal: KEY_INTERNAL }) => ({ paging: { provider: "pagerduty", pagerduty: keys, ...(belowSev1 ? { belowSev1 } : {}) } });

function incident(severity: 1 | 2 | 3 | 4, drill = false): IncidentRecord {
  const { state } = startIncident({ id: "IR-7", playbook: samplePlaybook(), summary: "the ERP is down", drill, severity }, mspLead, T0);
  return { id: "row-7", clientId: "demo", number: 7, channel: null, state };
}

const log = (deliveries: Partial<PageDelivery>[]): PageLog => ({ deliveries: async () => deliveries as PageDelivery[] });

describe("ringsPhone: the below-sev-1 rule", () => {
  test("sev-1 rings whatever the hour and the rule; nothing rings without a provider", () => {
    for (const rule of [undefined, "after-hours", "always", "never"]) {
      expect(ringsPhone(pd(rule), 1, false)).toBe(true);
      expect(ringsPhone(pd(rule), 1, true)).toBe(true);
    }
    expect(ringsPhone({}, 1, true)).toBe(false);
    expect(ringsPhone({ paging: { provider: "carrier-pigeon" } }, 1, true)).toBe(false);
  });

  test("below sev-1: outside business hours by default; always; never", () => {
    expect(ringsPhone(pd(), 3, false)).toBe(false);
    expect(ringsPhone(pd(), 3, true)).toBe(true);
    expect(ringsPhone(pd("after-hours"), 2, true)).toBe(true);
    expect(ringsPhone(pd("always"), 4, false)).toBe(true);
    expect(ringsPhone(pd("never"), 2, true)).toBe(false);
  });

  test("a side rings only with its own routing key; the webhook serves both sides", () => {
    expect(canRing(pd(undefined, { msp: KEY_MSP }), "msp")).toBe(true);
    expect(canRing(pd(undefined, { msp: KEY_MSP }), "internal")).toBe(false);
    const hook = { paging: { provider: "webhook", webhook: { url: "https://sms.example/page", secret: "s".repeat(20) } } };
    expect(canRing(hook, "msp") && canRing(hook, "internal")).toBe(true);
  });
});

describe("incident phones", () => {
  test("a sev-1 incident triggers each side that has a key, in business hours too, with one dedup key", () => {
    const calls = incidentPhones(pd(undefined, { msp: KEY_MSP }), incident(1), ["internal", "msp"], T0, ["Nia NOC"], false);
    expect(calls).toEqual([expect.objectContaining({ action: "trigger", side: "msp", severity: 1, dedupKey: "tandem:demo:incident:row-7", people: ["Nia NOC"], clientId: "demo" })]);
    const both = incidentPhones(pd(), incident(1), ["internal", "msp"], T0, [], false);
    expect(both.map((c) => c.side)).toEqual(["internal", "msp"]);
    expect(new Set(both.map((c) => c.dedupKey)).size).toBe(1);
  });

  test("an incident below sev-1 rings only outside business hours (by default), at its own severity", () => {
    expect(incidentPhones(pd(), incident(2), ["msp"], T0, [], false)).toEqual([]);
    expect(incidentPhones(pd(), incident(2), ["msp"], T0, [], true)).toEqual([expect.objectContaining({ severity: 2 })]);
    expect(incidentPhones(pd("always"), incident(3), ["msp"], T0, [], false)).toHaveLength(1);
    expect(incidentPhones(pd("never"), incident(2), ["msp"], T0, [], true)).toEqual([]);
  });

  test("a drill rings nobody", () => {
    expect(incidentPhones(pd("always"), incident(1, true), ["internal", "msp"], T0, [], true)).toEqual([]);
  });

  test("acknowledge and resolve go to the sides that were rung, also in business hours; none when nothing rang", async () => {
    const record = incident(1);
    const mspOnly = await incidentPhoneFollowUp(log([{ via: "mention" }, { via: "phone", side: "msp" }]), pd(), record, "acknowledge", T0);
    expect(mspOnly).toEqual([{ op: "phone", call: expect.objectContaining({ action: "acknowledge", side: "msp", dedupKey: "tandem:demo:incident:row-7" }) }]);
    const both = await incidentPhoneFollowUp(log([{ via: "phone", side: "internal" }, { via: "phone", side: "msp" }]), pd(), incident(2), "resolve", T0);
    expect(both.map((o) => (o.op === "phone" ? [o.call.side, o.call.action] : null))).toEqual([["internal", "resolve"], ["msp", "resolve"]]);
    expect(await incidentPhoneFollowUp(log([{ via: "mention" }, { via: "dm" }]), pd(), record, "resolve", T0)).toEqual([]);
  });
});

describe("a page's phone delivery", () => {
  test("is marked with the side it rang, and drills drop it", () => {
    const channel = { platform: "slack" as const, id: "C1", teamId: "T1", isDirect: false };
    const call = phoneCall({ clientId: "demo", side: "internal", dedupKey: "k", summary: "s", severity: 1, source: "x" }, "trigger", T0);
    const req = { subject: "incident:1", round: 0, place: { channel }, targets: [], text: "t", dm: { text: "d" }, phone: [call] };
    const out = pageOut(req);
    expect(out.find((o) => o.op === "phone")).toMatchObject({ call, page: { via: "phone", side: "internal", subject: "incident:1" } });
    expect(pageOut({ ...req, drill: true }).some((o) => o.op === "phone")).toBe(false);
  });
});

describe("PagerDuty event bodies", () => {
  const base = { clientId: "demo", side: "msp" as const, dedupKey: "tandem:demo:ticket:t1", summary: "HL-1 (sev 1) escalated", severity: 1 as const, source: "Maple Ridge HL-1" };

  test("a trigger carries the alert; acknowledge and resolve name only the key, the action and the dedup key", () => {
    const trigger = pagerDutyEvent(phoneCall(base, "trigger", T0), KEY_MSP, "https://tandem.example");
    expect(trigger).toMatchObject({ routing_key: KEY_MSP, event_action: "trigger", dedup_key: base.dedupKey, client_url: "https://tandem.example", payload: { summary: base.summary, source: base.source, severity: "critical", timestamp: T0.toISOString() } });
    for (const action of ["acknowledge", "resolve"] as const) {
      expect(pagerDutyEvent(phoneCall(base, action, T0), KEY_MSP)).toEqual({ routing_key: KEY_MSP, event_action: action, dedup_key: base.dedupKey });
    }
  });

  test("severities map to PagerDuty's four, and a long summary is cut to its 1024 characters", () => {
    const sev = (severity: 1 | 2 | 3 | 4) => (pagerDutyEvent(phoneCall({ ...base, severity }, "trigger", T0), KEY_MSP).payload as { severity: string }).severity;
    expect([sev(1), sev(2), sev(3), sev(4)]).toEqual(["critical", "error", "warning", "info"]);
    const long = pagerDutyEvent(phoneCall({ ...base, summary: "x".repeat(5000) }, "trigger", T0), KEY_MSP).payload as { summary: string };
    expect(long.summary).toHaveLength(1024);
  });
});
