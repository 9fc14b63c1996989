// Every card, in every sample state, on both platforms: a valid Adaptive Card 1.5 within Teams' action limit,
// Block Kit within Slack's limits, at most three buttons in view (the rest behind "..."), and every button's verb
// defined once and handled by the router.
import { CardRenderer } from "../../../src/adapters/cards/render";
import { definedVerbs } from "../../../src/core/cards/action";
import { MAX_PRIMARY } from "../../../src/core/cards/contract";
import { CARD_NAMES } from "../../../src/core/cards/registry";
import { incidentCapability } from "../../../src/core/incidents/feature";
import { cadenceFeature } from "../../../src/core/schedules/feature";
import { ticketsFeature } from "../../../src/core/tickets/feature";
import { whoHandlesFeature } from "../../../src/core/whohandles/feature";
import { cardSamples } from "../../support/card-samples";
import { adaptiveCardProblems, executeActions, slackBlockProblems, slackButtonsInView, slackElements, teamsActionsInView } from "../../support/cards";

const renderer = new CardRenderer();
const samples = cardSamples();
const none = {} as never;
const handled = new Set(
  [ticketsFeature(none), whoHandlesFeature(none), incidentCapability(none).feature, cadenceFeature(none)].flatMap((f) => (f.actions ?? []).map((a) => a.verb)),
);

test("every card has a sample, and every defined verb has a handler", () => {
  expect([...new Set(samples.map((s) => s.name))].sort()).toEqual([...CARD_NAMES].sort());
  expect(definedVerbs().filter((v) => !handled.has(v))).toEqual([]);
});

describe.each(samples.map((s) => [`${s.name} (${s.variant})`, s] as const))("%s", (_label, s) => {
  test("Teams: a valid Adaptive Card 1.5; buttons run defined verbs and carry no field named key", () => {
    const card = renderer.render<Record<string, any>>("teams", s);
    expect(adaptiveCardProblems(card)).toEqual([]);
    // At most three actions in view anywhere on the card: the rest behind "..." or inside a ShowCard.
    const inView = teamsActionsInView(card).map((a) => `${a.type} ${a.title}`);
    expect(inView.length <= MAX_PRIMARY ? [] : inView).toEqual([]);
    for (const a of executeActions(card)) {
      expect(definedVerbs()).toContain(a.verb);
      // The Agents Playground drops an Action.Execute whose data has a field named "key".
      expect(Object.keys(a.data ?? {})).not.toContain("key");
    }
  });

  test("Slack: blocks within limits; buttons, menus and overflow options run defined verbs", () => {
    const { blocks } = renderer.render<{ blocks: any[] }>("slack", s);
    expect(slackBlockProblems(blocks)).toEqual([]);
    // At most three buttons in the whole message (actions blocks and section accessories); the rest in menus.
    const inView = slackButtonsInView(blocks).map((b) => b.text.text);
    expect(inView.length <= MAX_PRIMARY ? [] : inView).toEqual([]);
    for (const e of slackElements(blocks)) {
      if (e.url) continue;
      if (e.type === "overflow" || e.type === "static_select") {
        for (const o of e.options) expect(definedVerbs()).toContain(JSON.parse(o.value).verb);
      } else {
        expect(definedVerbs()).toContain(e.action_id.replace(/:\d+$/, ""));
        expect(Object.keys(JSON.parse(e.value))).not.toContain("key");
      }
    }
  });
});

test("card data that breaks its contract is refused before it reaches a template", () => {
  const ticket = samples.find((s) => s.name === "ticket")!;
  const { facts: _facts, ...broken } = ticket.data as Record<string, unknown>;
  expect(() => renderer.render("teams", { name: "ticket", data: broken })).toThrow(/ticket: data does not match its contract at facts/);
  expect(() => renderer.render("slack", { name: "ticket", data: { ...ticket.data, attention: 5 } })).toThrow(/at attention/);
});
