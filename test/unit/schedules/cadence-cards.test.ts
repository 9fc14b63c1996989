// The cadence cards from the seeded September snapshot: their data, and their templates on both platforms
// (Teams: valid Adaptive Card 1.5; Slack: inside Block Kit limits; buttons carry verb, card key and run).
import { CardRenderer } from "../../../src/adapters/cards/render";
import { adaptiveCardProblems, cardSample, slackBlockProblems } from "../../support/cards";
import { SAMPLES, KEY, RUN_ID, monthlySample, qbrSample, scheduleListSample, standupSample } from "./card-samples";
const renderer = new CardRenderer();
const NAMES = Object.keys(SAMPLES) as (keyof typeof SAMPLES)[];
const VERBS = /^(standup\.(add-item|held|snooze)|qbr\.calendar)$/;

describe.each(NAMES)("card %s", (name) => {
  const data = SAMPLES[name]();

  test("its sample in cards/samples is what the builder makes", () => {
    expect(cardSample(name)).toEqual(JSON.parse(JSON.stringify(data)));
  });

  test("Teams: a valid Adaptive Card 1.5; buttons are Action.Execute with the card key and run", () => {
    const card = renderer.render<Record<string, any>>("teams", { name, data });
    expect(card.version).toBe("1.5");
    expect(adaptiveCardProblems(card)).toEqual([]);
    for (const a of card.actions ?? []) {
      expect(a.type).toBe("Action.Execute");
      expect(a.verb).toMatch(VERBS);
      expect(a.data).toMatchObject({ key: KEY, run: RUN_ID });
    }
  });

  test("Slack: at most 50 blocks, text within limits, no empty text, JSON button values with the card key", () => {
    const { blocks } = renderer.render<{ blocks: any[] }>("slack", { name, data });
    expect(slackBlockProblems(blocks)).toEqual([]);
    for (const b of blocks) {
      if (b.type === "actions") {
        for (const e of b.elements) {
          expect(e.action_id).toMatch(VERBS);
          expect(JSON.parse(e.value)).toMatchObject({ key: KEY, run: RUN_ID });
        }
      }
    }
  });
});

test("the standup agenda: counts by side, waiting tickets with their age in the court, breaches, escalations, notes", () => {
  const card = standupSample();
  expect(card.facts).toEqual(expect.arrayContaining([
    { title: "Tickets opened", value: "2 (internal IT 1, MSP 1)" },
    { title: "Block hours left", value: "27.5 h" },
    { title: "Missed standups", value: "1 (the last one was held)" },
  ]));
  expect(card.waitingInternal).toEqual([{ text: "T6 Ticket T6 (sev 2): 17d 21h in this court, open 17d 23h" }]);
  expect(card.breaches[0]!.text).toBe("T7 first response over the 8h 00m target (sev 4), with the MSP");
  expect(card.escalations[0]!.text).toContain("not acknowledged yet");
  expect(card.notes).toEqual([{ text: "Printer lease renewal (Alex Example)" }]);
});

test("a held standup shows who held it and loses its buttons and input on both platforms", () => {
  const data = { ...standupSample(), open: false, status: "Held: marked by Alex at 09:50." };
  const teams = renderer.render<Record<string, any>>("teams", { name: "standup", data });
  expect(teams.actions).toEqual([]);
  expect(JSON.stringify(teams)).not.toContain("Input.Text");
  const { blocks } = renderer.render<{ blocks: any[] }>("slack", { name: "standup", data });
  expect(blocks.some((b) => b.type === "actions" || b.type === "input")).toBe(false);
  expect(JSON.stringify(blocks)).toContain("Held: marked by Alex at 09:50.");
});

test("the monthly report: SLA medians and p90 against targets, escalations, re-handed categories", () => {
  const card = monthlySample();
  expect(card.title).toBe("Monthly operations report: Maple Ridge, September 2026");
  expect(card.facts.find((f) => f.title === "Escalations")!.value).toBe("3 raised, 2 acknowledged (median 20m, p90 28m)");
  expect(card.reHanded[0]!.text).toMatch(/^Printers, "MFPs" & scanners: \d+ hand-offs across \d+ tickets$/);
  expect(card.footer).toContain("tandem report monthly --client maple-ridge --month 2026-09 --format csv");
});

test("the QBR card starts with the matrix review and warns when no tabletop drill happened in 90 days", () => {
  const card = qbrSample();
  expect(card.matrixFacts.map((f) => f.title)).toEqual(["Version", "Signed", "Age", "Last review", "Tickets outside the matrix"]);
  expect(card.contradictions[0]!.text).toContain("owned by internal IT but the MSP resolved 3 of 4");
  expect(card.hasTabletopWarning).toBe(true);
  expect(card.actionItems.map((a) => a.text)).toEqual(["Replace the 3rd-floor MFP (internal)", "Agree printer ownership"]);
  const teams = JSON.stringify(renderer.render("teams", { name: "qbr", data: card }));
  expect(teams.indexOf("1. Matrix review")).toBeLessThan(teams.indexOf("2. The quarter's metrics"));
});

test("the schedule list shows each schedule's rule and next run in the client's zone", () => {
  const card = scheduleListSample();
  expect(card.rows).toEqual([
    { name: "standup", text: "Weekly standup: every Mon at 09:30 (America/Toronto)", next: "next Mon 28 Sep 2026, 09:30" },
    { name: "monthly-report", text: "Monthly operations report: first business day of each month at 10:00 (America/Toronto)", next: "next Thu 1 Oct 2026, 10:00" },
    { name: "qbr", text: "Quarterly business review: 14 days before and on 2026-10-15 at 09:00 (America/Toronto)", next: "next Thu 1 Oct 2026, 09:00 (reminder for the 2026-10-15 QBR)" },
  ]);
});
