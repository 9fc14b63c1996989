// Severity-1 incidents from Slack, end to end over HTTP: permission, start (card, pin, paging), buttons for roles,
// steps and approvals, status updates in the card's thread, timeline, resolve with the summary card.
import { startHarness, type Harness } from "../support/harness";
import { blockActionForm, commandForm, viewSubmissionForm } from "../support/slack-requests";
import { ALEX, BOB, CASEY, NIA, SAM, addPeople, blocksOf, drained, selectForm, slackElements, slackMenuOptions, until } from "./incident-support";

describe.each(["pglite", "postgres"] as const)("incidents in Slack [%s]", (kind) => {
  let h: Harness;
  let current = new Date("2026-03-06T23:00:00Z"); // a Friday, 11 PM
  beforeAll(async () => {
    h = await startHarness({ kind, clock: { now: () => current } });
    await addPeople(h);
  });
  afterAll(async () => {
    await h.stop();
  });

  const cardPost = (ref: string) => h.slack.waitForMethod("chat.postMessage", (b) => blocksOf(b).length > 5 && String(b.text).includes(`incident ${ref}:`));
  const lastCard = async (ts: string) => {
    const updates = h.slack.method("chat.update").filter((c) => c.body.ts === ts);
    return updates.length ? blocksOf(updates[updates.length - 1].body) : [];
  };
  const element = (blocks: any[], prefix: string, pred: (e: any) => boolean = () => true) =>
    slackElements(blocks).find((e) => String(e.action_id).startsWith(prefix) && pred(e));
  // Roles and steps are chosen from menus ("Take a role...", "Mark a step..."): each option carries its verb and data.
  const option = (blocks: any[], verb: string, pred: (data: Record<string, string>) => boolean) => slackMenuOptions(blocks).find((o) => o.verb === verb && pred(o.data));

  test("staff cannot start a sev-1: refused privately, audited, nothing started", async () => {
    await h.slackForm(commandForm("/incident", "sev1 ransomware files encrypted", { user: BOB }));
    const refusal = await h.slack.waitForMethod("chat.postEphemeral", (b) => b.user === BOB.id);
    expect(refusal.text).toMatch(/^Only the MSP lead or a Tandem admin can start a severity-1 incident\. Tell the MSP lead now/);
    const audit = await until(() => h.db.prisma.auditLog.findFirst({ where: { action: "incident.start", outcome: "refused" } }));
    expect(audit.actor).toBe("slack:T1:UBOB");
    expect(audit.clientId).toBe("demo");
    // Internal IT may not start one either.
    await h.slackForm(commandForm("/incident", "sev1 ransomware", { user: ALEX }));
    await h.slack.waitForMethod("chat.postEphemeral", (b) => b.user === ALEX.id);
    expect(await h.db.prisma.incident.count()).toBe(0);
  });

  test("an unknown playbook is refused with the list of playbooks", async () => {
    await h.slackForm(commandForm("/incident", "sev1 alien invasion", { user: SAM }));
    const reply = await h.slack.waitForMethod("chat.postEphemeral", (b) => b.user === SAM.id && /no playbook/.test(b.text));
    expect(reply.text).toContain("ransomware (Ransomware / mass encryption)");
    expect(reply.text).toContain("business-email-compromise");
  });

  test("the MSP lead starts one: pinned live card, internal IT and the MSP on-call paged in the channel and by DM", async () => {
    await h.slackForm(commandForm("/incident", "sev1 ransomware files encrypted on FS01", { user: SAM }));
    const card = await cardPost("IR-1");
    expect(card.channel).toBe("C1");
    expect(card.thread_ts).toBeUndefined();
    const text = JSON.stringify(blocksOf(card));
    expect(text).toContain("SEV 1 - Ransomware / mass encryption");
    expect(text).toContain("files encrypted on FS01");
    expect(text).toContain("Cyber insurer claims hotline");
    await drained(h);
    // The pin is its own outbox row, sent after the card it pins.
    const pin = await h.slack.waitForMethod("pins.add");
    const posted = await h.db.prisma.postedMessage.findFirstOrThrow({ where: { key: { startsWith: "incident:" } } });
    expect(pin).toMatchObject({ channel: "C1", timestamp: posted.messageId });
    const page = await h.slack.waitForMethod("chat.postMessage", (b) => String(b.text).includes("Paging internal IT"));
    expect(page.channel).toBe("C1");
    expect(page.text).toContain("<@UALEX>");
    expect(page.text).toContain("<@UNIA>");
    const dms = h.slack.method("chat.postMessage").filter((c) => /^U/.test(c.body.channel)).map((c) => c.body.channel).sort();
    // The demo matrix's own people have their roles from the first start, in their workspace (T0MAPLE, not this
    // channel's T1): mentioned in the channel, with no direct message to another workspace.
    expect(page.text).toContain("<@U01ALEX>");
    expect(dms).toEqual(["UALEX", "UNIA"]);
    const incident = await h.db.prisma.incident.findFirstOrThrow({ include: { events: true } });
    expect(incident).toMatchObject({ number: 1, playbookId: "ransomware", status: "investigating", drill: false, severity: 1 });
    expect(incident.events.map((e) => e.type).sort()).toEqual(["paged", "started"]);
    const job = await h.db.prisma.job.findFirstOrThrow({ where: { kind: "incident-timer" } });
    expect(job.runAt.toISOString()).toBe("2026-03-06T23:15:00.000Z");
    expect(await h.db.prisma.auditLog.count({ where: { action: "incident.start", outcome: "allowed" } })).toBe(1);
  });

  test("incident list says when it started in the client's time zone, as the card does", async () => {
    await h.slackForm(commandForm("/incident", "list", { user: ALEX }));
    const list = await h.slack.waitForMethod("chat.postEphemeral", (b) => b.user === ALEX.id && /Open incidents/.test(b.text));
    expect(list.text).toContain("started Fri 6 Mar, 18:00 EST"); // 23:00 UTC in Toronto
    expect(list.text).not.toContain("UTC");
  });

  test("roles, steps and approvals by button update the same card and the timeline", async () => {
    const cardTs = (await h.db.prisma.postedMessage.findFirstOrThrow({ where: { key: { startsWith: "incident:" } } })).messageId;
    const first = blocksOf(await cardPost("IR-1"));
    current = new Date("2026-03-06T23:04:00Z");

    // The MSP technician acknowledges.
    const ack = element(first, "incident-ack");
    const updatesBefore = h.slack.method("chat.update").filter((c) => c.body.ts === cardTs).length;
    await h.slackForm(blockActionForm("incident-ack", JSON.parse(ack.value), { user: NIA, messageTs: cardTs }));
    // The card was updated with the acknowledgement, and no update after it goes back on it (a page check that read
    // the incident before the click once queued its older card after the acknowledgement's: card-race.test.ts).
    const acked = (c: { body: { ts?: unknown } }) => JSON.stringify(blocksOf(c.body)).includes("MSP acknowledged (Nia NOC) after 4m");
    await until(async () => h.slack.method("chat.update").filter((c) => c.body.ts === cardTs).slice(updatesBefore).some(acked));
    await drained(h);
    const sinceClick = h.slack.method("chat.update").filter((c) => c.body.ts === cardTs).slice(updatesBefore);
    expect(sinceClick.slice(sinceClick.findIndex(acked)).map((c) => (acked(c) ? "acked" : "not acked"))).not.toContain("not acked");
    const ackLine = await h.slack.waitForMethod("chat.postMessage", (b) => String(b.text).includes("acknowledged for the MSP"));
    expect(ackLine.thread_ts).toBe(cardTs);

    // Nia takes the technical lead role; Sam assigns the client approver to Casey (the COO) from the menu.
    const take = option(first, "incident-take", (d) => d.role === "technical-lead")!;
    await h.slackForm(selectForm(take.actionId, take.value, NIA, { messageTs: cardTs }));
    await until(async () => JSON.stringify(await lastCard(cardTs)).includes("Technical lead (MSP): Nia NOC"));
    expect(JSON.stringify(await lastCard(cardTs))).toContain("MSP acknowledged (Nia NOC) after 4m");
    const approverMenu = element(await lastCard(cardTs), "incident-assign", (e) => e.placeholder.text === "Assign Client approver");
    const casey = approverMenu.options.find((o: any) => o.text.text === "Casey COO");
    await h.slackForm(selectForm(approverMenu.action_id, casey.value, SAM, { messageTs: cardTs }));
    await until(async () => JSON.stringify(await lastCard(cardTs)).includes("Client approver (internal IT): Casey COO"));

    // A step is done by button.
    const done = option(await lastCard(cardTs), "incident-done", (d) => d.step === "confirm-scope")!;
    await h.slackForm(selectForm(done.actionId, done.value, NIA, { messageTs: cardTs }));
    await until(async () => JSON.stringify(await lastCard(cardTs)).includes("1 of 16 steps done"));

    // Only the client approver approves: Alex (internal IT) is refused, Casey approves, then the step can be done.
    // "Approve or decline" opens a modal with the decision; its submit carries the step.
    const decide = option(await lastCard(cardTs), "incident-decide", (d) => d.step === "cut-remote-access")!;
    await h.slackForm(selectForm(decide.actionId, decide.value, ALEX, { messageTs: cardTs }));
    const modal = await h.slack.waitForMethod("views.open", () => true);
    const view = typeof modal.view === "string" ? JSON.parse(modal.view) : modal.view;
    expect(view.callback_id).toBe("incident-decide");
    expect(view.blocks.map((b: any) => b.block_id)).toEqual(["decision", "note"]);
    const meta = JSON.parse(view.private_metadata);
    await h.slackForm(viewSubmissionForm("incident-decide", meta, { decision: "approve" }, { user: ALEX }));
    const refused = await h.slack.waitForMethod("chat.postEphemeral", (b) => b.user === ALEX.id && /Client approver/.test(b.text));
    expect(refused.text).toBe("Only a Tandem admin or Casey COO (the Client approver) can approve or decline a playbook step. Ask one of them.");
    await h.slackForm(viewSubmissionForm("incident-decide", meta, { decision: "approve" }, { user: CASEY }));
    await until(async () => JSON.stringify(await lastCard(cardTs)).includes("approved by Casey COO"));
    expect(option(await lastCard(cardTs), "incident-done", (d) => d.step === "cut-remote-access")).toBeDefined();

    const state = (await h.db.prisma.incident.findFirstOrThrow()).state as any;
    expect(state.roles["technical-lead"].name).toBe("Nia NOC");
    expect(state.roles["client-approver"]).toMatchObject({ id: "slack:T1:UCASEY", name: "Casey COO" });
    expect(state.steps["confirm-scope"]).toMatchObject({ state: "done", by: { name: "Nia NOC" } });
    expect(state.approvals).toEqual([expect.objectContaining({ stepId: "cut-remote-access", decision: "approved", by: expect.objectContaining({ name: "Casey COO" }) })]);
    const types = (await h.db.prisma.incidentEvent.findMany({ orderBy: { at: "asc" } })).map((e) => e.type);
    expect(types).toEqual(["started", "paged", "acknowledged", "role-assigned", "role-assigned", "step-done", "approved"]);
    // No second card was posted: every change edited the first one.
    expect(h.slack.method("chat.postMessage").filter((c) => blocksOf(c.body).length > 5 && String(c.body.text).includes("IR-1"))).toHaveLength(1);
  });

  test("staff cannot tick steps or change the status", async () => {
    await h.slackForm(commandForm("/incident", "done 2", { user: BOB }));
    const r = await h.slack.waitForMethod("chat.postEphemeral", (b) => b.user === BOB.id && /Only internal IT, the MSP/.test(b.text));
    expect(r.channel).toBe("C1");
    expect(((await h.db.prisma.incident.findFirstOrThrow()).state as any).steps["isolate-hosts"].state).toBe("open");
  });

  test("updates and status changes go to the card's thread with who and when; the timeline lists them", async () => {
    const cardTs = (await h.db.prisma.postedMessage.findFirstOrThrow({ where: { key: { startsWith: "incident:" } } })).messageId;
    current = new Date("2026-03-06T23:20:00Z");
    await h.slackForm(commandForm("/incident", "update EDR isolated FS01 and two laptops", { user: ALEX }));
    const note = await h.slack.waitForMethod("chat.postMessage", (b) => String(b.text).includes("EDR isolated FS01"));
    expect(note.thread_ts).toBe(cardTs);
    expect(note.text).toBe("Alex Example: EDR isolated FS01 and two laptops");
    await h.slackForm(commandForm("/incident", "status contained", { user: SAM }));
    await h.slack.waitForMethod("chat.postMessage", (b) => String(b.text).includes("changed the status from investigating to contained") && b.thread_ts === cardTs);
    await until(async () => JSON.stringify(await lastCard(cardTs)).includes("*Status*\\nContained"));

    await h.slackForm(commandForm("/incident", "timeline", { user: CASEY }));
    const timeline = await h.slack.waitForMethod("chat.postMessage", (b) => String(b.text).startsWith("Timeline of IR-1"));
    const text = JSON.stringify(blocksOf(timeline));
    // The client's zone with its abbreviation, and no "Sam Sample: Sam Sample ..." stutter.
    expect(text).toContain("18:00 EST (+0m) Sam Sample started a sev 1 incident");
    expect(text).toContain("18:20 EST (+20m) Alex Example: EDR isolated FS01");
    expect(text).toContain("Sam Sample changed the status from investigating to contained");
  });

  test("with two incidents open, commands must name one", async () => {
    await h.slackForm(commandForm("/incident", "sev1 payments card terminals down", { user: SAM }));
    await cardPost("IR-2");
    await h.slackForm(commandForm("/incident", "update vendor called", { user: SAM }));
    const r = await h.slack.waitForMethod("chat.postEphemeral", (b) => b.user === SAM.id && /Several incidents are open/.test(b.text));
    expect(r.text).toContain("IR-1, IR-2");
    await h.slackForm(commandForm("/incident", "update IR-2 vendor called", { user: SAM }));
    await until(() => h.db.prisma.incidentEvent.findFirst({ where: { type: "note", text: "Sam Sample: vendor called" } }));
    const ir2 = await h.db.prisma.incident.findFirstOrThrow({ where: { number: 2 }, include: { events: true } });
    expect(ir2.events.some((e) => e.text === "Sam Sample: vendor called")).toBe(true);
  });

  test("resolving posts the post-incident summary card and stops the timer", async () => {
    current = new Date("2026-03-07T02:30:00Z");
    await h.slackForm(commandForm("/incident", "status IR-1 resolved restored from clean backups", { user: SAM }));
    const summary = await h.slack.waitForMethod("chat.postMessage", (b) => String(b.text).startsWith("Post-incident summary for IR-1"));
    const text = JSON.stringify(blocksOf(summary));
    expect(text).toContain("*Duration*\\n3h 30m");
    expect(text).toContain("*Time to acknowledge*\\n4m by Nia NOC (within the 15m target)");
    expect(text).toContain("approved by Casey COO");
    // No operator command on a card people in the channel read; the chat command instead.
    expect(text).not.toContain("tandem incidents export");
    expect(text).toContain('incident timeline IR-1');
    const row = await h.db.prisma.incident.findFirstOrThrow({ where: { number: 1 } });
    expect(row.status).toBe("resolved");
    expect(row.resolvedAt?.toISOString()).toBe("2026-03-07T02:30:00.000Z");
    // The resolved card keeps only "Full checklist".
    const posted = await h.db.prisma.postedMessage.findUniqueOrThrow({ where: { key: `incident:${row.id}` } });
    await until(async () => JSON.stringify(await lastCard(posted.messageId)).includes("*Status*\\nResolved"));
    const left = slackElements(await lastCard(posted.messageId)).filter((e) => !e.url).map((e) => e.type === "overflow" ? e.options.map((o: any) => JSON.parse(o.value).verb) : String(e.action_id).replace(/:\d+$/, "")).flat();
    expect(left).toEqual(["incident-checklist"]); // the list can still be read
    // A timer firing later for it says nothing.
    const before = h.slack.calls.length;
    current = new Date("2026-03-08T00:00:00Z");
    await h.tandem.jobRunner.runDue();
    await drained(h);
    expect(h.slack.calls.slice(before).filter((c) => String(c.body?.text ?? "").includes("IR-1"))).toEqual([]);
  });
});
