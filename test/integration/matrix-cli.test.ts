// The `tandem matrix` and `tandem people` command-line contract, against a fresh embedded database (as on a fresh
// clone, before the first start) and a fresh PostgreSQL database; then the started bot answers from the import.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/adapters/db/connect";
import { parseMatrix } from "../../src/core/matrix/format";
import { runTandem } from "../support/cli";
import { freshPostgres, type TestDatabase } from "../support/databases";
import { startHarness } from "../support/harness";
import { mentionEvent } from "../support/slack-requests";

// Each `tandem` call opens the database (the embedded one takes seconds on a loaded machine): the budget is for a
// test's whole sequence of calls, which waits on their completion, not on time.
jest.setTimeout(120_000);

const FIXTURES = join(__dirname, "../fixtures/matrix");
const DEMO = join(FIXTURES, "demo.yaml");
const demoText = readFileSync(DEMO, "utf8");

/** Version 5 of the demo: printers move to the MSP, a category is added, one removed, named people with chat ids. */
function version5(): string {
  return demoText
    .replace("version: 4", "version: 5")
    .replace("effective: 2026-09-01", "effective: 2026-12-01")
    .replace(/(id: printers-scanners[\s\S]*?)owner: internal/, "$1owner: msp")
    .replace(/\n  - id: websites-dns[\s\S]*$/, "\n")
    .concat(
      [
        "  - id: label-printers",
        "    name: Label printers",
        "    description: Shipping label printers in the warehouse.",
        "    owner: internal",
        "    backup: none",
        "    afterHours: internal",
        '    escalation: "Internal IT swaps the printer from stock."',
        '    keywords: ["label printer", "zebra"]',
        "",
      ].join("\n"),
    );
}

