// One deployment, several client companies: channels linked to a client see only that client's matrix and tickets.
import path from "node:path";
import { freshPostgres, type TestDatabase } from "../support/databases";
import { startHarness, type Harness } from "../support/harness";
import { runTandem } from "../support/cli";
import { mentionEvent } from "../support/slack-requests";
import type { Database } from "../../src/adapters/db/connect";

const ACME_MATRIX = path.resolve(__dirname, "../fixtures/routing/holdout-matrix.yaml");

describe("clients are kept apart", () => {
  let pgdb: TestDatabase;
  let db: Database;
  let h: Harness;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    pgdb = await freshPostgres();
    db = await pgdb.open();
    h = await startHarness({ database: db });
    env = { DATABASE_URL: pgdb.url, LOG_LEVEL: "silent" };
  });
  afterAll(async () => {
    await h.stop();
    await db.close();
    await pgdb.drop();
  });

  const text = (b: { text?: string; blocks?: string }) => `${b.text ?? ""} ${b.blocks ?? ""}`;

  test("tandem clients add / link / list, with clear refusals", async () => {
    expect((await runTandem(["clients", "add", "acme", "--name", "Ashcombe & Lyle", "--prefix", "AL", "--timezone", "Europe/London"], env)).code).toBe(0);
    const linked = await runTandem(["clients", "link", "acme", "--platform", "slack", "--channel", "CACME"], env);
    expect(linked.code).toBe(0);
    expect(linked.stdout).toContain("CACME now belongs to Ashcombe & Lyle");
    const unknown = await runTandem(["clients", "link", "nobody", "--platform", "slack", "--channel", "CX"], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no client "nobody"');
    expect((await runTandem(["clients", "add", "acme", "--name", "X", "--timezone", "Mars/Base"], env)).stderr).toContain("not an IANA time zone");
    const imported = await runTandem(["matrix", "import", ACME_MATRIX, "--client", "acme"], env);
    expect(imported.code).toBe(0);
    const list = await runTandem(["clients", "list"], env);
    expect(list.stdout).toMatch(/acme\s+Ashcombe & Lyle\s+AL\s+Europe\/London\s+slack:CACME\s+follows ROUTING_LLM_ENABLED/);
    // A client that must never send chat text out is kept off the language model; its other settings stay.
    expect((await runTandem(["clients", "add", "acme", "--name", "Ashcombe & Lyle", "--llm", "off"], env)).code).toBe(0);
    expect((await runTandem(["clients", "add", "acme", "--name", "Ashcombe & Lyle", "--llm", "maybe"], env)).stderr).toContain("--llm must be on or off");
    const after = await runTandem(["clients", "list"], env);
    expect(after.stdout).toMatch(/acme\s+Ashcombe & Lyle\s+AL\s+Europe\/London\s+slack:CACME\s+off/);
    expect(after.stdout).toMatch(/demo\s+.*follows ROUTING_LLM_ENABLED/);
  });

  test("each channel answers from its own client's matrix, numbers tickets with its prefix, and lists only its tickets", async () => {
    await h.slackEvent(mentionEvent("ticket the scanner by reception is jammed", { channel: "C1", ts: "1700001000.000100" }));
    await h.slackEvent(mentionEvent("ticket the scanner by reception is jammed", { channel: "CACME", ts: "1700001001.000100" }));
    const demoCard = await h.slack.waitForMethod("chat.postMessage", (b) => b.thread_ts === "1700001000.000100");
    const acmeCard = await h.slack.waitForMethod("chat.postMessage", (b) => b.thread_ts === "1700001001.000100");
    expect(text(demoCard)).toContain("HL-1");
    expect(text(acmeCard)).toContain("AL-1");

    // The client's list is for internal IT, the MSP and admins: Alice is internal IT at Acme.
    await db.prisma.person.create({ data: { clientId: "acme", platform: "slack", teamId: "T1", userId: "UALICE", displayName: "Alice", roles: ["internal-it"] } });
    await h.slackEvent(mentionEvent("open tickets", { channel: "CACME", ts: "1700001002.000100" }));
    const acmeList = text(await h.slack.waitForMethod("chat.postMessage", (b) => b.thread_ts === "1700001002.000100"));
    expect(acmeList).toContain("AL-1");
    expect(acmeList).not.toContain("HL-1");

    await h.slackEvent(mentionEvent("who handles the printer that won't print?", { channel: "CACME", ts: "1700001003.000100" }));
    const acmeAnswer = text(await h.slack.waitForMethod("chat.postMessage", (b) => b.thread_ts === "1700001003.000100"));
    expect(acmeAnswer).not.toContain("Maple Ridge");
    expect(acmeAnswer).not.toContain("Bluefin");
    expect(acmeAnswer).toMatch(/Ashcombe|Northgate/);

    const acmeTickets = await db.prisma.ticket.findMany({ where: { clientId: "acme" } });
    expect(acmeTickets.map((t) => t.number)).toEqual([1]);
  });
});
