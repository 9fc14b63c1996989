// The Graph directory against the local fake Graph: app token once, out-of-office rules, failures are "not away".
import { ClientCredentialsToken, createGraphClient } from "../../../src/adapters/graph/client";
import { GraphDirectory, isOutOfOffice } from "../../../src/adapters/graph/directory";
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

  test("no GRAPH_* configuration: no client", () => {
    expect(createGraphClient(loadConfig({}))).toBeNull();
  });

  test("one token for many lookups; the away ones by name; 404 and 500 are not away", async () => {
    graph.setAway("a@x.example", { status: "alwaysEnabled" });
    graph.setAway("aad-b", { status: "disabled" });
    graph.setAway("c@x.example", { fail: 500 });
    graph.strict = true;
    const client = createGraphClient(config())!;
    const warnings: unknown[] = [];
    const log = createLogger("silent");
    log.warn = ((o: unknown) => void warnings.push(o)) as never;
    const directory = new GraphDirectory(client, { now: () => NOW }, log, { timeoutMs: 1000, cacheSeconds: 60 });
    const tokensBefore = graph.tokenRequests().length;
    const away = await directory.awayNow([
      { name: "Ann", email: "a@x.example" },
      { name: "Ben", aadObjectId: "aad-b", email: "b@x.example" },
      { name: "Cat", email: "c@x.example" },
      { name: "Dan", email: "nobody@x.example" },
      { name: "Eve" },
    ]);
    expect([...away]).toEqual(["Ann"]);
    expect(graph.tokenRequests().length - tokensBefore).toBe(1);
    expect(graph.lookups().map((c) => decodeURIComponent(c.path.split("/")[3]))).toEqual(expect.arrayContaining(["a@x.example", "aad-b", "c@x.example", "nobody@x.example"]));
    expect(warnings).toHaveLength(2);
    graph.strict = false;
  });

  test("a refused token means nobody is away (and the answer goes on)", async () => {
    const client = createGraphClient(config({ GRAPH_CLIENT_SECRET: "wrong" }))!;
    const directory = new GraphDirectory(client, { now: () => NOW }, createLogger("silent"), { timeoutMs: 1000, cacheSeconds: 60 });
    expect([...(await directory.awayNow([{ name: "Ann", email: "a@x.example" }]))]).toEqual([]);
    await expect(new ClientCredentialsToken(config({ GRAPH_CLIENT_SECRET: "wrong" })).get()).rejects.toThrow("HTTP 401: invalid_client");
  });
});
