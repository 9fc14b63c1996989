// With Graph configured, the QBR card's button creates the meeting in the organiser's calendar:
// POST /v1.0/users/{organiser}/events against a tiny local Graph, once.
import { HttpFake } from "../fakes/http-fake";
import { startHarness, type Harness } from "../support/harness";
import { teamsExecute, teamsMessage } from "../support/teams-activities";
import { joinChannels, seedOperations, seedPeople } from "./cadence-fixtures";

/** Token endpoint + calendar events, nothing else (out-of-office lookups get a 404, which Tandem treats as "not away"). */
function tinyGraph(): HttpFake {
  let n = 0;
  return new HttpFake((call) => {
    if (call.method === "POST" && call.path.endsWith("/oauth2/v2.0/token")) return { body: { token_type: "Bearer", expires_in: 3599, access_token: "cal-token" } };
    if (call.method === "POST" && /^\/v1\.0\/users\/[^/]+\/events$/.test(call.path)) {
      if (call.headers.authorization !== "Bearer cal-token") return { status: 401, body: { error: { code: "InvalidAuthenticationToken" } } };
      return { status: 201, body: { id: `evt-${++n}`, webLink: `https://outlook.example/evt-${n}`, subject: call.body.subject } };
    }
    return { status: 404, body: { error: { code: "NotFound" } } };
  });
}

describe.each(["pglite", "postgres"] as const)("QBR meeting through Microsoft Graph [%s]", (kind) => {
  let h: Harness;
  let graph: HttpFake;
  let current = new Date("2026-12-30T14:00:00Z");
  const events = () => graph.calls.filter((c) => c.method === "POST" && c.path.includes("/events"));

  beforeAll(async () => {
    graph = await tinyGraph().start();
    h = await startHarness({
      kind,
      clock: { now: () => current },
      env: { CADENCE_ENABLED: "true", GRAPH_TENANT_ID: "tenant-1", GRAPH_CLIENT_ID: "graph-app", GRAPH_CLIENT_SECRET: "secret", GRAPH_BASE_URL: graph.url, GRAPH_AUTHORITY_HOST: graph.url },
    });
    await seedPeople(h.db.prisma);
    await seedOperations(h.db.prisma);
    await joinChannels(h);
    await h.tandem.jobRunner.runDue();
  }, 90_000); // the first turns after start may take long on a loaded machine (see joinChannels)
  afterAll(async () => {
    await h.stop();
    await graph.stop();
  });

  test("an admin names the organiser in Teams; the reminder's button creates the meeting once, with the agenda and the matrix's people", async () => {
    await h.teams(teamsMessage("schedule set qbr 2027-01-15 10:00 organiser qbr-owner@mapleridge.example", { serviceUrl: h.connector.serviceUrl }));
    const set = await h.connector.waitForActivity((a) => String(a.text ?? "").startsWith("Scheduled. qbr:"));
    expect(set.body.text).toContain("organiser qbr-owner@mapleridge.example");

    current = new Date("2027-01-04T15:00:30Z");
    await h.tandem.jobRunner.runDue();
    const posted = await h.connector.waitForActivity((a) => JSON.stringify(a.attachments?.[0]?.content ?? "").includes("Quarterly business review"));
    const card = posted.body.attachments[0].content;
    const button = card.actions.find((a: { verb: string }) => a.verb === "qbr.calendar");
    expect(button.title).toBe("Create the meeting in Outlook");

    const res = await h.teams(teamsExecute("qbr.calendar", button.data, { serviceUrl: h.connector.serviceUrl }));
    expect(res.status).toBe(200);
    const reply = await h.connector.waitForActivity((a) => String(a.text ?? "").includes("in qbr-owner@mapleridge.example's calendar"));
    expect(reply.body.text).toContain("Alice Internal put the QBR on 2027-01-15");
    expect(reply.body.text).toContain("https://outlook.example/evt-1");

    expect(events()).toHaveLength(1);
    const call = events()[0]!;
    expect(call.path).toBe("/v1.0/users/qbr-owner%40mapleridge.example/events");
    expect(call.headers.authorization).toBe("Bearer cal-token");
    expect(call.body.subject).toBe("Quarterly business review: Maple Ridge (2026-Q4)");
    // 10:00 in Toronto on 15 January (EST) is 15:00 UTC; 90 minutes.
    expect(call.body.start).toEqual({ dateTime: "2027-01-15T15:00:00.000", timeZone: "UTC" });
    expect(call.body.end).toEqual({ dateTime: "2027-01-15T16:30:00.000", timeZone: "UTC" });
    expect(call.body.body.content).toMatch(/^1\. Matrix review: version 4, signed 2026-09-01/);
    expect(call.body.attendees.map((a: { emailAddress: { address: string } }) => a.emailAddress.address)).toEqual([
      "alex.example@mapleridge.example", "priya.natarajan@mapleridge.example", "sam.sample@bluefin.example", "noc@bluefin.example",
    ]);
    expect(call.body.transactionId).toBe("tandem-qbr-demo-2027-01-15");

    // A second click does not create a second meeting.
    const again = await h.teams(teamsExecute("qbr.calendar", button.data, { serviceUrl: h.connector.serviceUrl }));
    // Said to the person who clicked, as the invoke's answer.
    expect((await again.json()).value).toContain("already in the calendar");
    expect(events()).toHaveLength(1);
    const audit = await h.db.prisma.auditLog.findFirstOrThrow({ where: { action: "qbr.calendar", outcome: "allowed" } });
    expect(audit.detail).toMatchObject({ qbrDate: "2027-01-15", organizer: "qbr-owner@mapleridge.example", eventId: "evt-1" });
  });
});
