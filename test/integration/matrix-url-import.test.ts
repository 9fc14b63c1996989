// "matrix import <url>" fetches only public https addresses: no loopback, private, link-local or metadata address,
// not even through a redirect; size and time are limited; and no error quotes what a server answered.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { isPublicAddress, safeFetchText } from "../../src/adapters/files/safe-fetch";
import { HttpFileFetcher } from "../../src/adapters/files/file-fetcher";
import { startHarness, type Harness } from "../support/harness";
import { dmEvent, type SlackUser } from "../support/slack-requests";

const ADMIN: SlackUser = { id: "UADMIN", team: "T1", name: "admin" };
const METRICS = '# HELP tandem_http_requests_total HTTP requests\ntandem_http_requests_total{route="/slack/events"} 41\nsecret_token_value 12345\n';

/** A local server standing in for anything inside the network (it records whether it was reached at all). */
class Inside {
  hits: string[] = [];
  headers: http.IncomingHttpHeaders[] = [];
  url = "";
  private server?: http.Server;
  constructor(private readonly answer: (path: string, res: http.ServerResponse) => void) {}
  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      this.hits.push(req.url ?? "");
      this.headers.push(req.headers);
      this.answer(req.url ?? "", res);
    });
    await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }
  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}

describe("matrix import from a link", () => {
  let h: Harness;
  let inside: Inside;
  let relay: Inside; // a server the test trusts (test-only setting) that redirects, hangs or answers big
  beforeAll(async () => {
    inside = await new Inside((_p, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end(METRICS);
    }).start();
    relay = await new Inside((path, res) => {
      if (path === "/to-http-inside") return void res.writeHead(302, { location: `${inside.url}/metrics` }).end();
      if (path === "/to-https-loopback") return void res.writeHead(301, { location: `https://127.0.0.1:${new URL(inside.url).port}/metrics` }).end();
      if (path === "/to-metadata") return void res.writeHead(307, { location: "https://169.254.169.254/latest/meta-data/" }).end();
      if (path === "/big") {
        res.writeHead(200, { "content-type": "text/plain" });
        return void res.end("x".repeat(2_000_000));
      }
      if (path === "/hang") return; // never answers
      if (path === "/trickle") {
        // Answers at once, then one byte at a time, forever: never idle, never done.
        res.writeHead(200, { "content-type": "text/plain" });
        const timer = setInterval(() => res.write("x"), 20);
        res.on("close", () => clearInterval(timer));
        return;
      }
      res.writeHead(200, { "content-type": "text/plain" });
      res.end(METRICS);
    }).start();
    h = await startHarness({ fetchOrigins: [relay.url] });
    await h.db.prisma.person.create({ data: { clientId: "demo", platform: "slack", teamId: "T1", userId: ADMIN.id, roles: ["admin"] } });
  });
  afterAll(async () => {
    await h?.stop();
    await relay?.stop();
    await inside?.stop();
  });

  let n = 0;
  const importing = async (url: string) => {
    const channel = `DADMIN${++n}`;
    await h.slackEvent(dmEvent(`matrix import ${url}`, { user: ADMIN, channel }));
    const said = await h.slack.waitForMethod("chat.postEphemeral", (b) => b.channel === channel);
    return String(said.text);
  };

  test.each([
    ["plain http", () => `${inside.url}/metrics`, "only https links can be imported"],
    ["https to loopback by address", () => `https://127.0.0.1:${new URL(inside.url).port}/metrics`, "points inside a private network"],
    ["https to localhost by name", () => `https://localhost:${new URL(inside.url).port}/metrics`, "points inside a private network"],
    ["the cloud metadata address", () => "https://169.254.169.254/latest/meta-data/", "points inside a private network"],
    ["an IPv4-mapped IPv6 loopback", () => `https://[::ffff:127.0.0.1]:${new URL(inside.url).port}/`, "points inside a private network"],
    ["a private range", () => "https://10.20.30.40/matrix.yaml", "points inside a private network"],
    ["a redirect to http inside", () => `${relay.url}/to-http-inside`, "only https links can be imported"],
    ["a redirect to https loopback", () => `${relay.url}/to-https-loopback`, "points inside a private network"],
    ["a redirect to the metadata address", () => `${relay.url}/to-metadata`, "points inside a private network"],
    ["a file over 1 MB", () => `${relay.url}/big`, "larger than 1000 kB"],
  ])("%s is refused, and nothing inside is reached", async (_label, url, why) => {
    const before = inside.hits.length;
    const text = await importing(url());
    expect(text).toContain(why);
    expect(text).not.toContain("tandem_http_requests_total");
    expect(inside.hits.length).toBe(before);
    expect(await h.db.prisma.matrixVersion.count({ where: { clientId: "demo" } })).toBe(1);
  });

  test("a link that answers something that is not a matrix is refused without quoting it", async () => {
    const text = await importing(`${relay.url}/metrics`);
    expect(text).toBe("That is not a responsibility matrix file (YAML with version, parties and categories), so nothing was stored.");
  });

  test("credentials go to the link's own host only, never to where it redirects", async () => {
    const seen: (string | undefined)[] = [];
    const other = await new Inside((_p, res) => res.end("version: 1\n")).start();
    const server = http.createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(302, { location: `${other.url}/file.yaml` }).end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const from = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const origins = [from, other.url];
      const text = await safeFetchText(`${from}/file.yaml`, { maxBytes: 1000, timeoutMs: 5000, headers: { authorization: "Bearer xoxb-secret" }, allowOrigins: origins });
      expect(text).toBe("version: 1\n");
      expect(seen).toEqual(["Bearer xoxb-secret"]);
      expect(other.hits).toEqual(["/file.yaml"]);
      expect(other.headers[0].authorization).toBeUndefined();
    } finally {
      await other.stop();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  test("a Slack file's bearer token is sent to Slack's file host only", () => {
    const fetcher = new HttpFileFetcher({ slackToken: "xoxb-secret" });
    const bearer = (url: string) => (fetcher as unknown as { isSlackFileHost(u: string): boolean }).isSlackFileHost(url);
    expect(bearer("https://files.slack.com/files-pri/T1-F1/matrix.yaml")).toBe(true);
    expect(bearer("https://files.slack.com.evil.example/matrix.yaml")).toBe(false);
    expect(bearer("https://evil.example/files.slack.com/matrix.yaml")).toBe(false);
    expect(bearer("http://files.slack.com/matrix.yaml")).toBe(false);
  });

  test("a server that never answers is given up on in time", async () => {
    await expect(safeFetchText(`${relay.url}/hang`, { maxBytes: 1000, timeoutMs: 300, allowOrigins: [relay.url] })).rejects.toThrow("the download took too long");
  });

  test("a server that answers a byte at a time is given up on at the deadline, not only when it goes quiet", async () => {
    await expect(safeFetchText(`${relay.url}/trickle`, { maxBytes: 1_000_000, timeoutMs: 2000, allowOrigins: [relay.url] })).rejects.toThrow("the download took too long");
  });

  test.each([
    ["127.0.0.1", false],
    ["10.0.0.1", false],
    ["172.31.255.255", false],
    ["192.168.1.1", false],
    ["169.254.169.254", false],
    ["100.64.0.1", false],
    ["0.0.0.0", false],
    ["::1", false],
    ["fe80::1", false],
    ["fd00::1", false],
    ["::ffff:10.0.0.1", false],
    ["::ffff:7f00:1", false],
    ["::7f00:1", false],
    ["::a00:1", false],
    ["::ffff:5db8:d822", true],
    ["64:ff9b::a00:1", false],
    ["93.184.216.34", true],
    ["2606:4700::6810:85e5", true],
  ])("%s is public: %s", (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});
