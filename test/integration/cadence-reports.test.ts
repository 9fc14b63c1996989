// The monthly operations report and the QBR reminder, built from seeded data and posted on schedule; the QBR's
// calendar button without Graph hands out an .ics; the overdue matrix review is said once.
import { startHarness, type Harness } from "../support/harness";
import { ALICE, commandForm, blockActionForm } from "../support/slack-requests";
import { CLIENT, blocksText, buttonValue, joinChannels, seedOperations, seedPeople } from "./cadence-fixtures";

const at = (iso: string) => new Date(iso);

/** Three printer tickets (an internal category) resolved by the MSP in November: the matrix is contradicted. */
async function seedPrinterFlow(h: Harness): Promise<void> {
  for (const [n, day] of [[201, "03"], [202, "10"], [203, "17"]] as const) {
    await h.db.prisma.ticket.create({
      data: {
        clientId: CLIENT, number: n, title: `Printer ${n}`, categoryId: "printers-scanners", severity: 3, court: "msp", status: "resolved",
        createdBy: "slack:T1:UALICE", createdAt: at(`2026-11-${day}T14:00:00Z`), firstResponseAt: at(`2026-11-${day}T14:10:00Z`),
        resolvedAt: at(`2026-11-${day}T18:00:00Z`), resolvedBy: "Bob MSP",
        events: {
          create: [
            { type: "created", at: at(`2026-11-${day}T14:00:00Z`), toCourt: "msp", actor: "slack:T1:UALICE" },
            { type: "resolved", at: at(`2026-11-${day}T18:00:00Z`), fromCourt: "msp", actor: "Bob MSP", data: { side: "msp" } },
          ],
        },
      },
    });
  }
}

