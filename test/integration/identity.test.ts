// One person, one name everywhere, and times in the client's time zone: names from the matrix, the people list or the
// platform profile (Slack users.info, the Teams activity's own name), never a raw id or a username where a name is
// known; the demo matrix's people have their roles from the first start; the CLI and the audit log read in the
// client's zone (or UTC on request). PostgreSQL, so the CLI reads the same database while the bot runs.
import { commandForm, shortcutForm } from "../support/slack-requests";
import { runTandem } from "../support/cli";
import { freshPostgres, type TestDatabase } from "../support/databases";
import { startHarness, type Harness } from "../support/harness";
import { teamsBotAdded, teamsExecute, teamsMessage } from "../support/teams-activities";
import { executeActions } from "../support/cards";
import type { Database } from "../../src/adapters/db/connect";
import { PLAYGROUND_USER } from "../../src/adapters/db/seed";
import { PrismaIncidentStore } from "../../src/adapters/db/incident-repo";
import { PrismaPlaybookLibrary } from "../../src/adapters/db/playbook-repo";
import { apply, startIncident } from "../../src/core/incidents/incident";
import { getPlaybook } from "../../src/core/incidents/playbook-set";
import { blocksOf, until } from "./tickets-support";

const CARD = "application/vnd.microsoft.card.adaptive";
// As the Playground sends its default user.
const PLAYGROUND = { id: "user-id-0", aadObjectId: PLAYGROUND_USER.aadObjectId, name: "Alex Wilber" };
const ALEX_FROM_MATRIX = { id: "U01ALEX", team: "T0MAPLE" }; // internal IT lead in the demo matrix
const PRIYA_FROM_MATRIX = { id: "U02PRIYA", team: "T0MAPLE", name: "priya" }; // username "priya"
const MARK = { id: "U09MARK", team: "T0MAPLE" }; // nobody Tandem knows: only Slack's profile names him

