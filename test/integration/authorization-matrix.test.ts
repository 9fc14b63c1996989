// The authorization matrix: every command, button and message action, as every role (a guest from another
// organisation, staff, internal IT, MSP tech, MSP lead, admin), from the client's own channel, from another
// client's channel and from a direct message, on Slack and on Teams, in production mode (linked channels only,
// Teams authentication on). Each outcome is judged against the authorization table: allowed, refused (and audited),
// or, for someone Tandem cannot place in any client, nothing of any client (audited too).
import { randomUUID } from "node:crypto";
import { PERMISSIONS } from "../../src/core/access/table";
import { formOf } from "../../src/core/cards/action";
import { startHarness, type Harness } from "../support/harness";
import { nextId, SIGNING_SECRET } from "../support/slack-requests";
import { teamsExecute, teamsMessage, teamsMessageAction } from "../support/teams-activities";
import { FakeAad, fakeBotFrameworkAuth } from "../fakes/aad";
import { FakeOpenIdMetadata } from "../fakes/openid";
import { PROBES, ROLE_NAMES, expectedAllowed, labelOf, rolesOfName, type ClientObjects, type Probe, type RoleName } from "./authorization-probes";
import { createHmac } from "node:crypto";

type Place = "own channel" | "other client's channel" | "direct message";
const PLACES: Place[] = ["own channel", "other client's channel", "direct message"];
type Outcome = "allowed" | "refused" | "unplaced";

const APP_ID = randomUUID();
const PASSWORD = "test-app-secret";
// Tuesday 8 September 2026, 10:00 in Toronto.
const NOW = new Date("2026-09-08T14:00:00Z");

