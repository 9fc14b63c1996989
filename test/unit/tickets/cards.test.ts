// The ticket, ticket-list and hours cards render on both platforms from their samples: Teams cards parse and
// validate as Adaptive Cards 1.5, Slack blocks stay inside Slack's limits, buttons carry verbs and card keys, and
// user text cannot become markup, links or pings.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type * as ACTypes from "adaptivecards";
import { CardRenderer } from "../../../src/adapters/cards/render";
import { ticketCard } from "../../../src/core/tickets/ticket-card";
import { slaClocks, slaPolicy } from "../../../src/core/tickets/sla";
import type { Ticket, TicketEvent } from "../../../src/core/tickets/model";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC: typeof ACTypes = require("adaptivecards/dist/adaptivecards.js");

const CARDS = ["ticket", "ticket-list", "hours"];
const VERBS = /^(ticket-(take|handover|note|time|severity|resolve|reopen|escalate|ack)|incident-from-ticket|tickets-more)$/;
const sample = (name: string) => JSON.parse(readFileSync(join(__dirname, "../../../cards/samples", `${name}.json`), "utf8"));
const renderer = new CardRenderer();

function teamsProblems(card: object): string[] {
  const ac = new AC.AdaptiveCard();
  const ctx = new AC.SerializationContext();
  ac.parse(card, ctx);
  const problems: string[] = [];
  for (let i = 0; i < ctx.eventCount; i++) problems.push(ctx.getEventAt(i).message);
  for (const e of ac.validateProperties().validationEvents) problems.push(e.message);
  return problems;
}

function walk(node: unknown, visit: (o: Record<string, any>) => void): void {
  if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
  else if (node && typeof node === "object") {
    visit(node as Record<string, any>);
    Object.values(node).forEach((n) => walk(n, visit));
  }
}

function slackChecks(blocks: any[]): void {
  expect(blocks.length).toBeGreaterThan(0);
  expect(blocks.length).toBeLessThanOrEqual(50);
  const ids = new Set<string>();
  for (const b of blocks) {
    if (b.type === "section" && b.fields) expect(b.fields.length).toBeLessThanOrEqual(10);
    if (b.type === "context") {
      expect(b.elements.length).toBeGreaterThan(0);
      expect(b.elements.length).toBeLessThanOrEqual(10);
    }
    if (b.block_id) {
      expect(ids.has(`block:${b.block_id}`)).toBe(false);
      ids.add(`block:${b.block_id}`);
    }
    if (b.type === "actions") {
      expect(b.elements.length).toBeLessThanOrEqual(25);
      for (const e of b.elements) {
        expect(ids.has(e.action_id)).toBe(false);
        ids.add(e.action_id);
        expect(e.action_id.replace(/:\d+$/, "")).toMatch(VERBS);
        expect(typeof JSON.parse(e.value).key).toBe("string");
        expect(e.text.text.length).toBeLessThanOrEqual(75);
      }
    }
    if (b.type === "input" && b.element.type === "static_select") {
      expect(b.element.options.map((o: any) => o.value)).toContain(b.element.initial_option.value);
      expect(b.element.options.find((o: any) => o.value === b.element.initial_option.value).text.text).toBe(b.element.initial_option.text.text);
    }
  }
}

describe.each(CARDS)("card %s", (name) => {
  test("Teams: a valid Adaptive Card 1.5 whose Action.Execute buttons carry a verb and the card key", () => {
    const card = renderer.render<Record<string, any>>("teams", { name, data: sample(name) });
    expect(card.version).toBe("1.5");
    expect(teamsProblems(card)).toEqual([]);
    walk(card, (o) => {
      if (o.type === "Action.Execute") {
        expect(o.verb).toMatch(VERBS);
        expect(typeof o.data.key).toBe("string");
      }
    });
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
    const verbs: string[] = [];
    walk(resolved, (o) => o.type === "Action.Execute" && verbs.push(o.verb));
    expect(verbs).toEqual(["ticket-reopen"]);
    expect(JSON.stringify(resolved)).not.toContain('"id":"note"');
  });

  test("with the MSP: block hours left are shown", () => {
    expect(card({ ...base, court: "msp" }).facts.find((f) => f.title === "Block hours left")?.value).toBe("1h");
  });
});