describe("names and times [postgres]", () => {
  let pg: TestDatabase;
  let db: Database;
  let h: Harness;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    pg = await freshPostgres();
    db = await pg.open();
    h = await startHarness({ sharedDatabase: db });
    h.slack.profiles.set(MARK.id, { displayName: "Mark Rivera", realName: "Mark Rivera", username: "mark" });
    h.slack.profiles.set(PRIYA_FROM_MATRIX.id, { displayName: "Priya N.", realName: "Priya Natarajan", username: "priya" });
    env = { DATABASE_URL: pg.url, LOG_LEVEL: "silent" };
  });
  afterAll(async () => {
    await h?.stop();
    await db?.close();
    await pg?.drop();
  });

  test("the Playground's user is 'Alex Wilber' on the ticket, its card and its timeline", async () => {
    const where = { serviceUrl: h.connector.serviceUrl, personal: true, conversationId: "a:playground-alex", from: PLAYGROUND };
    await h.teams({ ...teamsMessage("ticket the docking station in room 4 is dead", where), conversation: { id: "a:playground-alex", conversationType: "personal", tenantId: PLAYGROUND_USER.tenantId }, channelData: { tenant: { id: PLAYGROUND_USER.tenantId } } });
    const card = await h.connector.waitForActivity((a) => a.attachments?.[0]?.contentType === CARD && JSON.stringify(a).includes("docking station in room 4"));
    expect(JSON.stringify(card.body)).toContain("Alex Wilber");
    expect(JSON.stringify(card.body)).not.toContain("Playground user");
    const t = (await db.prisma.ticket.findFirst({ where: { title: "the docking station in room 4 is dead" }, include: { events: true } }))!;
    expect(t.requester).toBe("Alex Wilber");
    expect(t.events[0].actor).toBe("Alex Wilber");
  });

  test("Teams: an MSP tech listed without a name is paged by the name the channel roster gave, on the escalation, the ticket and an incident", async () => {
    // As `tandem people add --platform teams --user <aad> --roles msp-tech` (no --name) and the roster read when
    // Tandem was added to the channel: the people list has no name for her, Teams has told Tandem hers.
    const megan = { aadObjectId: "00000000-0000-0000-0000-0000000000021", name: "Megan Bowen" };
    await db.prisma.person.create({ data: { clientId: "demo", platform: "teams", teamId: PLAYGROUND_USER.tenantId, userId: megan.aadObjectId, aadObjectId: megan.aadObjectId, roles: ["msp-tech"] } });
    await db.prisma.chatMember.create({ data: { platform: "teams", homeId: PLAYGROUND_USER.tenantId, userId: megan.aadObjectId, name: megan.name, source: "roster" } });
    const tenant = { conversation: { id: "a:playground-alex", conversationType: "personal", tenantId: PLAYGROUND_USER.tenantId }, channelData: { tenant: { id: PLAYGROUND_USER.tenantId } } };
    const where = { serviceUrl: h.connector.serviceUrl, personal: true, conversationId: "a:playground-alex", from: PLAYGROUND };
    await h.teams({ ...teamsMessage("escalate the label printer in shipping is offline", where), ...tenant });
    // The new ticket's card carries the page: the @mention as its text, what it says as its summary.
    const page = await h.connector.waitForActivity((a) => !!a.entities?.length && String(a.summary ?? "").includes("is escalated to the MSP"));
    expect(page.body.summary).toContain("Megan Bowen (MSP tech), please acknowledge");
    expect(page.body.text).toBe("<at>Megan Bowen</at>");
    expect(page.body.entities).toEqual([expect.objectContaining({ mentioned: expect.objectContaining({ id: megan.aadObjectId, name: "Megan Bowen" }) })]);
    expect(JSON.stringify(page.body.attachments)).toContain("Megan Bowen");
    expect(JSON.stringify(page.body.attachments)).not.toContain(megan.aadObjectId);
    const t = (await db.prisma.ticket.findFirst({ where: { title: "the label printer in shipping is offline" } }))!;
    expect(t.ownerName).toBe("Megan Bowen");

    // A drill in a channel pages the MSP techs the same way.
    const channel = { serviceUrl: h.connector.serviceUrl, conversationId: "19:playground-general@thread.tacv2", from: PLAYGROUND };
    await h.teams({ ...teamsMessage("incident drill ransomware label printer tabletop", channel), conversation: { id: channel.conversationId, conversationType: "channel", isGroup: true, tenantId: PLAYGROUND_USER.tenantId }, channelData: { tenant: { id: PLAYGROUND_USER.tenantId }, channel: { id: channel.conversationId }, team: { id: "19:playground-team@thread.tacv2" } } });
    const drill = await h.connector.waitForActivity((a) => String(a.text ?? "").includes("[DRILL] SEV 1 incident") && String(a.text).includes("label printer tabletop"));
    expect(drill.body.text).toContain("<at>Megan Bowen</at>");
    expect(drill.body.text).not.toContain("<at>someone</at>");
    expect(JSON.stringify(drill.body)).not.toContain(`"name":""`);
  });

  test("Teams: 'Ask the MSP' on a question the matrix does not name @mentions the MSP's people by name, never 'someone'", async () => {
    // Megan (msp-tech, named only by the roster, as above) and the Playground's user (msp-lead, no name listed).
    const where = { serviceUrl: h.connector.serviceUrl, personal: true, conversationId: "a:playground-alex", from: PLAYGROUND };
    const tenant = { conversation: { id: "a:playground-alex", conversationType: "personal", tenantId: PLAYGROUND_USER.tenantId }, channelData: { tenant: { id: PLAYGROUND_USER.tenantId } } };
    await h.teams({ ...teamsMessage("who handles booking a table for the team lunch?", where), ...tenant });
    const reply = await h.connector.waitForActivity((a) => JSON.stringify(a.attachments ?? []).includes("table for the team lunch"));
    const ask = executeActions(reply.body.attachments[0].content).find((a) => (a as { title?: string }).title === "Ask the MSP")!;
    await h.teams({ ...teamsExecute(ask.verb, ask.data, where), ...tenant });
    const asked = await h.connector.waitForActivity((a) => String(a.text ?? "").includes("table for the team lunch") && String(a.text).includes("can you take it"));
    expect(asked.body.text).toContain("<at>Megan Bowen</at>");
    expect(asked.body.text).toContain("<at>Alex Wilber</at>");
    expect(asked.body.text).not.toContain("<at>someone</at>");
    for (const m of asked.body.entities) expect(m.mentioned.name).not.toBe("");
  });

  test("a person named in the demo matrix has their role from the first start: Alex escalates without any import", async () => {
    await h.slackForm(commandForm("/escalate", "sev2 the warehouse scanners lost their network", { user: ALEX_FROM_MATRIX }));
    const post = await h.slack.waitForMethod("chat.postMessage", (b) => String(b.blocks ?? "").includes("warehouse scanners"));
    expect(post.text).toContain("escalated to the MSP by Alex Example");
    expect(await db.prisma.auditLog.count({ where: { action: "ticket.escalate", outcome: "refused" } })).toBe(0);
  });

  test("Slack: the ticket made from Mark's message names him and the person who made it by name, not by id or username", async () => {
    await h.slackForm(shortcutForm("create_ticket", { ts: "1790000200.000100", text: "Outlook keeps asking for my password", user: MARK.id }, { user: PRIYA_FROM_MATRIX }));
    const post = await h.slack.waitForMethod("chat.postMessage", (b) => String(b.blocks ?? "").includes("Outlook keeps asking"));
    const text = JSON.stringify(blocksOf(post));
    expect(text).toContain("Mark Rivera");
    expect(text).toContain("Priya Natarajan"); // the matrix's name for her wins over her Slack display name
    expect(text).not.toContain("U09MARK");
    expect(text).not.toMatch(/\bpriya\b/);
    const t = (await db.prisma.ticket.findFirst({ where: { title: "Outlook keeps asking for my password" }, include: { events: true } }))!;
    expect(t.requester).toBe("Mark Rivera");
    expect(t.events[0].actor).toBe("Priya Natarajan");
  });

  test("the audit log names people and reads in the client's time zone; --utc on request", async () => {
    await h.slackForm(commandForm("/escalate", "everything is slow", { user: MARK }));
    await until(() => db.prisma.auditLog.findFirst({ where: { action: "ticket.escalate", outcome: "refused" } }));
    const local = await runTandem(["audit", "--refused"], env);
    expect(local.code).toBe(0);
    const row = local.stdout.split("\n").find((l) => l.includes("ticket.escalate"))!;
    expect(row).toContain("Mark Rivera");
    expect(row).not.toContain("slack:T0MAPLE:U09MARK");
    expect(row).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d E[SD]T /); // America/Toronto, the demo client's zone
    const utc = await runTandem(["audit", "--refused", "--utc"], env);
    expect(utc.stdout.split("\n").find((l) => l.includes("ticket.escalate"))).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC /);
    const json = JSON.parse((await runTandem(["audit", "--refused", "--json"], env)).stdout.split("\n")[0]);
    expect(json).toMatchObject({ actor: "slack:T0MAPLE:U09MARK", actorName: "Mark Rivera" });
  });

  test("tandem tickets show writes its times in the client's zone, or UTC with --utc", async () => {
    const t = (await db.prisma.ticket.findFirst({ where: { title: "Outlook keeps asking for my password" } }))!;
    const local = await runTandem(["tickets", "show", `HL-${t.number}`], env);
    expect(local.code).toBe(0);
    const created = local.stdout.split("\n").find((l) => /created/.test(l))!;
    expect(created).toMatch(/\d\d:\d\d E[SD]T {2}created/);
    expect(created).toContain("Priya Natarajan");
    const utc = await runTandem(["tickets", "show", `HL-${t.number}`, "--utc"], env);
    expect(utc.stdout.split("\n").find((l) => /created/.test(l))).toMatch(/\d\d:\d\d UTC {2}created/);
  });

  test("tandem incidents list and export write the client's zone, or UTC with --utc", async () => {
    const playbooks = await new PrismaPlaybookLibrary(db.prisma).playbooksFor("demo");
    const store = new PrismaIncidentStore(db.prisma);
    const sam = { id: "slack:T0MAPLE:U03SAM", name: "Sam Sample", party: "msp" as const };
    const t0 = new Date("2026-02-02T15:00:00Z"); // 10:00 in Toronto
    const created = await store.create({
      clientId: "demo",
      channel: { platform: "slack", id: "C1", isDirect: false },
      ticketRowId: null,
      start: (ref) => startIncident({ id: ref, playbook: getPlaybook(playbooks, "ransomware")!, summary: "FS01 encrypted" }, sam, t0),
    });
    await store.change(created.record.id, (r) => apply(r.state, { type: "acknowledge" }, sam, new Date(t0.getTime() + 7 * 60_000)));
    const ref = created.record.state.id;

    const local = await runTandem(["incidents", "list"], env);
    expect(local.code).toBe(0);
    expect(local.stdout).toMatch(new RegExp(`${ref}\\s+incident\\s+ransomware\\s+\\S+\\s+2026-02-02 10:00 EST\\s`));
    expect((await runTandem(["incidents", "list", "--utc"], env)).stdout).toMatch(new RegExp(`${ref}\\s+incident\\s+ransomware\\s+\\S+\\s+2026-02-02 15:00 UTC\\s`));

    const md = await runTandem(["incidents", "export", ref], env);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain("- **Started:** 2026-02-02 10:00 EST by Sam Sample");
    expect(md.stdout).toContain("| 2026-02-02 10:07 EST | 7m | Sam Sample |");
    expect(md.stdout).not.toContain("UTC");
    const utc = await runTandem(["incidents", "export", ref, "--utc"], env);
    expect(utc.stdout).toContain("- **Started:** 2026-02-02 15:00 UTC by Sam Sample");
  });
});

