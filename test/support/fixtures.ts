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
