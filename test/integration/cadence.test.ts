// The weekly standup end to end on Slack and Teams: defaults, the card built from seeded data, its buttons,
// snooze timer, missed standups, and the schedule command's permissions.
import { startHarness, type Harness } from "../support/harness";
import { ALICE, commandForm } from "../support/slack-requests";
import { executeActions } from "../support/cards";
import { teamsExecute } from "../support/teams-activities";
import { BOB, CLIENT, blockActionWithInput, blocksText, buttonValue, joinChannels, seedOperations, seedPeople } from "./cadence-fixtures";

describe.each(["pglite", "postgres"] as const)("weekly standup over real HTTP [%s]", (kind) => {
  let h: Harness;
  let current = new Date("2026-10-18T12:00:00Z"); // Sunday 08:00 in Toronto
  const tick = async (iso: string) => {
    current = new Date(iso);
    await h.tandem.jobRunner.runDue();
  };

  beforeAll(async () => {
    h = await startHarness({ kind, clock: { now: () => current }, env: { CADENCE_ENABLED: "true" } });
    await seedPeople(h.db.prisma);
    await seedOperations(h.db.prisma);
    await joinChannels(h);
    await h.tandem.jobRunner.runDue();
  }, 90_000); // the first turns after start may take long on a loaded machine (see joinChannels)
  afterAll(async () => {
    await h.stop();
  });

  test("the client gets a default standup and monthly report; nothing is posted before they are due", async () => {
    const schedules = await h.db.prisma.schedule.findMany({ where: { clientId: CLIENT }, orderBy: { name: "asc" } });
    expect(schedules.map((s) => s.name)).toEqual(["monthly-report", "standup"]);
    expect(schedules.find((s) => s.name === "standup")!.nextRunAt!.toISOString()).toBe("2026-10-19T13:30:00.000Z");
    expect(await h.db.prisma.scheduleRun.count()).toBe(0);
    expect(h.slack.method("chat.postMessage").filter((c) => blocksText(c.body).includes("Weekly standup"))).toHaveLength(0);
  });

  test("Monday 09:30 Toronto: the standup is posted once to Slack and Teams with the agenda from live data", async () => {
    await tick("2026-10-19T13:30:20Z");
    const post = await h.slack.waitForMethod("chat.postMessage", (b) => blocksText(b).includes("Weekly standup"));
    const text = blocksText(post);
    expect(post.channel).toBe("C1");
    // Waiting on the MSP: the printer ticket, in the MSP's court since Thursday 18:00Z (3d 19h 30m).
    expect(text).toMatch(/Waiting on the MSP\*\\n• HL-101 Third-floor printer jams \(sev 3\): 3d 19h in this court/);
    // Waiting on internal IT: the VPN ticket, opened Friday by the MSP and escalated to internal IT.
    expect(text).toContain("HL-102 VPN drops for remote staff (sev 2)");
    expect(text).toMatch(/HL-102 first response over the 1h target \(sev 2\), with internal IT/);
    expect(text).toContain("HL-102: the MSP escalated to internal IT");
    expect(text).toContain("acknowledged in 12m");
    expect(text).toContain("Sev 1 File server down: started");
    expect(text).toContain("resolved in 1h 30m");
    // 40 h bought, 7.5 h + 1.5 h used.
    expect(text).toContain("*Block hours left*\\n31 h");
    expect(text).toContain("*Tickets resolved*\\n1 (internal IT 0, MSP 1)");
    expect(text).toContain("*Tickets opened*\\n3 (internal IT 2, MSP 1)");

    const teams = await h.connector.waitForActivity((a) => a.attachments?.[0]?.content && JSON.stringify(a.attachments[0].content).includes("Weekly standup"));
    const card = JSON.stringify(teams.body.attachments[0].content);
    expect(card).toContain("HL-101 Third-floor printer jams");
    expect(card).toContain("standup.held");

    const runs = await h.db.prisma.scheduleRun.findMany();
    expect(runs).toHaveLength(1);
    expect(runs[0]!.occurrenceAt.toISOString()).toBe("2026-10-19T13:30:00.000Z");
    // Another tick a minute later does not post it again.
    await tick("2026-10-19T13:31:30Z");
    await new Promise((r) => setTimeout(r, 300));
    expect(h.slack.method("chat.postMessage").filter((c) => blocksText(c.body).includes("Weekly standup"))).toHaveLength(1);
  });

  test("Slack: Add agenda item takes the typed text; Mark held edits the card in place", async () => {
    const post = h.slack.method("chat.postMessage").find((c) => blocksText(c.body).includes("Weekly standup"))!.body;
    const value = buttonValue(post, "standup.add-item");
    await h.slackForm(blockActionWithInput("standup.add-item", value, { item: "Printer lease renewal" }, BOB));
    const added = await h.slack.waitForMethod("chat.update", (b) => blocksText(b).includes("Printer lease renewal"));
    expect(added.channel).toBe("C1");
    // Named as the people list names him (not by his Slack username).
    expect(blocksText(added)).toContain("Printer lease renewal (Bob MSP)");

    await h.slackForm(blockActionWithInput("standup.held", value, {}, ALICE));
    const held = await h.slack.waitForMethod("chat.update", (b) => blocksText(b).includes("Held: marked by Alice Internal"));
    expect(blocksText(held)).not.toContain("standup.snooze");
    const run = await h.db.prisma.scheduleRun.findUniqueOrThrow({ where: { id: value.run } });
    expect(run.heldBy).toBe("Alice Internal");
    // The Teams copy of the card is redrawn too.
    await h.connector.waitFor((c) => c.method === "PUT" && JSON.stringify(c.body).includes("Held: marked by Alice Internal"));
  });

  test("an empty agenda item is refused privately with what to do", async () => {
    const post = h.slack.method("chat.postMessage").find((c) => blocksText(c.body).includes("Weekly standup"))!.body;
    await h.slackForm(blockActionWithInput("standup.add-item", buttonValue(post, "standup.add-item"), { item: "  " }));
    const eph = await h.slack.waitForMethod("chat.postEphemeral", (b) => String(b.text).includes("Type the agenda item"));
    expect(eph.user).toBe("UALICE");
  });

  test("Teams: Snooze 15 min answers the card in place; when it ends the standup is posted again; not held that day counts as missed", async () => {
    await tick("2026-10-26T13:30:10Z");
    const teamsPost = await h.connector.waitForActivity((a) => JSON.stringify(a.attachments?.[0]?.content ?? "").includes("Mon 26 Oct"));
    const card = teamsPost.body.attachments[0].content;
    const snooze = executeActions(card).find((a) => a.verb === "standup.snooze")!;
    // Last week's standup was held, so none is missed yet.
    expect(JSON.stringify(card)).toContain('"title":"Missed standups","value":"none"');

    const res = await h.teams(teamsExecute("standup.snooze", snooze.data, { serviceUrl: h.connector.serviceUrl }));
    const body = await res.json();
    expect(JSON.stringify(body.value)).toContain("Snoozed until 09:45");
    const job = await h.db.prisma.job.findFirstOrThrow({ where: { kind: "cadence-snooze" } });
    expect(job.runAt.toISOString()).toBe("2026-10-26T13:45:10.000Z");

    const before = h.slack.method("chat.postMessage").filter((c) => blocksText(c.body).includes("Weekly standup")).length;
    await tick("2026-10-26T13:45:30Z");
    const again = await h.slack.waitForMethod("chat.postMessage", (b) => blocksText(b).includes("time for the standup"));
    expect(blocksText(again)).toContain("Mon 26 Oct");
    expect(h.slack.method("chat.postMessage").filter((c) => blocksText(c.body).includes("Weekly standup"))).toHaveLength(before + 1);

    // Nobody marks it held; the next Monday's agenda counts it as missed.
    await tick("2026-11-02T14:30:10Z"); // 09:30 EST after the clocks went back
    const next = await h.slack.waitForMethod("chat.postMessage", (b) => blocksText(b).includes("Mon 2 Nov"));
    expect(blocksText(next)).toContain("*Missed standups*\\n1 (1 in a row)");
    const run = await h.db.prisma.scheduleRun.findFirstOrThrow({ where: { occurrenceAt: new Date("2026-11-02T14:30:00Z") } });
    expect(run.status).toBe("sent");
  });

  test("Slack: Snooze 15 min; Teams: Add agenda item and Mark held answer the clicked card in place", async () => {
    const post = h.slack.method("chat.postMessage").find((c) => blocksText(c.body).includes("Mon 2 Nov") && blocksText(c.body).includes("standup.snooze"))!.body;
    await h.slackForm(blockActionWithInput("standup.snooze", buttonValue(post, "standup.snooze"), {}, ALICE));
    await h.slack.waitForMethod("chat.update", (b) => blocksText(b).includes("Snoozed until 09:45 EST by Alice Internal"));
    expect(await h.db.prisma.job.count({ where: { kind: "cadence-snooze" } })).toBe(2);

    const teamsPost = h.connector.sent().find((c) => JSON.stringify(c.body.attachments?.[0]?.content ?? "").includes("Mon 2 Nov"))!;
    const card = teamsPost.body.attachments[0].content;
    // "Add agenda item" opens its form; its submit button carries the data and Teams adds the typed item under the
    // form's input id ("item~<n>").
    const add = executeActions(card).find((a) => a.verb === "standup.add-item")!;
    const added = await (await h.teams(teamsExecute("standup.add-item", { ...add.data, [`item~${add.data._form}`]: "Review the VPN escalation" }, { serviceUrl: h.connector.serviceUrl }))).json();
    expect(JSON.stringify(added.value)).toContain("Review the VPN escalation (Alice Internal)");
    const held = await (await h.teams(teamsExecute("standup.held", add.data, { serviceUrl: h.connector.serviceUrl }))).json();
    expect(JSON.stringify(held.value)).toContain("Held: marked by Alice Internal at 09:30 EST.");
    expect(held.value.actions).toEqual([]);
    // The Slack copy follows.
    await h.slack.waitForMethod("chat.update", (b) => blocksText(b).includes("Held: marked by Alice Internal"));
  });

  test("schedule commands are for admins: a technician is refused and audited; an admin moves the standup", async () => {
    await h.slackForm(commandForm("/tandem", "schedule set standup tue 10:00", { user: BOB }));
    const refused = await h.slack.waitForMethod("chat.postEphemeral", (b) => String(b.text).includes("Only a Tandem admin can change the schedules"));
    expect(refused.user).toBe("UBOB");
    const audit = await h.db.prisma.auditLog.findFirstOrThrow({ where: { action: "schedule.change", outcome: "refused" } });
    expect(audit.actor).toBe("slack:T1:UBOB");
    let standup = await h.db.prisma.schedule.findFirstOrThrow({ where: { clientId: CLIENT, name: "standup" } });
    expect((standup.definition as { rule: { days: string[] } }).rule.days).toEqual(["mon"]);

    await h.slackForm(commandForm("/tandem", "schedule set standup tue 10:00", { user: ALICE }));
    const ok = await h.slack.waitForMethod("chat.postMessage", (b) => String(b.text).startsWith("Changed."));
    expect(ok.text).toContain("every Tue at 10:00");
    standup = await h.db.prisma.schedule.findFirstOrThrow({ where: { clientId: CLIENT, name: "standup" } });
    expect((standup.definition as { rule: { days: string[]; time: string } }).rule).toMatchObject({ days: ["tue"], time: "10:00" });
    expect(await h.db.prisma.auditLog.count({ where: { action: "schedule.set", outcome: "allowed", actor: "slack:T1:UALICE" } })).toBe(1);

    await h.slackForm(commandForm("/tandem", "schedule list", { user: ALICE }));
    const list = await h.slack.waitForMethod("chat.postMessage", (b) => blocksText(b).includes("Schedules for"));
    expect(blocksText(list)).toContain("Weekly standup: every Tue at 10:00 (America/Toronto)");
    expect(blocksText(list)).toContain("next Tue 3 Nov, 10:00 EST");
  });

  test("a bad phrase gets the usage back, privately", async () => {
    await h.slackForm(commandForm("/tandem", "schedule set standup someday", { user: ALICE }));
    const eph = await h.slack.waitForMethod("chat.postEphemeral", (b) => String(b.text).includes("is neither a day"));
    expect(eph.text).toContain("schedule set standup mon 09:30");
  });
});
