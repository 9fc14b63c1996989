// Who may hold a sev-1 role, approve a step or take a role from someone: the authorization table, enforced for the
// card's buttons and the typed commands alike; a guest from another organisation gets a clear refusal and the
// channel is never told they hold anything.
import { startHarness, type Harness } from "../support/harness";
import { blockActionForm, commandForm, viewSubmissionForm, type SlackUser } from "../support/slack-requests";
import { ALEX, NIA, SAM, addPeople, blocksOf, slackElements, until } from "./incident-support";

const GUEST: SlackUser = { id: "UGUEST", team: "TOTHERORG", name: "guest" }; // Slack Connect, no role at the client
const STAFF: SlackUser = { id: "USTAFF", team: "T1", name: "staff" };

describe.each(["pglite", "postgres"] as const)("incident roles [%s]", (kind) => {
  let h: Harness;
  // Friday 6 March 2026, 23:00 UTC = 18:00 in Toronto: after the demo matrix's business hours (08:30-17:30).
  let current = new Date("2026-03-06T23:00:00Z");
  beforeAll(async () => {
    h = await startHarness({ kind, clock: { now: () => current } });
    await addPeople(h);
  });
  afterAll(async () => h?.stop());

  const incident = (n: number) => h.db.prisma.incident.findFirstOrThrow({ where: { number: n } });
  const stateOf = async (n: number) => (await incident(n)).state as { roles: Record<string, { id: string } | null>; approvals: unknown[] };
  const click = (verb: string, value: Record<string, string>, user: SlackUser) => h.slackForm(blockActionForm(verb, value, { user, messageTs: "1700000001.000100" }));
  /** The "Approve or decline" modal submitted (its metadata is the button's data and the channel). */
  const decide = (incident: string, step: string, user: SlackUser) =>
    h.slackForm(viewSubmissionForm("incident-decide", { incident, step, card: `incident:${incident}`, channel: "C1" }, { decision: "approve" }, { user }));
  const toldPrivately = (user: SlackUser, re: RegExp) => h.slack.waitForMethod("chat.postEphemeral", (b) => b.user === user.id && re.test(String(b.text)));

  test("a guest from another workspace cannot take the Client approver role, approve a step or take a role by command", async () => {
    await h.slackForm(commandForm("/incident", "sev1 ransomware files encrypted on FS01", { user: SAM }));
    const ir = await until(() => h.db.prisma.incident.findFirst({ where: { number: 1 } }));
    const key = `incident:${ir.id}`;

    await click("incident-take", { incident: ir.id, role: "client-approver", card: key }, GUEST);
    const refusal = await toldPrivately(GUEST, /Client approver/);
    expect(refusal.text).toBe("Only internal IT or a Tandem admin can hold the Client approver role. You have no role at Maple Ridge in Tandem: ask their IT team to add you.");

    await decide(ir.id, "cut-remote-access", GUEST);
    await toldPrivately(GUEST, /approve or decline a playbook step/);
    await h.slackForm(commandForm("/incident", "take incident-lead", { user: GUEST }));
    await toldPrivately(GUEST, /Incident lead/);
    await h.settle();

    const state = await stateOf(1);
    expect(state.roles["client-approver"]).toBeNull();
    expect(state.roles["incident-lead"]).toBeNull();
    expect(state.approvals).toEqual([]);
    // The channel was told nothing about the guest.
    expect(h.slack.method("chat.postMessage").filter((c) => String(c.body.text).includes("guest") || String(c.body.text).includes("UGUEST"))).toEqual([]);
    const refused = await h.db.prisma.auditLog.findMany({ where: { actor: "slack:TOTHERORG:UGUEST", outcome: "refused" }, orderBy: { id: "asc" } });
    expect(refused.map((r) => r.action)).toEqual(["incident.role:client-approver", "incident.approve", "incident.role:incident-lead"]);
    expect(refused[0].detail).toMatchObject({ roles: [], button: "incident-take" });
  });

  test("staff cannot be the Client approver; internal IT can", async () => {
    const ir = await incident(1);
    const key = `incident:${ir.id}`;
    await click("incident-take", { incident: ir.id, role: "client-approver", card: key }, STAFF);
    await toldPrivately(STAFF, /^Only internal IT or a Tandem admin can hold the Client approver role\. Ask one of them\.$/);
    await click("incident-take", { incident: ir.id, role: "client-approver", card: key }, ALEX);
    await until(async () => (await stateOf(1)).roles["client-approver"]?.id === "slack:T1:UALEX");
  });

  test("only the Client approver's holder (or an admin) approves; taking a role from someone is for the lead", async () => {
    const ir = await incident(1);
    await decide(ir.id, "cut-remote-access", NIA);
    await toldPrivately(NIA, /^Only a Tandem admin or Alex Example \(the Client approver\) can approve or decline a playbook step/);
    // Nia (MSP tech) cannot release Alex's role; Sam (MSP lead) can.
    await h.slackForm(commandForm("/incident", "release client-approver", { user: NIA }));
    await toldPrivately(NIA, /^Only the MSP lead, a Tandem admin or the Incident lead can assign an incident role to someone/);
    expect((await stateOf(1)).roles["client-approver"]?.id).toBe("slack:T1:UALEX");
    await decide(ir.id, "cut-remote-access", ALEX);
    await until(async () => (await stateOf(1)).approvals.length === 1);
    await h.slackForm(commandForm("/incident", "release client-approver", { user: SAM }));
    await until(async () => (await stateOf(1)).roles["client-approver"] === null);
  });

  test("the Incident lead: internal IT may lead a server-down incident in business hours, not after", async () => {
    await h.slackForm(commandForm("/incident", "sev1 server-down ERP is down", { user: SAM }));
    const ir = await until(() => h.db.prisma.incident.findFirst({ where: { number: 2 } }));
    const key = `incident:${ir.id}`;
    // 18:00 in Toronto: after hours.
    await click("incident-take", { incident: ir.id, role: "incident-lead", card: key }, ALEX);
    await toldPrivately(ALEX, /^Only the MSP lead or a Tandem admin can hold the Incident lead role \(internal IT too, during business hours\)/);
    expect((await stateOf(2)).roles["incident-lead"]).toBeNull();
    // Monday 9 March, 10:00 in Toronto.
    current = new Date("2026-03-09T14:00:00Z");
    await click("incident-take", { incident: ir.id, role: "incident-lead", card: key }, ALEX);
    await until(async () => (await stateOf(2)).roles["incident-lead"]?.id === "slack:T1:UALEX");
    // The ransomware playbook does not open its lead to internal IT, even in business hours.
    const ransomware = await incident(1);
    await click("incident-take", { incident: ransomware.id, role: "incident-lead", card: `incident:${ransomware.id}` }, ALEX);
    await toldPrivately(ALEX, /^Only the MSP lead or a Tandem admin can hold the Incident lead role\. Ask one of them\.$/);
  });

  test("the card's Assign menu only assigns people allowed to hold the role", async () => {
    const ir = await incident(1);
    const cardTs = (await h.db.prisma.postedMessage.findUniqueOrThrow({ where: { key: `incident:${ir.id}` } })).messageId;
    const card = blocksOf(h.slack.method("chat.update").filter((c) => c.body.ts === cardTs).at(-1)?.body ?? {});
    const menu = slackElements(card).find((e: any) => String(e.action_id).startsWith("incident-assign") && e.placeholder?.text === "Assign Client approver");
    expect(menu.options.map((o: any) => o.text.text)).toContain("Alex Example");
    const nia = menu.options.find((o: any) => o.text.text === "Nia NOC");
    // Nia is not offered (an MSP person for an internal role); a forged choice naming her is refused.
    expect(nia).toBeUndefined();
    const people = await h.db.prisma.person.findMany({ where: { clientId: "demo", userId: "UNIA" } });
    await h.slackForm(blockActionForm("incident-assign", { incident: ir.id, role: "client-approver", person: people[0].id, card: `incident:${ir.id}` }, { user: SAM }));
    await toldPrivately(SAM, /Nia NOC can't hold that role/);
    expect((await stateOf(1)).roles["client-approver"]).toBeNull();
  });
});
