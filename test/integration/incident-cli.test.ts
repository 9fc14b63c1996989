// tandem playbooks validate|import|list and tandem incidents list|export, in-process against a real database.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "../../src/adapters/db/connect";
import { PrismaIncidentStore } from "../../src/adapters/db/incident-repo";
import { PrismaPlaybookLibrary } from "../../src/adapters/db/playbook-repo";
import { apply, startIncident } from "../../src/core/incidents/incident";
import { getPlaybook } from "../../src/core/incidents/playbook-set";
import { runTandem } from "../support/cli";
import { freshPostgres, type TestDatabase } from "../support/databases";

// Each `tandem` call opens the database (the embedded one takes seconds on a loaded machine): the budget is for a
// test's whole sequence of calls, which waits on their completion, not on time.
jest.setTimeout(120_000);

const SHIPPED = path.resolve(__dirname, "../../prisma/seed/playbooks");

const cli = (args: string[], env: NodeJS.ProcessEnv) => runTandem(args, { ...env, LOG_LEVEL: "silent" });

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-playbooks-"));
const override = path.join(tmp, "ransomware.yaml");
fs.writeFileSync(override, fs.readFileSync(path.join(SHIPPED, "ransomware.yaml"), "utf8").replace("name: Ransomware / mass encryption", "name: Ransomware (Maple Ridge edition)"));
const broken = path.join(tmp, "broken.yaml");
fs.writeFileSync(broken, "id: Broken Playbook\nname: x\nseverity: 7\nroles: []\nsteps:\n  - { id: a, text: do it, party: vendor, deadline: 5 }\n");

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe.each(["pglite", "postgres"] as const)("incident command line [%s]", (kind) => {
  let env: NodeJS.ProcessEnv;
  let pg: TestDatabase | undefined;
  beforeAll(async () => {
    if (kind === "postgres") {
      pg = await freshPostgres();
      env = { DATABASE_URL: pg.url };
    } else {
      env = { DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "tandem-cli-")) };
    }
  });
  afterAll(async () => {
    await pg?.drop();
    if (env.DATA_DIR) fs.rmSync(env.DATA_DIR, { recursive: true, force: true });
  });

  test("validate: the shipped playbooks are valid; a broken file lists every problem and exits 1", async () => {
    const ok = await cli(["playbooks", "validate"], env);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/OK: 5 shipped playbook\(s\)/);
    const bad = await cli(["playbooks", "validate", override, broken], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${broken}: id: must be kebab-case`);
    expect(bad.stderr).toContain(`${broken}: steps[0].party: must be one of: internal, msp, joint`);
    expect(bad.stderr).toContain(`${broken}: steps[0].deadline: unknown field`);
    expect(bad.stderr).not.toContain(override);
  });

  test("import refuses a set with a broken file (nothing stored), then stores a client override that list shows", async () => {
    const refused = await cli(["playbooks", "import", override, broken], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("Nothing was imported");
    const imported = await cli(["playbooks", "import", override], env);
    expect(imported.stdout).toContain("ransomware: imported for demo (replaces the shipped default)");
    expect(imported.code).toBe(0);
    const list = await cli(["playbooks", "list"], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/ransomware\s+Ransomware \(Maple Ridge edition\)\s+1\s+16\s+override/);
    expect(list.stdout).toMatch(/server-down\s+.*default/);
    const missing = await cli(["playbooks", "validate", path.join(tmp, "nope.yaml")], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no such file");
  });

  test("incidents list and export: a resolved incident's Markdown summary, drills and the last drill date", async () => {
    const db = kind === "postgres" ? await openDatabase({ url: env.DATABASE_URL }) : await openDatabase({ dataDir: env.DATA_DIR });
    try {
      const playbooks = await new PrismaPlaybookLibrary(db.prisma).playbooksFor("demo");
      const store = new PrismaIncidentStore(db.prisma);
      const sam = { id: "slack:T1:USAM", name: "Sam Sample", party: "msp" as const };
      const t0 = new Date("2026-02-02T10:00:00Z");
      const min = (m: number) => new Date(t0.getTime() + m * 60_000);
      const channel = { platform: "slack" as const, id: "C1", isDirect: false };
      const real = await store.create({
        clientId: "demo",
        channel,
        ticketRowId: null,
        start: (ref) => startIncident({ id: ref, playbook: getPlaybook(playbooks, "ransomware")!, summary: "FS01 encrypted" }, sam, t0),
      });
      await store.change(real.record.id, (r) => apply(r.state, { type: "acknowledge" }, sam, min(7)));
      await store.change(real.record.id, (r) => apply(r.state, { type: "step-skipped", stepId: "engage-counsel", reason: "no counsel retained" }, sam, min(30)));
      await store.change(real.record.id, (r) => apply(r.state, { type: "resolve", resolution: "restored" }, sam, min(200)));
      const drill = await store.create({
        clientId: "demo",
        channel,
        ticketRowId: null,
        start: (ref) => startIncident({ id: ref, playbook: getPlaybook(playbooks, "payments-down")!, summary: "Tabletop", drill: true }, sam, min(1000)),
      });
      await store.change(drill.record.id, (r) => apply(r.state, { type: "resolve", resolution: "done" }, sam, min(1060)));
    } finally {
      await db.close();
    }

    const list = await cli(["incidents", "list"], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/IR-2\s+drill\s+payments-down\s+resolved/);
    expect(list.stdout).toMatch(/IR-1\s+incident\s+ransomware\s+resolved\s+2026-02-02 10:00 UTC\s+3h 20m\s+7m/);
    expect(list.stdout).toContain("Last finished drill: IR-2 (payments-down) on 2026-02-03.");
    const json = await cli(["incidents", "list", "--drills", "--json"], env);
    expect(json.stdout.trim().split("\n").map((l) => JSON.parse(l).id)).toEqual(["IR-2"]);

    const md = await cli(["incidents", "export", "IR-1"], env);
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^# Post-incident summary: SEV 1 - Ransomware \(Maple Ridge edition\)/);
    expect(md.stdout).toContain("- **Duration:** 3h 20m");
    expect(md.stdout).toContain("- **Time to acknowledge (MSP):** 7m by Sam Sample (within the 15m target)");
    expect(md.stdout).toContain("~~Engage breach counsel so forensic work and reports stay under legal privilege~~ skipped by Sam Sample: no counsel retained");
    expect(md.stdout).toContain("## Timeline");
    const drillMd = await cli(["incidents", "export", "2"], env);
    expect(drillMd.stdout).toMatch(/^# DRILL summary/);
    const unknown = await cli(["incidents", "export", "IR-99"], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no incident "IR-99"');
    expect((await cli(["incidents", "export"], env)).code).toBe(2);
  });
});
