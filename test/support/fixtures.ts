import fs from "node:fs";
import path from "node:path";

const DIR = path.resolve(__dirname, "../fixtures");

/** A recorded payload from test/fixtures (see the README beside it), parsed afresh each time. */
export function fixture<T = any>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(DIR, name), "utf8")) as T;
}

/** A Teams fixture pointed at the fake Bot Connector, with a fresh activity id (Tandem drops repeats). */
export function teamsFixture(name: string, serviceUrl: string, patch: Record<string, unknown> = {}): any {
  const a = fixture(`teams/${name}`);
  return { ...a, serviceUrl, id: `${a.id}-${Math.random().toString(36).slice(2, 8)}`, ...patch };
}

/**
 * Version 5 of a demo matrix (version 4): the same categories plus large-format plotters, a category only this
 * version has. `effective` replaces the version's effective date when given.
 */
export function demoMatrixVersion5(demo: string, effective?: string): string {
  if (!/^version: 4$/m.test(demo)) throw new Error("the demo matrix is no longer version 4: update this test");
  const v5 = demo.replace(/^version: 4$/m, "version: 5");
  return (effective ? v5.replace(/^effective: .*$/m, `effective: ${effective}`) : v5).concat(
    [
      "  - id: plotters",
      "    name: Large-format plotters",
      "    description: The engineering plotters on floor 3.",
      "    owner: msp",
      "    backup: none",
      "    afterHours: msp",
      '    escalation: "The MSP calls the plotter vendor."',
      '    keywords: ["plotter", "large format print"]',
      "",
    ].join("\n"),
  );
}