describe("the Playground's first minute", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.stop());

  test("paged right after Tandem was added to the 1:1 chat (an activity without a name), the Playground's user is paged as 'Alex Wilber'", async () => {
    const conversation = { id: "a:playground-first", conversationType: "personal", tenantId: PLAYGROUND_USER.tenantId };
    const channelData = { tenant: { id: PLAYGROUND_USER.tenantId } };
    // The Playground's installation: its user without a name.
    await h.teams({ ...teamsBotAdded({ serviceUrl: h.connector.serviceUrl, personal: true }), from: { id: PLAYGROUND.id, aadObjectId: PLAYGROUND.aadObjectId }, conversation, channelData });
    const where = { serviceUrl: h.connector.serviceUrl, personal: true, conversationId: conversation.id, from: PLAYGROUND };
    await h.teams({ ...teamsMessage("escalate the plotter in the drawing office is offline", where), conversation, channelData });
    // The demo's MSP lead on Teams is the Playground's user: paged by the name their own message carries.
    const page = await h.connector.waitForActivity((a) => !!a.entities?.length && String(a.summary ?? "").includes("is escalated to the MSP"));
    expect(page.body.summary).toContain("Alex Wilber (MSP lead), please acknowledge");
    expect(page.body.text).toBe("<at>Alex Wilber</at>");
    // And the name is kept with where they come from, for when Tandem names them outside their own turn.
    expect((await h.db.prisma.chatMember.findFirst({ where: { platform: "teams", userId: PLAYGROUND.aadObjectId } }))?.name).toBe("Alex Wilber");
  });
});