describe("the authorization matrix", () => {
  let openid: FakeOpenIdMetadata;
  let aad: FakeAad;
  let h: Harness;
  const objects: Record<string, ClientObjects> = {};
  let incidentStates: { id: string; state: object }[] = [];

  beforeAll(async () => {
    openid = await new FakeOpenIdMetadata().start();
    aad = await new FakeAad().start();
    h = await startHarness({
      // On PostgreSQL: two thousand requests, each stored, handled and audited; on the embedded database the file took
      // about twice the CPU (measured: 97 s in the test process against 57 s), the most of any file in CI. What is
      // allowed where does not depend on the database.
      kind: "postgres",
      env: { NODE_ENV: "production", MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: PASSWORD, MICROSOFT_APP_TYPE: "MultiTenant", LOG_LEVEL: "silent" },
      teamsAuth: fakeBotFrameworkAuth(APP_ID, PASSWORD, openid, aad),
      clock: { now: () => NOW },
    });
    const db = h.db.prisma;
    await db.client.createMany({
      data: [
        { id: "demo", name: "Maple Ridge", ticketPrefix: "HL", timezone: "America/Toronto", nextTicket: 3 },
        { id: "acme", name: "Acme", ticketPrefix: "AC", timezone: "America/Toronto", nextTicket: 3 },
      ],
    });
    // Linked by an admin (production mode: nothing else belongs to a client). Each channel's home is its client's
    // own workspace or tenant.
    await db.channel.createMany({
      data: [
        { clientId: "demo", platform: "slack", externalId: "COWN", teamId: "T1", name: "maple-it" },
        { clientId: "demo", platform: "teams", externalId: "19:own@thread.tacv2", teamId: "tenant-1" },
        { clientId: "acme", platform: "slack", externalId: "CACME", teamId: "TACME", name: "acme-it" },
        { clientId: "acme", platform: "teams", externalId: "19:acme@thread.tacv2", teamId: "tenant-acme" },
      ],
    });
    for (const role of ["internal-it", "msp-tech", "msp-lead", "admin"] as const) {
      await db.person.createMany({
        data: [
          { clientId: "demo", platform: "slack", teamId: "T1", userId: slackUser(role).id, displayName: `Slack ${role}`, roles: [role] },
          { clientId: "demo", platform: "teams", teamId: "tenant-1", userId: teamsUser(role).aadObjectId, displayName: `Teams ${role}`, roles: [role] },
        ],
      });
    }
    for (const [clientId, prefix] of [["demo", "HL"], ["acme", "AC"]] as const) {
      const open = await db.ticket.create({ data: { clientId, number: 1, title: "probe target", court: "internal", createdBy: "slack:T1:UCREATOR" } });
      const resolved = await db.ticket.create({ data: { clientId, number: 2, title: "resolved probe target", court: "internal", status: "resolved", resolvedAt: NOW, createdBy: "slack:T1:UCREATOR" } });
      objects[clientId] = { prefix, openTicket: open.id, resolvedTicket: resolved.id, incident: "" };
    }
    // One sev-1 in each client, started by its MSP lead (acme's lead is on acme's people list).
    await db.person.create({ data: { clientId: "acme", platform: "slack", teamId: "TACME", userId: "UACMELEAD", roles: ["msp-lead"] } });
    await h.slackPost(commandBody("/incident", "sev1 ransomware files encrypted", { id: slackUser("msp-lead").id, team: "T1" }, "COWN", "maple-it", nextId("t")), "application/x-www-form-urlencoded");
    await h.slackPost(commandBody("/incident", "sev1 ransomware files encrypted", { id: "UACMELEAD", team: "TACME" }, "CACME", "acme-it", nextId("t")), "application/x-www-form-urlencoded");
    await h.settle();
    for (const clientId of ["demo", "acme"]) objects[clientId].incident = (await db.incident.findFirstOrThrow({ where: { clientId, number: 1 } })).id;
    incidentStates = (await db.incident.findMany()).map((i) => ({ id: i.id, state: i.state as object }));
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
    await aad?.stop();
    await openid?.stop();
  });

  test("every command, button and playbook role the router knows is in the authorization table, and every row is reached", () => {
    const inTable = new Set(Object.values(PERMISSIONS).flatMap((p) => p.buttons.map((b) => b.split(" ")[0])));
    const verbs = h.tandem.router.listActions().map((a) => a.verb);
    expect(verbs.filter((v) => !inTable.has(v) && v !== "incident-take")).toEqual([]);
    const probed = new Set(PROBES.flatMap((p) => ("permission" in p.expect ? [p.expect.permission] : [])));
    expect(Object.keys(PERMISSIONS).filter((id) => !probed.has(id as never))).toEqual([]);
    const buttonsProbed = new Set(PROBES.flatMap((p) => (p.kind === "button" ? [p.verb] : [])));
    expect(verbs.filter((v) => !buttonsProbed.has(v))).toEqual([]);
    const commands = h.tandem.router.listCommands().map((c) => c.name);
    const typed = PROBES.flatMap((p) => (p.kind === "command" ? [p.text(objects.demo).split(" ")[0]] : []));
    expect(commands.filter((c) => !typed.includes(c) && !["welcome", "my", "open", "log", "whohandles"].includes(c))).toEqual([]);
  });

  describe.each(["slack", "teams"] as const)("%s", (platform) => {
    test.each(ROLE_NAMES)("as %s, in the own channel, another client's channel and a direct message", async (role) => {
      const mismatches: string[] = [];
      for (const place of PLACES) {
        const sent: { probe: Probe; eventId: string }[] = [];
        const clientId = place === "other client's channel" ? "acme" : "demo";
        let n = 0;
        for (const probe of PROBES) {
          const eventId = platform === "slack" ? await slackProbe(probe, role, place, objects[clientId], ++n) : await teamsProbe(probe, role, place, objects[clientId], ++n);
          sent.push({ probe, eventId });
        }
        await h.settle();
        const audits = await h.db.prisma.auditLog.findMany({ where: { outcome: "refused" } });
        const byEvent = new Map(audits.map((a) => [(a.detail as { eventId?: string } | null)?.eventId, a.action]));
        for (const { probe, eventId } of sent) {
          const action = byEvent.get(eventId);
          const outcome: Outcome = !action ? "allowed" : action.startsWith("unplaced.") ? "unplaced" : "refused";
          const placed = !(role === "guest" && place === "direct message");
          const expected: Outcome = !placed ? "unplaced" : expectedAllowed(probe.expect, place === "other client's channel" ? [] : rolesOfName(role)) ? "allowed" : "refused";
          if (outcome !== expected) mismatches.push(`${platform} ${role} ${place} ${labelOf(probe)}: ${outcome}${action ? ` (${action})` : ""}, table says ${expected}`);
        }
        // Each group starts from the same incidents (a role taken above must not decide a later check).
        for (const i of incidentStates) await h.db.prisma.incident.update({ where: { id: i.id }, data: { state: i.state } });
      }
      expect(mismatches).toEqual([]);
    }, 180_000);
  });

  // ---- how each probe reaches Tandem ----

  function slackUser(role: RoleName) {
    return { id: `U${role.toUpperCase().replace(/-/g, "")}`, team: role === "guest" ? "TGUEST" : "T1" };
  }
  function teamsUser(role: RoleName) {
    return { id: `29:${role}`, aadObjectId: `aad-${role}`, name: `Teams ${role}` };
  }

  function slackWhere(role: RoleName, place: Place) {
    const user = slackUser(role);
    if (place === "own channel") return { channel: "COWN", name: "maple-it" };
    if (place === "other client's channel") return { channel: "CACME", name: "acme-it" };
    return { channel: `D${user.id.slice(1)}`, name: "directmessage" };
  }

  async function slackProbe(probe: Probe, role: RoleName, place: Place, o: ClientObjects, n: number): Promise<string> {
    const user = slackUser(role);
    const where = slackWhere(role, place);
    const trigger = nextId("trig.");
    if (probe.kind === "command") {
      await post(commandBody("/tandem", probe.text(o), user, where.channel, where.name, trigger), "application/x-www-form-urlencoded");
      return `cmd:${trigger}`;
    }
    if (probe.kind === "message-action") {
      const payload = {
        type: "message_action", callback_id: "create_ticket", trigger_id: trigger, team: { id: "T1" }, user: { id: user.id, team_id: user.team, name: role },
        channel: { id: where.channel, name: where.name }, message: { type: "message", ts: `${1700000000 + n}.000100`, text: `probe message ${n}`, user: "UCREATOR" },
        message_ts: `${1700000000 + n}.000100`, response_url: "http://127.0.0.1:9/r",
      };
      await post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), "application/x-www-form-urlencoded");
      return `sc:${trigger}`;
    }
    const data = probe.data(o, n);
    if (formOf(probe.verb)) {
      // A button with a form opens a modal; what Tandem acts on is the modal's submit.
      const fieldIds = new Set(formOf(probe.verb)!.fields.map((f) => f.id));
      const meta = { ...Object.fromEntries(Object.entries(data).filter(([k]) => !fieldIds.has(k))), channel: where.channel };
      const values = Object.fromEntries(
        Object.entries(data)
          .filter(([k]) => fieldIds.has(k))
          .map(([k, v]) => [k, { [k]: ["severity", "to", "decision"].includes(k) ? { type: "static_select", selected_option: { text: { type: "plain_text", text: v }, value: v } } : { type: "plain_text_input", value: v } }]),
      );
      const viewId = nextId("V");
      const payload = { type: "view_submission", trigger_id: trigger, team: { id: "T1" }, user: { id: user.id, team_id: user.team, name: role }, view: { id: viewId, type: "modal", callback_id: probe.verb, private_metadata: JSON.stringify(meta), state: { values } } };
      await post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), "application/x-www-form-urlencoded");
      return `view:${viewId}:${trigger}`;
    }
    const payload = {
      type: "block_actions", trigger_id: trigger, team: { id: "T1" }, user: { id: user.id, team_id: user.team, name: role }, api_app_id: "A1",
      channel: { id: where.channel, name: where.name }, container: { type: "message", message_ts: "1700000001.000100", channel_id: where.channel },
      message: { ts: "1700000001.000100", type: "message", text: "" }, response_url: "http://127.0.0.1:9/r",
      actions: [{ type: "button", action_id: probe.verb, block_id: "b1", value: JSON.stringify(data), action_ts: `${Date.now() / 1000}` }],
    };
    await post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), "application/x-www-form-urlencoded");
    return `act:${trigger}`;
  }

  async function teamsProbe(probe: Probe, role: RoleName, place: Place, o: ClientObjects, n: number): Promise<string> {
    const from = teamsUser(role);
    const personal = place === "direct message";
    const conversationId = place === "own channel" ? "19:own@thread.tacv2" : place === "other client's channel" ? "19:acme@thread.tacv2" : `a:dm-${role}`;
    // The sender's tenant: their own for a 1:1 chat; a guest's differs from the channel's home.
    const tenant = role === "guest" ? "tenant-guest" : "tenant-1";
    const where = { serviceUrl: h.connector.serviceUrl, conversationId, personal, from };
    const bot = { id: `28:${APP_ID}`, name: "Tandem" };
    const shaped = (a: ReturnType<typeof teamsMessage> | ReturnType<typeof teamsExecute> | ReturnType<typeof teamsMessageAction>) => ({
      ...a,
      recipient: bot,
      conversation: { ...a.conversation, tenantId: tenant },
      channelData: { ...a.channelData, tenant: { id: tenant } },
      ...("entities" in a ? { entities: a.entities.map((e) => ({ ...e, mentioned: bot })) } : {}),
    });
    const activity =
      probe.kind === "command"
        ? shaped(teamsMessage(probe.text(o), where))
        : probe.kind === "button"
          ? shaped(teamsExecute(probe.verb, probe.data(o, n), where))
          : shaped(teamsMessageAction({ id: `msg-${n}`, text: `probe message ${n}` }, where));
    const res = await h.teams(activity, { authorization: `Bearer ${openid.channelToken({ appId: APP_ID, serviceUrl: h.connector.serviceUrl })}` });
    if (res.status !== 200) throw new Error(`Teams answered ${res.status} to ${labelOf(probe)}`);
    return activity.id;
  }

  async function post(body: string, contentType: string) {
    const ts = Math.floor(Date.now() / 1000);
    const sig = "v0=" + createHmac("sha256", SIGNING_SECRET).update(`v0:${ts}:${body}`).digest("hex");
    const res = await fetch(`${h.url}/slack/events`, { method: "POST", headers: { "content-type": contentType, "x-slack-request-timestamp": String(ts), "x-slack-signature": sig }, body });
    if (res.status !== 200) throw new Error(`Slack request answered ${res.status}`);
  }
});

function commandBody(command: string, text: string, user: { id: string; team: string }, channel: string, channelName: string, trigger: string): string {
  return new URLSearchParams({
    token: "x", team_id: user.team, team_domain: "example", channel_id: channel, channel_name: channelName, user_id: user.id, user_name: user.id,
    command, text, api_app_id: "A1", response_url: "http://127.0.0.1:9/commands/response", trigger_id: trigger,
  }).toString();
}
