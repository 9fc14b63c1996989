// Time passing on a fixed clock: a holiday moves the standup, downtime is caught up without a burst, and drift
// warnings are said once.
import { startHarness, type Harness } from "../support/harness";
import { CLIENT, blocksText, joinChannels, seedPeople } from "./cadence-fixtures";

describe.each(["pglite", "postgres"] as const)("cadence catch-up and drift [%s]", (kind) => {
  let h: Harness;
  let current = new Date("2026-10-11T12:00:00Z"); // Sunday before Thanksgiving Monday (a holiday in the demo matrix)
  const tick = async (iso: string) => {
    current = new Date(iso);
    await h.tandem.jobRunner.runDue();
    await new Promise((r) => setTimeout(r, 250)); // let the outbox send
  };
  const standupPosts = () => h.slack.method("chat.postMessage").filter((c) => blocksText(c.body).includes("Weekly standup"));
  const drift = (text: string) => h.slack.method("chat.postMessage").filter((c) => String(c.body.text).includes(text));
  const runs = async () =>
    (await h.db.prisma.scheduleRun.findMany({ where: { schedule: { clientId: CLIENT } }, include: { schedule: true }, orderBy: { occurrenceAt: "asc" } }))
      .map((r) => `${r.schedule.name} ${r.occurrenceAt.toISOString()} ${r.status}`);

  beforeAll(async () => {
    h = await startHarness({ kind, clock: { now: () => current }, env: { CADENCE_ENABLED: "true" } });
    await seedPeople(h.db.prisma);
    await joinChannels(h);
    await h.tandem.jobRunner.runDue();
  }, 90_000); // the first turns after start may take long on a loaded machine (see joinChannels)
  afterAll(async () => {
    await h.stop();
  });

  test("a standup due on a holiday moves to the next business day at the same local time", async () => {
    await tick("2026-10-12T13:31:00Z");
    expect(standupPosts()).toHaveLength(0);
    await tick("2026-10-13T13:30:30Z");
    const post = await h.slack.waitForMethod("chat.postMessage", (b) => blocksText(b).includes("Weekly standup"));
    expect(blocksText(post)).toContain("Tue 13 Oct, 09:30 EDT");
    expect(await runs()).toEqual(["standup 2026-10-13T13:30:00.000Z sent"]);
  });

  test("after downtime the latest standup within the grace window is sent once, the older one recorded missed, and a missed-twice warning is said once", async () => {
    await tick("2026-10-26T14:00:00Z"); // down since the 13th; today's 09:30 is half an hour old
    await h.slack.waitForMethod("chat.postMessage", (b) => blocksText(b).includes("Mon 26 Oct"));
    expect(standupPosts()).toHaveLength(2);
    expect(await runs()).toEqual([
      "standup 2026-10-13T13:30:00.000Z sent",
      "standup 2026-10-19T13:30:00.000Z missed",
      "standup 2026-10-26T13:30:00.000Z sent",
    ]);
    const card = standupPosts()[1]!.body;
    expect(blocksText(card)).toContain("*Missed standups*\\n2 (2 in a row)");
    await h.slack.waitForMethod("chat.postMessage", (b) => String(b.text).includes("missed 2 times in a row"));
    await tick("2026-10-26T14:15:00Z");
    await tick("2026-10-26T18:00:00Z");
    expect(drift("missed 2 times in a row")).toHaveLength(1);
    expect(drift("missed 2 times in a row")[0]!.body.text).toContain("since 2026-10-13");
  });

  test("occurrences older than the grace window are recorded missed and never sent; a late monthly report is flagged once", async () => {
    const before = h.slack.method("chat.postMessage").length;
    // 13:00 EST: the standup (09:30) and the monthly report (10:00) are both over two hours old.
    await tick("2026-11-02T18:00:00Z");
    expect(h.slack.method("chat.postMessage").slice(before).filter((c) => blocksText(c.body).includes("Weekly standup") || blocksText(c.body).includes("Monthly operations report"))).toHaveLength(0);
    expect((await runs()).slice(-2)).toEqual(["standup 2026-11-02T14:30:00.000Z missed", "monthly-report 2026-11-02T15:00:00.000Z missed"]);
    await tick("2026-11-03T16:00:00Z");
    const late = await h.slack.waitForMethod("chat.postMessage", (b) => String(b.text).includes("monthly operations report for 2026-10"));
    expect(late.text).toContain("was due 2026-11-02 10:00 and has not gone out");
    await tick("2026-11-03T17:00:00Z");
    expect(drift("monthly operations report for 2026-10")).toHaveLength(1);
  });

  test("a paused schedule does not fire and does not catch up when resumed; skip-next skips exactly one", async () => {
    const say = async (text: string) => {
      await h.slackEvent({ type: "app_mention", user: "UALICE", user_team: "T1", text: `<@UBOT> ${text}`, ts: `${Date.now() / 1000}`, channel: "C1", event_ts: "1" });
      return h.slack.waitForMethod("chat.postMessage", (b) => String(b.text).includes(text.startsWith("schedule pause") ? "Paused." : text.startsWith("schedule resume") ? "Resumed." : "Skipping"));
    };
    await say("schedule pause standup");
    const count = standupPosts().length;
    await tick("2026-11-09T14:30:30Z");
    expect(standupPosts()).toHaveLength(count);
    await tick("2026-11-09T15:00:00Z");
    await say("schedule resume standup");
    const skip = await say("schedule skip-next standup");
    expect(skip.text).toContain("Skipping the one on Mon 16 Nov, 09:30 EST");
    await tick("2026-11-16T14:30:30Z");
    expect(standupPosts()).toHaveLength(count);
    await tick("2026-11-23T14:30:30Z");
    await h.slack.waitForMethod("chat.postMessage", (b) => blocksText(b).includes("Mon 23 Nov"));
    expect(standupPosts()).toHaveLength(count + 1);
    const names = await runs();
    expect(names).toContain("standup 2026-11-16T14:30:00.000Z skipped");
    expect(names.filter((n) => n.includes("2026-11-09"))).toEqual([]);
  });
});

describe("cadence switched off (CADENCE_ENABLED=false)", () => {
  test("schedules can still be listed, but nothing is posted when they come due", async () => {
    let current = new Date("2026-10-18T12:00:00Z");
    const h = await startHarness({ kind: "pglite", clock: { now: () => current }, env: { CADENCE_ENABLED: "false" } });
    try {
      await seedPeople(h.db.prisma);
      await joinChannels(h);
      await h.slackEvent({ type: "app_mention", user: "UALICE", user_team: "T1", text: "<@UBOT> schedule list", ts: "1700000950.000100", channel: "C1", event_ts: "1" });
      const list = await h.slack.waitForMethod("chat.postMessage", (b) => blocksText(b).includes("Schedules for"));
      expect(blocksText(list)).toContain("Weekly standup: every Mon at 09:30");
      current = new Date("2026-10-19T13:30:30Z");
      await h.tandem.jobRunner.runDue();
      await new Promise((r) => setTimeout(r, 300));
      expect(h.slack.method("chat.postMessage").filter((c) => blocksText(c.body).includes("Weekly standup: Maple Ridge"))).toHaveLength(0);
      expect(await h.db.prisma.scheduleRun.count()).toBe(0);
    } finally {
      await h.stop();
    }
  });
});
