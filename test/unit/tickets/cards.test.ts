// The ticket, ticket-list and hours cards render on both platforms from their samples: Teams cards parse and
// validate as Adaptive Cards 1.5, Slack blocks stay inside Slack's limits, buttons carry verbs and card keys, and
// user text cannot become markup, links or pings.
import { CardRenderer } from "../../../src/adapters/cards/render";
import { ticketCard } from "../../../src/core/tickets/ticket-card";
import { slaClocks, slaPolicy } from "../../../src/core/tickets/sla";
import type { Ticket, TicketEvent } from "../../../src/core/tickets/model";
import { adaptiveCardProblems, cardSample as sample, executeActions, slackBlockProblems, slackElements } from "../../support/cards";

const CARDS = ["ticket", "ticket-list", "hours"];
const VERBS = /^(ticket-(take|handover|note|time|severity|resolve|reopen|escalate|ack)|incident-from-ticket|tickets-more)$/;
const renderer = new CardRenderer();

function slackChecks(blocks: any[]): void {
  expect(slackBlockProblems(blocks)).toEqual([]);
  for (const e of slackElements(blocks)) {
    expect(e.action_id.replace(/:\d+$/, "")).toMatch(VERBS);
    expect(typeof JSON.parse(e.value).key).toBe("string");
  }
  // Every select in a form starts on the current value.
  for (const b of blocks) if (b.type === "input" && b.element.type === "static_select") expect(b.element.initial_option).toBeDefined();
}

describe.each(CARDS)("card %s", (name) => {
  test("Teams: a valid Adaptive Card 1.5 whose Action.Execute buttons carry a verb and the card key", () => {
    const card = renderer.render<Record<string, any>>("teams", { name, data: sample(name) });
    expect(card.version).toBe("1.5");
    expect(adaptiveCardProblems(card)).toEqual([]);
    for (const a of executeActions(card)) {
      expect(a.verb).toMatch(VERBS);
      expect(typeof a.data.key).toBe("string");
    }
  });

  test("Slack: blocks within limits, unique ids, JSON button values with the card key", () => {
    slackChecks(renderer.render<{ blocks: any[] }>("slack", { name, data: sample(name) }).blocks);
  });
});

describe("the ticket card in its states", () => {
  const T0 = new Date("2026-09-08T14:00:00Z");
  const base: Ticket = {
    id: "t1", clientId: "demo", number: 7, title: "<!channel> see [this](https://evil.example) ${secret}", body: "<!channel> see [this](https://evil.example) ${secret}",
    categoryId: null, severity: 3, court: "internal", status: "open", ownerId: null, ownerName: null, requester: "<@U123>", sourceKey: null, sourceLink: null,
    escalatedAt: null, ackedAt: null, ackedBy: null, firstResponseAt: null, resolvedAt: null, resolvedBy: null, createdBy: null, createdAt: T0, updatedAt: T0,
  };
  const events: TicketEvent[] = [{ type: "created", actor: "Bob", toCourt: "internal", at: T0 }];
  const card = (t: Ticket) =>
    ticketCard({ ticket: t, events, prefix: "HL", categoryName: null, clocks: slaClocks(t, events, slaPolicy({}, null), null, T0), timezone: "America/Toronto", hoursLeft: 60, now: T0 });

  test("user text is data: no pings, links or template expressions on either platform", () => {
    const data = card(base);
    const slack = JSON.stringify(renderer.render("slack", { name: "ticket", data }));
    expect(slack).not.toContain("<!channel>");
    expect(slack).not.toContain("<@U123>");
    expect(slack).toContain("&lt;!channel&gt;");
    const teams = JSON.stringify(renderer.render("teams", { name: "ticket", data }));
    expect(teams).not.toContain("](https://evil.example)");
    expect(teams).not.toMatch(/\$\{secret\}/);
  });

  test("open with internal IT: take, hand to the MSP, escalate; no acknowledge, no block hours, no incident button", () => {
    const data = card(base);
    expect(data).toMatchObject({ open: true, handTo: "msp", canEscalate: true, awaitingAck: false, sev1: false });
    expect(data.facts.map((f) => f.title)).not.toContain("Block hours left");
    expect(data.facts.find((f) => f.title === "Category")?.value).toContain("a conversation, not an assumption");
  });

  test("waiting on the requester offers the way back; resolved offers only Reopen", () => {
    expect(card({ ...base, court: "requester" })).toMatchObject({ waitLabel: "Back to internal IT", waitTo: "internal" });
    const resolved = renderer.render<Record<string, any>>("teams", { name: "ticket", data: card({ ...base, status: "resolved", resolvedAt: T0, resolvedBy: "Nia" }) });
    expect(executeActions(resolved).map((a) => a.verb)).toEqual(["ticket-reopen"]);
    expect(JSON.stringify(resolved)).not.toContain('"id":"note"');
  });

  test("with the MSP: block hours left are shown", () => {
    expect(card({ ...base, court: "msp" }).facts.find((f) => f.title === "Block hours left")?.value).toBe("1h");
  });
});
