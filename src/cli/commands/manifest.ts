// `tandem manifest teams`: the Teams app package (manifest with ids from the environment + the committed icons, zipped).
import fs from "node:fs";
import path from "node:path";
import { zipSync } from "fflate";
import type { CliCommand, CliIO } from "../command";
import { noWords, readFlags } from "../flags";
import { subcommands } from "../subcommands";

export const TEAMS_MANIFEST_DIR = path.resolve(__dirname, "../../../manifests/teams");
export const DEFAULT_PACKAGE = path.join(TEAMS_MANIFEST_DIR, "build", "tandem-teams.zip");

const USAGE = `Usage: tandem manifest teams [--out FILE.zip]

teams   Builds the Teams app package from manifests/teams/manifest.json: fills \${{TEAMS_APP_ID}} and
        \${{MICROSOFT_APP_ID}} from the environment, checks the result against Microsoft's manifest schema, and
        zips it with color.png and outline.png (default: manifests/teams/build/tandem-teams.zip). Upload the zip in
        Teams (Apps > Manage your apps > Upload an app) or in the Teams Developer Portal.

Environment:
  MICROSOFT_APP_ID   the Azure Bot's Microsoft App ID (a GUID), required
  TEAMS_APP_ID       the Teams app's own id (a GUID); default: MICROSOFT_APP_ID

Exit codes: 0 written, 1 missing or invalid ids or an invalid manifest, 2 bad flag.`;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PLACEHOLDER = /\$\{\{([A-Z0-9_]+)\}\}/g;

/** The ids a manifest placeholder can take, from the environment, with every problem listed at once. */
export function manifestValues(env: NodeJS.ProcessEnv): { values: Record<string, string>; problems: string[] } {
  const appId = env.MICROSOFT_APP_ID?.trim() ?? "";
  const teamsAppId = env.TEAMS_APP_ID?.trim() || appId;
  const problems: string[] = [];
  if (!appId) problems.push("MICROSOFT_APP_ID is not set: use the Microsoft App ID of the Azure Bot (a GUID).");
  else if (!GUID.test(appId)) problems.push(`MICROSOFT_APP_ID must be a GUID such as 00000000-0000-0000-0000-000000000000 (got "${appId}").`);
  if (env.TEAMS_APP_ID?.trim() && !GUID.test(teamsAppId)) problems.push(`TEAMS_APP_ID must be a GUID (got "${teamsAppId}"), or leave it unset to use MICROSOFT_APP_ID.`);
  return { values: { MICROSOFT_APP_ID: appId, TEAMS_APP_ID: teamsAppId }, problems };
}

/** Replaces every ${{NAME}} in the manifest text; throws naming any placeholder without a value. */
export function fillPlaceholders(text: string, values: Record<string, string>): string {
  const unknown = new Set<string>();
  const filled = text.replace(PLACEHOLDER, (_m, name: string) => {
    if (values[name] === undefined) unknown.add(name);
    return JSON.stringify(values[name] ?? "").slice(1, -1);
  });
  if (unknown.size) throw new Error(`the manifest uses placeholders Tandem does not fill: ${[...unknown].join(", ")}`);
  return filled;
}

/** Schema problems, or undefined when the schema package (a dev dependency) is not installed. */
async function schemaProblems(manifest: unknown): Promise<string[] | undefined> {
  let utils: { validateAgainstSchema(m: unknown): Promise<string[]> };
  try {
    utils = (await import("@microsoft/app-manifest")).AppManifestUtils as never;
  } catch {
    return undefined;
  }
  return utils.validateAgainstSchema(manifest);
}

async function buildTeamsPackage(args: string[], io: CliIO): Promise<number> {
  const f = readFlags(args, { out: "string" });
  noWords(f.words);
  const out = f.values.out ? path.resolve(f.values.out) : DEFAULT_PACKAGE;
  const { values, problems } = manifestValues(io.env);
  if (problems.length) {
    io.stderr(`tandem manifest: cannot build the Teams package:\n${problems.map((p) => `  - ${p}`).join("\n")}\n`);
    return 1;
  }
  const text = fillPlaceholders(fs.readFileSync(path.join(TEAMS_MANIFEST_DIR, "manifest.json"), "utf8"), values);
  const manifest = JSON.parse(text) as { icons: { color: string; outline: string } };
  const invalid = await schemaProblems(manifest);
  if (invalid?.length) {
    io.stderr(`tandem manifest: manifests/teams/manifest.json does not match Microsoft's schema:\n${invalid.map((p) => `  - ${p}`).join("\n")}\n`);
    return 1;
  }
  const icon = (name: string) => new Uint8Array(fs.readFileSync(path.join(TEAMS_MANIFEST_DIR, name)));
  // Teams wants the three files at the root of the zip. PNGs are compressed already: stored as they are.
  const zip = zipSync({
    "manifest.json": new TextEncoder().encode(text),
    [manifest.icons.color]: [icon(manifest.icons.color), { level: 0 }],
    [manifest.icons.outline]: [icon(manifest.icons.outline), { level: 0 }],
  });
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, zip);
  io.stdout(`Wrote ${path.relative(process.cwd(), out) || out} (app ${values.TEAMS_APP_ID}, bot ${values.MICROSOFT_APP_ID})` +
    `${invalid === undefined ? "; schema not checked: install the dev dependencies to check it" : ", schema checked"}.\n`);
  return 0;
}

export const manifestCommand: CliCommand = {
  name: "manifest",
  summary: "Build the Teams app package (manifest + icons) from the environment",
  usage: USAGE,
  run: subcommands("manifest", { teams: buildTeamsPackage }),
};
