// The Graph directory against the local fake Graph: app token once per tenant, out-of-office rules, and whoever
// cannot be looked up (a tenant that has not consented, a failure) is "availability unknown", never present.
import { ClientCredentialsToken, createGraphClient } from "../../../src/adapters/graph/client";
import { GraphDirectory, isOutOfOffice } from "../../../src/adapters/graph/directory";
import { graphTenants, type GraphTenants } from "../../../src/adapters/graph/tenants";
import { loadConfig } from "../../../src/config";
import { createLogger } from "../../../src/logger";
import { FakeGraph } from "../../fakes/graph";

const NOW = new Date("2026-09-08T14:00:00Z");

describe("isOutOfOffice", () => {
  test.each([
    [{ status: "disabled" }, false],
    [{ status: "alwaysEnabled" }, true],
    [{ status: "scheduled", scheduledStartDateTime: { dateTime: "2026-09-08T13:00:00.0000000", timeZone: "UTC" }, scheduledEndDateTime: { dateTime: "2026-09-08T15:00:00.0000000", timeZone: "UTC" } }, true],
    [{ status: "scheduled", scheduledStartDateTime: { dateTime: "2026-09-08T14:30:00", timeZone: "UTC" }, scheduledEndDateTime: { dateTime: "2026-09-09T00:00:00", timeZone: "UTC" } }, false],
    // 10:30 in Toronto is 14:30 UTC: not started yet at 14:00 UTC.
    [{ status: "scheduled", scheduledStartDateTime: { dateTime: "2026-09-08T10:30:00", timeZone: "America/Toronto" }, scheduledEndDateTime: { dateTime: "2026-09-09T00:00:00", timeZone: "America/Toronto" } }, false],
    // A Windows zone name luxon cannot read is taken as UTC.
    [{ status: "scheduled", scheduledStartDateTime: { dateTime: "2026-09-08T13:00:00", timeZone: "Eastern Standard Time" }, scheduledEndDateTime: { dateTime: "2026-09-08T14:00:00", timeZone: "Eastern Standard Time" } }, false],
  ])("%j -> %s", (setting, away) => {
    expect(isOutOfOffice(setting, NOW)).toBe(away);
  });
});

