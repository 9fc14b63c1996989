// The MSP response timer and step deadlines with a fixed clock: re-page along the escalation path (real people by
// role), call out passed deadlines once, keep working after a restart on the same database; drills page nobody
// outside the channel and say DRILL on every message.
import { freshDatabase, type TestDatabase } from "../support/databases";
import { startHarness, type Harness } from "../support/harness";
import type { Database } from "../../src/adapters/db/connect";
import { PrismaIncidentStore } from "../../src/adapters/db/incident-repo";
import { commandForm } from "../support/slack-requests";
import { SAM, addPeople, blocksOf, drained, until } from "./incident-support";

const T0 = new Date("2026-03-06T23:00:00Z");
const plus = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

describe.each(["pglite", "postgres"] as const)("incident timers [%s]", (kind) => {
  let handle: TestDatabase;
  let db: Database;
  let current = T0;
  const clock = { now: () => current };
  beforeAll(async () => {
    handle = await freshDatabase(kind);
    db = await handle.open();
  });
  // A failed test leaves its Tandem running: stop it so the next test (and jest) can go on.
  let running: Harness | undefined;
  afterEach(async () => {
    await running?.stop().catch(() => undefined);
    running = undefined;
  });
  afterAll(async () => {
    await db.close();
    await handle.drop();
  });

  test("no acknowledgement: re-paged along the path by role, deadlines called out once, and again after a restart", async () => {
    let h: Harness = await startHarness({ sharedDatabase: db, clock });
    running = h;
    await addPeople(h);
    // The client's response time is 10 minutes.
    await db.prisma.client.update({ where: { id: "demo" }, data: { settings: { incidentAckMinutes: 10 } } });
    await h.slackForm(commandForm("/incident", "sev1 ransomware files encrypted", { user: SAM, channel: "C9" }));
    await until(() => db.prisma.incident.findFirst({ where: { drill: false } }));
    await drained(h);
    const incident = await db.prisma.incident.findFirstOrThrow({ where: { drill: false } });
    const thread = (await db.prisma.postedMessage.findUniqueOrThrow({ where: { key: `incident:${incident.id}` } })).messageId;

    // 9 minutes: nothing of the incident's own is due yet. The page's delivery check runs: it pages nobody, and says in
    // the thread whom a direct message could not reach (the Teams people of this client: no Teams conversation in
    // their tenant for Tandem to open a 1:1 chat from, in this Slack-only test).
    current = plus(9);
    const before = h.slack.method("chat.postMessage").length;
    await h.tandem.jobRunner.runDue();
    expect(await db.prisma.job.count({ where: { kind: "incident-timer", status: { not: "pending" } } })).toBe(0);
    await drained(h);
    const since = h.slack.method("chat.postMessage").slice(before).map((c) => c.body);
    expect(since.length).toBeGreaterThan(0);
    for (const m of since) {
      expect(m.thread_ts).toBe(thread);
      expect(String(m.text)).toMatch(/^Tandem could not send [^.]+ a direct message \(cannot open a 1:1 chat/);
    }

    // 10 minutes: the MSP security lead is paged; in Tandem that is everyone with msp-lead, in the thread and by DM.
    current = plus(10);
    await h.tandem.jobRunner.runDue();
    const repage = await h.slack.waitForMethod("chat.postMessage", (b) => String(b.text).includes("Paged MSP security lead (page 2)"));
    expect(repage).toMatchObject({ channel: "C9", thread_ts: thread });
    expect(repage.text).toContain("<@USAM>");
    expect(repage.text).toContain("MSP has not acknowledged within 10m");
    const dm = await h.slack.waitForMethod("chat.postMessage", (b) => b.channel === "USAM" && String(b.text).startsWith("Re-page"));
    expect(dm.text).toContain("IR-1");
    // The card says so too.
    await until(async () => h.slack.method("chat.update").some((c) => c.body.ts === thread && JSON.stringify(blocksOf(c.body)).includes("re-paged MSP security lead")));

    // Run again at the same instant: nothing more (the job is idempotent).
    await h.tandem.jobRunner.runDue();
    await drained(h);
    let state = ((await db.prisma.incident.findUniqueOrThrow({ where: { id: incident.id } })).state as any);
    expect(state.pages.map((p: any) => p.contactId)).toEqual(["msp-oncall", "msp-security-lead"]);

    // 15 minutes: the first step deadline passes and is called out in the thread, once.
    current = plus(15);
    await h.tandem.jobRunner.runDue();
    const overdue = await h.slack.waitForMethod("chat.postMessage", (b) => String(b.text).startsWith("Overdue (due 15m after start"));
    expect(overdue.thread_ts).toBe(thread);
    expect(overdue.text).toContain("Confirm the alert");

    // Restart: a new Tandem on the same database (and a fresh Slack) keeps the timers.
    await h.stop();
    current = plus(20);
    h = await startHarness({ sharedDatabase: db, clock });
    running = h;
    await h.tandem.jobRunner.runDue();
    const third = await h.slack.waitForMethod("chat.postMessage", (b) => String(b.text).includes("Paged MSP service delivery manager (page 3)"));
    expect(third.thread_ts).toBe(thread);
    state = ((await db.prisma.incident.findUniqueOrThrow({ where: { id: incident.id } })).state as any);
    expect(state.pages).toHaveLength(3);
    expect(state.deadlinesCalledOut).toEqual(["confirm-scope"]);
    const types = (await db.prisma.incidentEvent.findMany({ where: { incidentId: incident.id }, orderBy: { at: "asc" } })).map((e) => e.type);
    expect(types).toEqual(["started", "paged", "re-paged", "deadline-missed", "re-paged"]);

    // Acknowledging stops the re-paging; later deadlines are still called out.
    await h.slackForm(commandForm("/incident", "ack on the bridge now", { user: SAM, channel: "C9" }));
    await until(async () => ((await db.prisma.incident.findUniqueOrThrow({ where: { id: incident.id } })).ackedAt ? true : null));
    current = plus(60);
    await h.tandem.jobRunner.runDue();
    // The replica's own job poll may have claimed the due job first: wait for whichever ran it.
    state = await until(async () => {
      const s = (await db.prisma.incident.findUniqueOrThrow({ where: { id: incident.id } })).state as any;
      return s.deadlinesCalledOut.length >= 6 ? s : null;
    });
    await drained(h);
    expect(state.pages).toHaveLength(3);
    expect(state.deadlinesCalledOut).toEqual(["confirm-scope", "isolate-hosts", "disable-accounts", "cut-remote-access", "protect-backups", "holding-statement"]);
    const overdueLines = h.slack.method("chat.postMessage").filter((c) => String(c.body.text).startsWith("Overdue"));
    expect(overdueLines).toHaveLength(5);
    await h.slackForm(commandForm("/incident", "resolve contained and restored", { user: SAM, channel: "C9" }));
    await until(() => db.prisma.incident.findFirst({ where: { id: incident.id, status: "resolved" } }));
    await drained(h);
    await h.stop();
    running = undefined;
  });

  test("a drill: DRILL on every message, paging only inside the channel, a drill summary, and the last drill date", async () => {
    current = new Date("2026-04-01T15:00:00Z");
    const h = await startHarness({ sharedDatabase: db, clock });
    running = h;
    await h.slackForm(commandForm("/incident", "drill business email compromise", { user: SAM, channel: "C7" }));
    const card = await h.slack.waitForMethod("chat.postMessage", (b) => b.channel === "C7" && blocksOf(b).length > 5);
    expect(blocksOf(card)[0].text.text).toContain("DRILL - tabletop exercise");
    const drill = await db.prisma.incident.findFirstOrThrow({ where: { drill: true } });
    expect(drill.summary).toBe("Tabletop exercise");

    // The response time passes: the re-page is only a line in the thread.
    current = new Date("2026-04-01T15:30:00Z");
    await h.tandem.jobRunner.runDue();
    await h.slack.waitForMethod("chat.postMessage", (b) => String(b.text).includes("Would page"));
    await h.slackForm(commandForm("/incident", "update tabletop: who calls the bank?", { user: SAM, channel: "C7" }));
    await h.slackForm(commandForm("/incident", "resolve exercise complete", { user: SAM, channel: "C7" }));
    const summary = await h.slack.waitForMethod("chat.postMessage", (b) => String(b.text).includes("Drill summary for IR-"));
    expect(JSON.stringify(blocksOf(summary))).toContain("DRILL");
    await drained(h);

    const sent = h.slack.method("chat.postMessage").map((c) => c.body);
    expect(sent.length).toBeGreaterThanOrEqual(5);
    for (const m of sent) {
      expect(m.channel).toBe("C7"); // no direct messages at all
      expect(String(m.text)).toContain("DRILL");
    }
    for (const u of h.slack.method("chat.update")) expect(String(u.body.text)).toContain("[DRILL]");
    // Mentions happen only inside the channel, in a message marked DRILL.
    const page = sent.find((m) => String(m.text).includes("Paging internal IT"));
    expect(page.text).toMatch(/^(<@U\w+> )*\[DRILL\]/);

    const last = await new PrismaIncidentStore(db.prisma).lastDrill("demo");
    expect(last).toMatchObject({ playbookId: "business-email-compromise" });
    expect(last!.resolvedAt.toISOString()).toBe("2026-04-01T15:30:00.000Z");
    await h.stop();
    running = undefined;
  });
});