describe.each(["pglite", "postgres"] as const)("monthly report and QBR reminder [%s]", (kind) => {
  let h: Harness;
  let current = at("2026-11-02T14:50:00Z"); // Monday 09:50 in Toronto, the first business day of November
  const tick = async (iso: string) => {
    current = at(iso);
    await h.tandem.jobRunner.runDue();
  };
  const slackPosts = (needle: string) => h.slack.method("chat.postMessage").filter((c) => blocksText(c.body).includes(needle) || String(c.body.text).includes(needle));
  const slackCards = (needle: string) => h.slack.method("chat.postMessage").filter((c) => blocksText(c.body).includes(needle));

  beforeAll(async () => {
    h = await startHarness({ kind, clock: { now: () => current }, env: { CADENCE_ENABLED: "true" } });
    await seedPeople(h.db.prisma);
    await seedOperations(h.db.prisma);
    await seedPrinterFlow(h);
    await joinChannels(h);
    await h.tandem.jobRunner.runDue();
  }, 90_000); // the first turns after start may take long on a loaded machine (see joinChannels)
  afterAll(async () => {
    await h.stop();
  });

  test("the first business day at 10:00: October's operations report, on Slack and Teams", async () => {
    await tick("2026-11-02T15:00:30Z");
    const post = await h.slack.waitForMethod("chat.postMessage", (b) => blocksText(b).includes("Monthly operations report"));
    const text = blocksText(post);
    expect(text).toContain("Monthly operations report: Maple Ridge, October 2026");
    expect(text).toContain("Thu 1 Oct 2026 to Sat 31 Oct 2026");
    expect(text).toContain("*Tickets opened*\\n3 (internal IT 2, MSP 1)");
    expect(text).toContain("*Tickets resolved*\\n1 (internal IT 0, MSP 1)");
    // First responses: 20 min (HL-101) and 30 min (HL-103); HL-102 never answered, past its 60-minute target.
    expect(text).toContain("*First response*\\nmedian 25m, p90 29m; 1 over target");
    expect(text).toContain("*Escalations*\\n1 raised, 1 acknowledged (median 12m, p90 12m)");
    expect(text).toContain("*Block hours*\\n1.5 h used, 0 h bought, 31 h left");
    expect(text).toContain("Printers &amp; scanners: 1 opened (internal IT 1, MSP 0), 0 resolved");
    expect(text).toContain("Printers &amp; scanners: 1 hand-off across 1 ticket");
    expect(text).toContain("Sev 1 File server down: acknowledged in 5m, resolved in 1h 30m");
    expect(text).not.toContain("tandem report"); // no operator commands on a card for the channel
    const teams = await h.connector.waitForActivity((a) => JSON.stringify(a.attachments?.[0]?.content ?? "").includes("Monthly operations report"));
    expect(JSON.stringify(teams.body.attachments[0].content)).toContain("Against the SLA");
    expect(slackCards("Monthly operations report")).toHaveLength(1);
  });

  test("an admin sets the QBR date; the reminder due on New Year's Day moves to the next business day", async () => {
    await h.slackForm(commandForm("/tandem", "schedule set qbr 2027-01-15 10:00", { user: ALICE }));
    const ok = await h.slack.waitForMethod("chat.postMessage", (b) => String(b.text).startsWith("Scheduled. qbr:"));
    expect(ok.text).toContain("14 days before and on 2027-01-15 at 10:00");
    expect(ok.text).toContain("next Mon 4 Jan, 10:00 EST (reminder for the 2027-01-15 QBR)");
  });

  test("two weeks out: the QBR card puts the matrix review first, then metrics, drills, block hours and action items", async () => {
    await tick("2027-01-04T15:00:30Z");
    const post = await h.slack.waitForMethod("chat.postMessage", (b) => blocksText(b).includes("Quarterly business review"));
    const text = blocksText(post);
    expect(text).toContain("Quarterly business review in 11 days: Maple Ridge");
    expect(text).toContain("Friday 15 January 2027, reviewing 2026-Q4");
    expect(text).toContain("*Version:* 4");
    expect(text).toContain("*Signed:* Tue 1 Sep 2026 by Alex Example (Internal IT lead), Sam Sample (MSP account lead)");
    expect(text).toContain("*Age:* 125 days");
    expect(text).toContain("Printers &amp; scanners: owned by internal IT but the MSP resolved 3 of 3");
    expect(text).toContain("No tabletop drill in 90 days (last one 2026-06-10)");
    expect(text).toContain("2026-10: 1.5 h used, 0 h bought, 31 h left");
    const order = ["1 · Matrix review", "2 · The quarter's metrics", "3 · Incidents and drills", "4 · Block-hour trend", "5 · Open action items"].map((s) => text.indexOf(s));
    expect(order.every((i, n) => i > 0 && (n === 0 || i > order[n - 1]!))).toBe(true);
    expect(text).toContain("Get the calendar invitation (.ics)");
    const teams = await h.connector.waitForActivity((a) => JSON.stringify(a.attachments?.[0]?.content ?? "").includes("Quarterly business review"));
    expect(teams.body.attachments[0].content.actions[0].verb).toBe("qbr.calendar");
  });

  test("without Graph the calendar button hands out an .ics with the matrix review first", async () => {
    const post = slackCards("Quarterly business review")[0]!.body;
    await h.slackForm(blockActionForm("qbr.calendar", buttonValue(post, "qbr.calendar"), { user: ALICE }));
    const eph = await h.slack.waitForMethod("chat.postEphemeral", (b) => String(b.text).includes("BEGIN:VCALENDAR"));
    const ics = String(eph.text).replace(/\r\n /g, "");
    expect(ics).toContain("DTSTART;TZID=America/Toronto:20270115T100000");
    expect(ics).toContain("DTEND;TZID=America/Toronto:20270115T113000");
    expect(ics).toContain("SUMMARY:Quarterly business review: Maple Ridge (2026-Q4)");
    expect(ics).toMatch(/DESCRIPTION:1\. Matrix review: version 4\\, signed 2026-09-01/);
  });

  test("the overdue matrix review is said once in the channel; the QBR day itself gets its reminder", async () => {
    const overdue = "its quarterly review was due 2026-12-01";
    await h.slack.waitForMethod("chat.postMessage", (b) => String(b.text).includes(overdue));
    await tick("2027-01-15T15:00:30Z");
    await h.slack.waitForMethod("chat.postMessage", (b) => blocksText(b).includes("Quarterly business review today"));
    expect(slackPosts(overdue)).toHaveLength(1);
    const runs = await h.db.prisma.scheduleRun.findMany({ where: { schedule: { name: "qbr" } }, orderBy: { occurrenceAt: "asc" } });
    expect(runs.map((r) => `${r.occurrenceAt.toISOString()} ${r.status}`)).toEqual(["2027-01-04T15:00:00.000Z sent", "2027-01-15T15:00:00.000Z sent"]);
  });
});