describe("GraphDirectory over the fake Graph", () => {
  let graph: FakeGraph;
  beforeAll(async () => {
    graph = await new FakeGraph().start();
  });
  afterAll(async () => {
    await graph.stop();
  });

  const config = (extra: Record<string, string> = {}) => loadConfig({ ...graph.env(), ...extra });
  /** The directory over the fake, for the home tenant plus `others` (consenting, per config), with recorded homes. */
  const directoryOf = (extra: Record<string, string> = {}, log = createLogger("silent"), homes = new Map<string, string>(), domains: [string, string][] = []) => {
    const c = config(extra);
    const real = graphTenants({ home: c.GRAPH_TENANT_ID!, fromEnv: c.GRAPH_CONSENTED_TENANTS, clientFor: (t) => createGraphClient(c, t)! });
    // Mail domains come from `tandem directory consent add --domains` (the database); here, given.
    const tenants: GraphTenants = { ...real, consented: async () => ({ ...(await real.consented()), domains: new Map(domains) }) };
    return new GraphDirectory(tenants, { now: () => NOW }, log, { timeoutMs: 1000, cacheSeconds: 60 }, async () => homes);
  };

  test("no GRAPH_* configuration: no client", () => {
    expect(createGraphClient(loadConfig({}))).toBeNull();
  });

  test("one token for many lookups; the away ones by name; 404 and 500 are availability unknown, never present", async () => {
    graph.setAway("a@x.example", { status: "alwaysEnabled" });
    graph.setAway("aad-b", { status: "disabled" });
    graph.setAway("c@x.example", { fail: 500 });
    graph.strict = true;
    const warnings: unknown[] = [];
    const log = createLogger("silent");
    log.warn = ((o: unknown) => void warnings.push(o)) as never;
    const directory = directoryOf({}, log);
    const tokensBefore = graph.tokenRequests().length;
    const { away, unknown } = await directory.availability([
      { name: "Ann", email: "a@x.example" },
      { name: "Ben", aadObjectId: "aad-b", email: "b@x.example" },
      { name: "Cat", email: "c@x.example" },
      { name: "Dan", email: "nobody@x.example" },
      { name: "Eve" },
    ]);
    expect([...away]).toEqual(["Ann"]);
    expect([...unknown].sort()).toEqual(["Cat", "Dan"]);
    expect(graph.tokenRequests().length - tokensBefore).toBe(1);
    expect(graph.lookups().map((c) => decodeURIComponent(c.path.split("/")[3]))).toEqual(expect.arrayContaining(["a@x.example", "aad-b", "c@x.example", "nobody@x.example"]));
    expect(warnings).toHaveLength(2);
    graph.strict = false;
  });

  test("a refused token means availability unknown (and the answer goes on)", async () => {
    const directory = directoryOf({ GRAPH_CLIENT_SECRET: "wrong" });
    expect(await directory.availability([{ name: "Ann", email: "a@x.example" }])).toEqual({ away: new Set(), unknown: new Set(["Ann"]) });
    await expect(new ClientCredentialsToken(config({ GRAPH_CLIENT_SECRET: "wrong" })).get()).rejects.toThrow("HTTP 401: invalid_client");
  });

  test("per tenant: the MSP's engineer is looked up in the MSP's tenant once it consented; before that, unknown", async () => {
    // Sam is Bluefin's (tenant-msp): the home tenant's directory does not know him.
    graph.setAway("aad-sam", { status: "alwaysEnabled" }, "tenant-msp");
    graph.setAway("noc@bluefin.example", { status: "disabled" }, "tenant-msp");
    const people = [
      { name: "Sam Sample", aadObjectId: "aad-sam" },
      { name: "Bluefin NOC", email: "noc@bluefin.example" },
      { name: "Tess Matrix", aadObjectId: "aad-tess", tenantId: "tenant-unconsented" },
    ];
    const homes = new Map([["teams:aad-sam", "tenant-msp"]]);
    const domains: [string, string][] = [["bluefin.example", "tenant-msp"]];

    // Not consented: no token is even asked for there; nobody is shown as in.
    const before = graph.tokenRequests().length;
    const notYet = await directoryOf({}, createLogger("silent"), homes, domains).availability(people);
    expect(notYet).toEqual({ away: new Set(), unknown: new Set(["Sam Sample", "Bluefin NOC", "Tess Matrix"]) });
    expect(graph.tokenRequests().slice(before).map((c) => c.path)).toEqual([]);

    // The MSP's admin consented (and the app is configured for it): their token, their directory.
    graph.consented.add("tenant-msp");
    const now = await directoryOf({ GRAPH_CONSENTED_TENANTS: "tenant-msp" }, createLogger("silent"), homes, domains).availability(people);
    expect(now).toEqual({ away: new Set(["Sam Sample"]), unknown: new Set(["Tess Matrix"]) });
    expect(graph.tokenRequests().map((c) => c.path)).toContain("/tenant-msp/oauth2/v2.0/token");
    const sam = graph.lookups().filter((c) => c.path.includes("aad-sam")).at(-1)!;
    expect(sam.headers.authorization).toBe("Bearer graph-token-tenant-msp");
  });

  test("a consent the tenant never gave: Entra refuses the token (AADSTS700016), availability unknown", async () => {
    graph.setAway("aad-zed", { status: "alwaysEnabled" }, "tenant-never");
    const directory = directoryOf({ GRAPH_CONSENTED_TENANTS: "tenant-never" });
    expect(await directory.availability([{ name: "Zed", aadObjectId: "aad-zed", tenantId: "tenant-never" }])).toEqual({ away: new Set(), unknown: new Set(["Zed"]) });
    const refused = graph.calls.filter((c) => c.path === "/tenant-never/oauth2/v2.0/token").at(-1)!;
    expect(refused).toBeDefined();
  });
});
