// The ticket, ticket-list and hours cards render on both platforms from their samples: Teams cards parse and
// validate as Adaptive Cards 1.5, Slack blocks stay inside Slack's limits, buttons carry verbs and card keys, and
// user text cannot become markup, links or pings.
import { CardRenderer } from "../../../src/adapters/cards/render";
import { ticketCard } from "../../../src/core/tickets/ticket-card";
import { slaClocks, slaPolicy } from "../../../src/core/tickets/sla";
import type { Ticket, TicketEvent } from "../../../src/core/tickets/model";
import { executeActions } from "../../support/cards";

const renderer = new CardRenderer();
const verbs = (data: ReturnType<typeof ticketCard>) => [...data.actions.primary, ...data.actions.more].map((b) => b.verb);

describe("the ticket card in its states", () => {
  const T0 = new Date("2026-09-08T14:00:00Z");
  const base: Ticket = {
    id: "t1", clientId: "demo", number: 7, title: "<!channel> see [this](https://evil.example) ${secret}", body: "<!channel> see [this](https://evil.example) ${secret}",
    categoryId: null, severity: 3, court: "internal", status: "open", ownerId: null, ownerName: null, requester: "<@U123>", sourceKey: null, sourceLink: null,
    escalatedAt: null, ackedAt: null, ackedBy: null, firstResponseAt: null, resolvedAt: null, resolvedBy: null, createdBy: null, createdAt: T0, updatedAt: T0,
  };
  const events: TicketEvent[] = [{ type: "created", actor: "Bob", toCourt: "internal", at: T0 }];
  const card = (t: Ticket) =>
    ticketCard({ ticket: t, events, prefix: "HL", categoryName: null, clocks: slaClocks(t, events, slaPolicy({}, null), null, T0), zones: { zone: "America/Toronto", other: "Europe/London" }, hoursLeft: 60, now: T0 });

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

  test("open with internal IT: take and hand over (to the MSP first) in view, as a phone's row holds; the rest behind", () => {
    const data = card(base);
    expect(data.actions.primary.map((b) => b.title)).toEqual(["Take it", "Hand over"]);
    expect(data.actions.more.map((b) => b.title)).toEqual(["Resolve", "Add note or time", "Change severity", "Escalate to the MSP"]);
    expect(verbs(data)).toContain("ticket-escalate");
    expect(verbs(data)).not.toContain("ticket-ack");
    expect(verbs(data)).not.toContain("incident-from-ticket");
    expect(data.actions.primary[1]!.form!.fields.find((f) => f.id === "to")!.value).toBe("msp");
    expect(data.facts.map((f) => f.title)).not.toContain("Block hours left");
    expect(data.facts.find((f) => f.title === "Category")?.value).toContain("a conversation, not an assumption");
  });

  test("waiting on the requester, Hand over goes back to the side that asked; resolved offers only Reopen", () => {
    expect(card({ ...base, court: "requester" }).actions.primary[1]!.form!.fields.find((f) => f.id === "to")!.value).toBe("internal");
    const resolved = renderer.render<Record<string, any>>("teams", { name: "ticket", data: card({ ...base, status: "resolved", resolvedAt: T0, resolvedBy: "Nia" }) });
    expect(executeActions(resolved).map((a) => a.verb)).toEqual(["ticket-reopen"]);
    expect(JSON.stringify(resolved)).not.toContain("Input.");
  });

  test("times read in the client's zone with its abbreviation, and the MSP's clock when it differs", () => {
    const due = card(base).facts.find((f) => f.title === "First response")!.value;
    expect(due).toBe("Due from internal IT by Tue 8 Sep, 14:00 EDT (19:00 BST), in 4h");
    expect(card(base).history[0]!.text).toBe("Tue 8 Sep, 10:00 EDT · Bob opened it for internal IT");
  });

  test("escalated to the MSP and not acknowledged: Acknowledge comes first and replaces Take it", () => {
    const data = card({ ...base, court: "msp", escalatedAt: T0 });
    expect(data.actions.primary.map((b) => b.title)).toEqual(["Acknowledge", "Hand over"]);
    expect(verbs(data)).not.toContain("ticket-take");
    expect(data.attention).toBe("Escalated: waiting for the MSP to acknowledge");
  });

  test("a sev-1 ticket offers Start incident; no card shows more than three buttons in view", () => {
    for (const t of [{ ...base, severity: 1 as const }, { ...base, severity: 1 as const, court: "msp" as const, escalatedAt: T0 }]) {
      const data = card(t);
      expect(data.actions.primary.length).toBeLessThanOrEqual(3);
      expect(data.actions.more.length).toBeLessThanOrEqual(5);
    }
    expect(verbs(card({ ...base, severity: 1, court: "msp", escalatedAt: T0 }))).toContain("incident-from-ticket");
  });

  test("the quote keeps every line of the message, on both platforms", () => {
    // The first line is the title already: the quote is the rest, every line of it.
    const data = card({ ...base, title: "Printer jam", body: "Printer jam\nfloor 2\nsince 9am\nthird time this week" });
    expect(data.quote.map((l) => l.text)).toEqual(["floor 2", "since 9am", "third time this week"]);
    const slack = renderer.render<{ blocks: any[] }>("slack", { name: "ticket", data });
    expect(slack.blocks.map((b) => b.text?.text).find((t) => t?.startsWith(">"))).toBe(">floor 2\n>since 9am\n>third time this week");
  });

  test("with the MSP: block hours left are shown", () => {
    expect(card({ ...base, court: "msp" }).facts.find((f) => f.title === "Block hours left")?.value).toBe("1h");
  });
});
