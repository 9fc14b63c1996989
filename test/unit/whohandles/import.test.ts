import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseMatrix } from "../../../src/core/matrix/format";
import type { Matrix } from "../../../src/core/matrix/model";
import { checkImport, peopleFromMatrix } from "../../../src/core/whohandles/import";

const demoText = readFileSync(join(__dirname, "../../fixtures/matrix/demo.yaml"), "utf8");
const demo = (parseMatrix(demoText) as { matrix: Matrix }).matrix;

describe("checkImport", () => {
  test("a broken file: every problem, nothing else", () => {
    const r = checkImport(readFileSync(join(__dirname, "../../fixtures/matrix/bad/fields.yaml"), "utf8"), demo);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.path)).toEqual(expect.arrayContaining(["version", "effective", "businessHours.timezone", "categories[1].ownr"]));
  });

  test("the first version for a client says so", () => {
    const r = checkImport(demoText, null);
    expect(r).toMatchObject({ ok: true, previousVersion: null, notHigher: false, changes: ["First version for this client: 15 categories, effective 2026-09-01"] });
  });

  test("the same version is flagged as not higher, with no changes in meaning", () => {
    expect(checkImport(demoText, demo)).toMatchObject({ ok: true, previousVersion: 4, notHigher: true, changes: ["No changes in meaning"] });
  });

  test("a higher version lists what changed", () => {
    const v5 = demoText.replace("version: 4", "version: 5").replace('backup: msp\n    afterHours: msp\n    escalation: "If a printer', 'backup: none\n    afterHours: msp\n    escalation: "If a printer');
    const r = checkImport(v5, demo);
    expect(r).toMatchObject({ ok: true, notHigher: false, changes: ["Version 4 -> 5", "Printers & scanners (printers-scanners): backup msp -> none"] });
  });
});

describe("peopleFromMatrix", () => {
  test("named people with chat ids become identities with roles by party and by their role", () => {
    const people = peopleFromMatrix(demo, { slack: "T9", teams: "tenant-9" });
    expect(people).toEqual([
      { platform: "slack", teamId: "T0MAPLE", userId: "U01ALEX", name: "Alex Example", email: "alex.example@mapleridge.example", aadObjectId: "6f1c2a4e-1b7d-4c1e-9a11-0b5a2f8e7c01", roles: ["internal-it"] },
      { platform: "teams", teamId: "tenant-9", userId: "6f1c2a4e-1b7d-4c1e-9a11-0b5a2f8e7c01", name: "Alex Example", email: "alex.example@mapleridge.example", aadObjectId: "6f1c2a4e-1b7d-4c1e-9a11-0b5a2f8e7c01", roles: ["internal-it"] },
      { platform: "slack", teamId: "T0MAPLE", userId: "U02PRIYA", name: "Priya Natarajan", email: "priya.natarajan@mapleridge.example", aadObjectId: "0d9e8b7a-2c3f-4e5d-8a6b-1c2d3e4f5a6b", roles: ["internal-it"] },
      { platform: "slack", teamId: "T0MAPLE", userId: "U03SAM", name: "Sam Sample", email: "sam.sample@bluefin.example", aadObjectId: undefined, roles: ["msp-lead", "msp-tech"] },
    ]);
  });

  test("a plain Slack id lives in the client's workspace; a role naming Tandem roles is taken as given", () => {
    const m: Matrix = {
      ...demo,
      parties: {
        internal: { name: "In", contacts: ["Ana"], people: [{ name: "Ana", slackId: "UANA", role: "admin, internal-it" }] },
        msp: { name: "Out", contacts: ["Ned"], people: [{ name: "Ned", teamsId: "29:ned", role: "NOC engineer" }, { name: "Nobody" }] },
      },
    };
    expect(peopleFromMatrix(m, { slack: "T7" }).map((p) => [p.platform, p.teamId, p.userId, p.roles])).toEqual([
      ["slack", "T7", "UANA", ["admin", "internal-it"]],
      ["teams", "", "29:ned", ["msp-tech"]],
    ]);
  });
});