describe.each(["pglite", "postgres"] as const)("tandem matrix / tandem people [%s]", (kind) => {
  const dir = mkdtempSync(join(tmpdir(), "tandem-cli-"));
  let env: NodeJS.ProcessEnv;
  let pg: TestDatabase | undefined;
  const v5File = join(dir, "matrix-v5.yaml");

  const cli = (...argv: string[]) => runTandem(argv, env);
  const openDb = () => (pg ? pg.open() : openDatabase({ dataDir: join(dir, "data") }));
  async function versionsStored(): Promise<number[]> {
    const db = await openDb();
    try {
      return (await db.prisma.matrixVersion.findMany({ orderBy: { version: "asc" } })).map((v) => v.version);
    } finally {
      await db.close();
    }
  }

  beforeAll(async () => {
    writeFileSync(v5File, version5());
    if (kind === "postgres") pg = await freshPostgres();
    env = { DATA_DIR: join(dir, "data"), LOG_LEVEL: "silent", ...(pg ? { DATABASE_URL: pg.url } : {}) };
  });
  afterAll(async () => {
    await pg?.drop();
  });

  test("import on a fresh database: migrates, stores version 4 with its signers, history lists it", async () => {
    const r = await cli("matrix", "import", DEMO);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Imported matrix version 4 for client demo: effective 2026-09-01, signed by Alex Example (Internal IT lead); Sam Sample (MSP account lead), 15 categories.");
    expect(r.stdout).toContain("First version for this client");
    const h = await cli("matrix", "history");
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/^version 4 {2}effective 2026-09-01 {2}imported \d{4}-\d\d-\d\d \d\d:\d\d \S+ by command line {2}signed by Alex Example \(Internal IT lead\); Sam Sample \(MSP account lead\) {2}\(in force\)\n$/);
  });

  test("importing a matrix gives its named people with chat ids their roles", async () => {
    const r = await cli("people", "list");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("slack  T0MAPLE/U01ALEX  Alex Example  internal-it");
    expect(r.stdout).toContain("slack  T0MAPLE/U03SAM  Sam Sample  msp-lead,msp-tech");
    expect(r.stdout).toContain("teams  -/6f1c2a4e-1b7d-4c1e-9a11-0b5a2f8e7c01  Alex Example  internal-it");
  });

  test("a broken file is refused with every problem and its path; nothing is stored", async () => {
    const r = await cli("matrix", "import", join(FIXTURES, "bad/fields.yaml"));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("is not a valid matrix file (16 problems); nothing was stored:");
    for (const line of [
      "line 2, version: must be a whole number at least 1 (got 0)",
      'line 3, effective: must be a real date YYYY-MM-DD (got "2026-02-30")',
      "parties.internal.people[0].email: is not an email address",
      "parties.msp.name: is required",
      "businessHours.timezone: is not a known IANA time zone",
      'businessHours.days[4]: unknown weekday "fry"',
      "businessHours.end: must be after start",
      "businessHours.holidays[1]: must be a real date",
      'categories[1].id: duplicate id "printers-scanners"',
      'categories[1].ownr: unknown field; did you mean "owner"?',
    ]) {
      expect(r.stderr).toContain(line);
    }
    const syntax = await cli("matrix", "import", join(FIXTURES, "bad/syntax.yaml"));
    expect(syntax.code).toBe(1);
    expect(syntax.stderr).toMatch(/1 problem\); nothing was stored:\n {2}- line 4: YAML syntax/);
    const missing = await cli("matrix", "import", join(dir, "nope.yaml"));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("cannot read");
    const empty = join(dir, "empty.yaml");
    writeFileSync(empty, "");
    expect((await cli("matrix", "import", empty)).code).toBe(1);
    expect(await versionsStored()).toEqual([4]);
  });

  test("a version not higher is refused unless --force", async () => {
    const again = await cli("matrix", "import", DEMO);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("Version 4 is not higher than the stored version 4");
    expect(again.stderr).toContain("--force");
    const forced = await cli("matrix", "import", DEMO, "--force");
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain("Changes against version 4:\n  - No changes in meaning");
  });

  test("version 5 is stored and the changes against version 4 are printed", async () => {
    const r = await cli("matrix", "import", v5File, "--client=demo");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Changes against version 4:");
    expect(r.stdout).toContain("  - Version 4 -> 5");
    expect(r.stdout).toContain("  - Effective date 2026-09-01 -> 2026-12-01");
    expect(r.stdout).toContain("  - Printers & scanners (printers-scanners): owner internal -> msp");
    expect(r.stdout).toContain("  - Removed category Website, domains & DNS (websites-dns)");
    expect(r.stdout).toContain("  - Added category Label printers (label-printers), owner internal");
    expect(await versionsStored()).toEqual([4, 5]);
    expect((await cli("matrix", "history")).stdout.split("\n")[0]).toMatch(/^version 5 .*\(in force\)$/);
  });

  test("export writes YAML that reads back to the same matrix (round trip), for the current or a given version", async () => {
    const current = await cli("matrix", "export");
    expect(current.code).toBe(0);
    const back = parseMatrix(current.stdout);
    const v5 = parseMatrix(version5());
    expect(back.ok && v5.ok).toBe(true);
    if (back.ok && v5.ok) expect(back.matrix).toEqual(v5.matrix);
    const old = await cli("matrix", "export", "--version", "4");
    const demo = parseMatrix(demoText);
    const oldBack = parseMatrix(old.stdout);
    if (oldBack.ok && demo.ok) expect(oldBack.matrix).toEqual(demo.matrix);
    else throw new Error("export of version 4 did not parse");
    const none = await cli("matrix", "export", "--version", "9");
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("no version 9");
  });

  test("diff between stored versions, between files, and a file against a version", async () => {
    const versions = await cli("matrix", "diff", "4", "5");
    expect(versions.code).toBe(0);
    expect(versions.stdout).toMatch(/^version 4 -> version 5: 5 changes\n/);
    expect(versions.stdout).toContain("Printers & scanners (printers-scanners): owner internal -> msp");
    const files = await cli("matrix", "diff", v5File, DEMO);
    expect(files.stdout).toContain("Added category Website, domains & DNS (websites-dns), owner msp");
    expect(files.stdout).toContain("Printers & scanners (printers-scanners): owner msp -> internal");
    const mixed = await cli("matrix", "diff", "5", v5File);
    expect(mixed.stdout).toContain("no changes in meaning");
    const missing = await cli("matrix", "diff", "4", "12");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no version 12");
  });

  test("learned phrasings are listed and can be forgotten", async () => {
    const db = await openDb();
    await db.prisma.learnedPhrase.create({ data: { clientId: "demo", phrase: "the zebra prints blank", categoryId: "label-printers", createdBy: "slack:T1:UALICE" } });
    await db.close();
    expect((await cli("matrix", "learned")).stdout).toBe('"the zebra prints blank" -> label-printers\n');
    const gone = await cli("matrix", "forget", "the zebra prints blank");
    expect(gone.code).toBe(0);
    expect(gone.stdout).toContain('Forgot "the zebra prints blank"');
    expect((await cli("matrix", "learned")).stdout).toContain("No learned phrasings");
    const unknown = await cli("matrix", "forget", "never learned");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no learned phrasing "never learned"');
  });

  test("people add grants roles (adding to existing ones); bad flags exit 2 with a hint", async () => {
    const r = await cli("people", "add", "--platform", "slack", "--team", "T1", "--user", "UADMIN", "--name", "Ada Admin", "--roles", "admin,internal-it");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Ada Admin (slack T1/UADMIN) in client demo now has roles: admin, internal-it");
    const more = await cli("people", "add", "--platform=slack", "--team=T1", "--user=UADMIN", "--roles=msp-lead");
    expect(more.stdout).toContain("now has roles: admin, internal-it, msp-lead");
    expect((await cli("people", "list")).stdout).toContain("slack  T1/UADMIN  Ada Admin  admin,internal-it,msp-lead");

    const badRole = await cli("people", "add", "--platform", "slack", "--team", "T1", "--user", "U2", "--roles", "boss");
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('unknown role "boss"');
    expect((await cli("people", "add", "--platform", "irc", "--team", "T1", "--user", "U2", "--roles", "staff")).code).toBe(2);
    expect((await cli("matrix", "import")).code).toBe(2);
    expect((await cli("matrix", "frobnicate")).stderr).toContain('unknown matrix command "frobnicate"');
    expect((await cli("matrix", "export", "--version", "x")).code).toBe(2);
    expect((await cli("matrix", "history", "--nope")).stderr).toContain('unknown option "--nope"');
    expect((await cli("matrix", "--help")).stdout).toContain("import FILE [--client ID] [--force]");
  });

  test("the started bot answers from the imported version", async () => {
    const db = await openDb();
    const h = await startHarness({ database: db, clock: { now: () => new Date("2026-12-08T15:00:00Z") } });
    try {
      await h.slackEvent(mentionEvent("who handles the printer on floor 2 is jammed?", { ts: "1700009000.000100" }));
      const post = await h.slack.waitForMethod("chat.postMessage", (b) => b.thread_ts === "1700009000.000100");
      const text = String(post.blocks);
      expect(text).toContain("The MSP (Bluefin Managed Services)");
      expect(text).toContain("Matrix version 5");
    } finally {
      await h.stop();
      await db.close();
    }
  });
});
