// The cadence cards from the seeded September snapshot: their data, and their templates on both platforms
// (Teams: valid Adaptive Card 1.5; Slack: inside Block Kit limits; buttons carry verb, card key and run).
import { CardRenderer } from "../../../src/adapters/cards/render";
import { slackBlockProblems } from "../../support/cards";
import { KEY, RUN_ID, monthlySample, qbrSample, scheduleListSample, standupSample } from "./card-samples";
const renderer = new CardRenderer();
const section = (card: { sections: { title: string; lines: { text: string }[] }[] }, title: string) => card.sections.find((x) => x.title.endsWith(title))!;

test("the standup and QBR buttons carry the card and the run", () => {
  const all = (a: { primary: { verb: string; data: object }[]; more: { verb: string; data: object }[] }) => [...a.primary, ...a.more];
  for (const b of [...all(standupSample().actions), ...all(qbrSample().actions)]) expect(b.data).toMatchObject({ card: KEY, run: RUN_ID });
  expect(all(standupSample().actions).map((b) => b.verb)).toEqual(["standup.held", "standup.add-item", "standup.snooze"]);
});

test("the standup agenda: counts by side, waiting tickets with their age in the court, breaches, escalations, notes", () => {
  const card = standupSample();
  expect(card.facts).toEqual(expect.arrayContaining([
    { title: "Tickets opened", value: "2 (internal IT 1, MSP 1)" },
    { title: "Block hours left", value: "27.5 h" },
    { title: "Missed standups", value: "1 (the last one was held)" },
  ]));
  expect(section(card, "Waiting on internal IT").lines).toEqual([{ text: "T6 Ticket T6 (sev 2): 17d 21h in this court, open 17d 23h" }]);
  expect(section(card, "SLA breaches").lines[0]!.text).toBe("T7 first response over the 8h target (sev 4), with the MSP");
  expect(section(card, "Escalations").lines[0]!.text).toContain("not acknowledged yet");
  expect(section(card, "Added to the agenda").lines).toEqual([{ text: "Printer lease renewal (Alex Example)" }]);
});

test("a held standup shows who held it and loses its buttons and input on both platforms", () => {
  const data = { ...standupSample(), actions: { primary: [], more: [] }, status: "Held: marked by Alex at 09:50." };
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
  expect(section(card, "Most re-handed categories").lines[0]!.text).toMatch(/^Printers, "MFPs" & scanners: \d+ hand-offs across \d+ tickets$/);
  expect(card.footer).not.toContain("tandem "); // no operator commands on a card people in the channel read
});

test("the QBR card starts with the matrix review and warns when no tabletop drill happened in 90 days", () => {
  const card = qbrSample();
  expect(card.sections[0]!.facts.map((f) => f.title)).toEqual(["Version", "Signed", "Age", "Last review", "Tickets outside the matrix"]);
  expect(card.sections[0]!.lines[0]!.text).toContain("owned by internal IT but the MSP resolved 3 of 4");
  expect(section(card, "Incidents and drills").lines.some((l) => l.text.startsWith("⚠"))).toBe(true);
  expect(section(card, "Open action items").lines.map((a) => a.text)).toEqual(["Replace the 3rd-floor MFP (internal)", "Agree printer ownership"]);
  // "1. " would start a numbered list in Teams' markdown: headings read "1 · Matrix review".
  expect(card.sections.map((x) => x.title)).toEqual(["1 · Matrix review", "2 · The quarter's metrics", "3 · Incidents and drills", "4 · Block-hour trend", "5 · Open action items"]);
});

test("the schedule list shows each schedule's rule and next run in the client's zone", () => {
  const card = scheduleListSample();
  expect(card.rows).toEqual([
    { name: "standup", text: "Weekly standup: every Mon at 09:30 (America/Toronto)", next: "next Mon 28 Sep, 09:30 EDT" },
    { name: "monthly-report", text: "Monthly operations report: first business day of each month at 10:00 (America/Toronto)", next: "next Thu 1 Oct, 10:00 EDT" },
    { name: "qbr", text: "Quarterly business review: 14 days before and on 2026-10-15 at 09:00 (America/Toronto)", next: "next Thu 1 Oct, 09:00 EDT (reminder for the 2026-10-15 QBR)" },
  ]);
});
