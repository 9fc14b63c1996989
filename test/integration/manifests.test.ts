import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ts from "typescript";
import YAML from "yaml";
import { AppManifestUtils } from "@microsoft/app-manifest";
import { SLACK_COMMANDS } from "../../src/adapters/slack/app";
import { fillPlaceholders, manifestCommand, manifestValues, TEAMS_MANIFEST_DIR } from "../../src/cli/commands/manifest";
import { unzipSync } from "fflate";
import { PNG } from "pngjs";
import { captureIO } from "../support/cli";
import { startHarness, type Harness } from "../support/harness";
import { dmEvent, mentionEvent, shortcutForm } from "../support/slack-requests";

// strip-bom 5 is ESM-only, which jest's CommonJS runtime cannot require; the schema files have no BOM anyway.
jest.mock("strip-bom", () => ({ __esModule: true, default: (text: string) => text.replace(/^\uFEFF/, "") }));

const ROOT = path.resolve(__dirname, "../..");
const teamsText = fs.readFileSync(path.join(TEAMS_MANIFEST_DIR, "manifest.json"), "utf8");
const ids = { MICROSOFT_APP_ID: randomUUID(), TEAMS_APP_ID: randomUUID() };
const filled = () => JSON.parse(fillPlaceholders(teamsText, ids));
const SCHEMAS = path.join(ROOT, "node_modules/@microsoft/app-manifest/build/json-schemas/teams");
const NEWEST_SCHEMA = fs
  .readdirSync(SCHEMAS)
  .filter((d) => /^v\d+\.\d+$/.test(d))
  .map((d) => d.slice(1))
  .sort((a, b) => Number(a.split(".")[1]) - Number(b.split(".")[1]))
  .pop();

describe("Teams manifest", () => {
  test("after filling the ids it matches Microsoft's newest bundled schema, with zero errors", async () => {
    const manifest = filled();
    expect(manifest.$schema).toBe(`https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`);
    // The newest numbered schema @microsoft/app-manifest ships (1.30 with 1.1.2), and at least 1.25, from which
    // Teams requires supportsChannelFeatures for apps in shared and private channels.
    expect(manifest.manifestVersion).toBe(NEWEST_SCHEMA);
    const [major, minor] = String(manifest.manifestVersion).split(".").map(Number);
    expect(major === 1 && minor >= 25).toBe(true);
    expect(await AppManifestUtils.validateAgainstSchema(manifest)).toEqual([]);
  });

  test("shared and private channels: tier1 channel features and only the channel-roster consent Tandem uses", async () => {
    const m = filled();
    expect(m.supportsChannelFeatures).toBe("tier1");
    expect(m.supportedChannelTypes).toEqual(expect.arrayContaining(["sharedChannels", "privateChannels"]));
    // ChannelMember.Read.Group: the roster (home tenants of people from the other organisation) and member events in
    // shared channels. Nothing that reads every channel message: in shared channels Tandem only sees its @mentions.
    expect(m.authorization.permissions.resourceSpecific).toEqual([{ name: "ChannelMember.Read.Group", type: "Application" }]);
    expect(m.webApplicationInfo.id).toBe(ids.MICROSOFT_APP_ID);
    // The schema itself has teeth here: an unknown tier is refused.
    const wrong = { ...m, supportsChannelFeatures: "tier9" };
    expect((await AppManifestUtils.validateAgainstSchema(wrong)).join("\n")).toMatch(/supportsChannelFeatures/);
  });

  test("the validator really checks (offline): a wrong scope and an unfilled id are reported", async () => {
    const broken = filled();
    broken.bots[0].scopes = ["everyone"];
    const errors = await AppManifestUtils.validateAgainstSchema(broken);
    expect(errors.join("\n")).toMatch(/\/bots\/0\/scopes\/0/);
    const unfilled = await AppManifestUtils.validateAgainstSchema(JSON.parse(teamsText));
    expect(unfilled.join("\n")).toMatch(/^\/id /m);
  });

  test("ids are placeholders; shared and private channels, bot scopes, commands and the Create ticket action", () => {
    expect(teamsText).toContain('"id": "${{TEAMS_APP_ID}}"');
    expect(teamsText).toContain('"botId": "${{MICROSOFT_APP_ID}}"');
    const m = filled();
    expect(m.id).toBe(ids.TEAMS_APP_ID);
    expect(m.bots[0].botId).toBe(ids.MICROSOFT_APP_ID);
    expect(m.supportedChannelTypes).toEqual(expect.arrayContaining(["sharedChannels", "privateChannels"]));
    expect(m.bots[0].scopes).toEqual(expect.arrayContaining(["personal", "team", "groupChat"]));
    const titles = m.bots[0].commandLists.flatMap((l: { commands: { title: string }[] }) => l.commands.map((c) => c.title));
    expect(titles).toEqual(["help", "who handles", "ticket", "escalate", "incident", "schedule", "hours", "matrix"]);
    const action = m.composeExtensions[0].commands.find((c: { id: string }) => c.id === "createTicket");
    expect(action).toMatchObject({ type: "action", title: "Create ticket", context: ["message"], fetchTask: false });
    expect(m.composeExtensions[0].botId).toBe(ids.MICROSOFT_APP_ID);
  });

  test("icons: color.png 192x192 opaque, outline.png 32x32 white on transparent", () => {
    const color = PNG.sync.read(fs.readFileSync(path.join(TEAMS_MANIFEST_DIR, "color.png")));
    expect([color.width, color.height]).toEqual([192, 192]);
    const outline = PNG.sync.read(fs.readFileSync(path.join(TEAMS_MANIFEST_DIR, "outline.png")));
    expect([outline.width, outline.height]).toEqual([32, 32]);
    let transparent = 0;
    let opaque = 0;
    for (let i = 0; i < outline.data.length; i += 4) {
      const [r, g, b, a] = outline.data.subarray(i, i + 4);
      if (a === 0) transparent++;
      else expect([r, g, b]).toEqual([255, 255, 255]);
      if (a === 255) opaque++;
    }
    expect(transparent).toBeGreaterThan(100);
    expect(opaque).toBeGreaterThan(50);
    for (let i = 3; i < color.data.length; i += 4) if (color.data[i] !== 255) throw new Error("color.png must be opaque");
  });

  test("tandem manifest teams writes a zip with the filled manifest and both icons at its root", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-manifest-"));
    const out = path.join(dir, "app.zip");
    const io = captureIO(ids);
    expect(await manifestCommand.run(["teams", "--out", out], io)).toBe(0);
    expect(io.out.join("")).toContain("schema checked");
    const entries = unzipSync(new Uint8Array(fs.readFileSync(out)));
    expect(Object.keys(entries).sort()).toEqual(["color.png", "manifest.json", "outline.png"]);
    const manifest = JSON.parse(Buffer.from(entries["manifest.json"]).toString("utf8"));
    expect(manifest.id).toBe(ids.TEAMS_APP_ID);
    expect(manifest.bots[0].botId).toBe(ids.MICROSOFT_APP_ID);
    expect(JSON.stringify(manifest)).not.toContain("${{");
    expect(Buffer.from(entries["color.png"]).equals(fs.readFileSync(path.join(TEAMS_MANIFEST_DIR, "color.png")))).toBe(true);
    // An independent reader agrees: Info-ZIP tests every entry's CRC.
    expect(execFileSync("unzip", ["-t", out], { encoding: "utf8" })).toContain("No errors detected");
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("the package command lists every missing or malformed id at once and writes nothing", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-manifest-"));
    const out = path.join(dir, "app.zip");
    const io = captureIO({ TEAMS_APP_ID: "not-a-guid" });
    expect(await manifestCommand.run(["teams", "--out", out], io)).toBe(1);
    const err = io.err.join("");
    expect(err).toContain("MICROSOFT_APP_ID is not set");
    expect(err).toContain("TEAMS_APP_ID must be a GUID");
    expect(fs.existsSync(out)).toBe(false);
    expect(manifestValues({ MICROSOFT_APP_ID: ids.MICROSOFT_APP_ID }).values.TEAMS_APP_ID).toBe(ids.MICROSOFT_APP_ID);
    expect(() => fillPlaceholders('{"x":"${{UNKNOWN_ID}}"}', ids)).toThrow(/UNKNOWN_ID/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

const slack = YAML.parse(fs.readFileSync(path.join(ROOT, "manifests/slack/manifest.yml"), "utf8"));
const slackAppSource = fs.readFileSync(path.join(ROOT, "src/adapters/slack/app.ts"), "utf8");

/** Type-checks `value` against @slack/web-api's manifest type, as a literal in a virtual .ts file. */
function slackTypeErrors(value: unknown): string[] {
  const file = path.join(ROOT, "test/integration/__slack-manifest-check.ts");
  const source = `import type { AppsManifestCreateArguments } from "@slack/web-api";\nexport const manifest = ${JSON.stringify(value, null, 2)} satisfies AppsManifestCreateArguments["manifest"];\n`;
  const options: ts.CompilerOptions = { strict: true, noEmit: true, skipLibCheck: true, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, target: ts.ScriptTarget.ES2022, types: [] };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, ...rest) => (name === file ? ts.createSourceFile(name, source, lang) : getSourceFile(name, lang, ...rest));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

describe("Slack manifest", () => {
  test("declares exactly the slash commands the code registers", () => {
    const declared = slack.features.slash_commands.map((c: { command: string }) => c.command);
    expect([...declared].sort()).toEqual([...SLACK_COMMANDS].sort());
  });

  test("every request URL is https and ends with /slack/events; socket mode and org deploy are off", () => {
    const urls = [
      ...slack.features.slash_commands.map((c: { url: string }) => c.url),
      slack.settings.event_subscriptions.request_url,
      slack.settings.interactivity.request_url,
    ];
    expect(urls).toHaveLength(SLACK_COMMANDS.length + 2);
    for (const url of urls) expect(url).toMatch(/^https:\/\/[^/]+\/slack\/events$/);
    expect(slack.settings.interactivity.is_enabled).toBe(true);
    expect(slack.settings.socket_mode_enabled).toBe(false);
    expect(slack.settings.org_deploy_enabled).toBe(false);
  });

  test("the message shortcut's callback id is the one src/adapters/slack/app.ts listens for", () => {
    const registered = [...slackAppSource.matchAll(/app\.shortcut\(\s*"([^"]+)"/g)].map((m) => m[1]);
    const shortcuts = slack.features.shortcuts;
    expect(shortcuts).toEqual([expect.objectContaining({ name: "Create ticket", type: "message", callback_id: "create_ticket" })]);
    expect(registered).toEqual(shortcuts.map((s: { callback_id: string }) => s.callback_id));
  });

  test("bot events match the listeners, and each event needs a scope that is requested", () => {
    const events: string[] = slack.settings.event_subscriptions.bot_events;
    const listened = [...slackAppSource.matchAll(/app\.event\(\s*"([^"]+)"/g)].map((m) => m[1]);
    if (/app\.message\(/.test(slackAppSource)) listened.push("message.im");
    expect([...events].sort()).toEqual([...listened].sort());
    const scopes: string[] = slack.oauth_config.scopes.bot;
    const needs: Record<string, string> = { app_mention: "app_mentions:read", "message.im": "im:history" };
    for (const e of events) expect(scopes).toContain(needs[e]);
    expect(scopes).toEqual(expect.arrayContaining(["chat:write", "commands"]));
    expect(new Set(scopes).size).toBe(scopes.length);
  });

  test("requests exactly the scopes the code uses: pins:write for pins.add, nothing unused", () => {
    // Each Web API method Tandem calls, and the bot scope Slack requires for it.
    const METHOD_SCOPES: Record<string, string[]> = {
      "chat.postMessage": ["chat:write", "im:write"], // im:write: the page to a person opens their 1:1 chat
      "chat.postEphemeral": ["chat:write"],
      "chat.update": ["chat:write"],
      "chat.getPermalink": [],
      "pins.add": ["pins:write"],
      "auth.test": [],
      "views.open": [], // a modal needs the click's trigger_id, no scope
      "users.info": ["users:read"], // people's names as Slack shows them
      // "ticket this": a thread's first message, public or private channel; and before a second send, Tandem's own
      // message by its metadata in a channel or 1:1 chat (im:history)
      "conversations.history": ["channels:history", "groups:history", "im:history"],
      "conversations.replies": ["channels:history", "groups:history", "im:history"], // the same, in a thread
      "conversations.open": ["im:write"], // the 1:1 chat a direct message went to (prevent_creation)
    };
    const sources = fs.readdirSync(path.join(ROOT, "src/adapters/slack")).map((f) => fs.readFileSync(path.join(ROOT, "src/adapters/slack", f), "utf8"));
    const called = new Set(sources.flatMap((src) => [...src.matchAll(/client\.(chat|pins|auth|views|conversations|users|files|reactions)\.(\w+)\(/g)].map((m) => `${m[1]}.${m[2]}`)));
    for (const m of called) expect(Object.keys(METHOD_SCOPES)).toContain(m);
    const needed = new Set([...called].flatMap((m) => METHOD_SCOPES[m]));
    // Events and commands: app_mention, message.im, slash commands; files:read for a matrix YAML shared in a DM.
    for (const s of ["app_mentions:read", "im:history", "commands", "files:read"]) needed.add(s);
    expect([...slack.oauth_config.scopes.bot].sort()).toEqual([...needed].sort());
  });

  test("type-checks against @slack/web-api's AppsManifestCreateArguments['manifest']", () => {
    expect(slackTypeErrors(slack)).toEqual([]);
    // The check has teeth: a misspelt nested key or a wrong type is a compile error.
    const typo = structuredClone(slack);
    typo.features.slash_commands[0].should_escape = "yes";
    typo.settings.interactivity.request_urll = typo.settings.interactivity.request_url;
    expect(slackTypeErrors(typo).length).toBeGreaterThanOrEqual(2);
  }, 60_000);

  describe("what it declares reaches Tandem's listeners", () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness({ kind: "pglite" });
    });
    afterAll(async () => {
      await h.stop();
    });

    test("app_mention and message.im events are answered", async () => {
      await h.slackEvent(mentionEvent("help", { ts: "1700000900.000100" }));
      await h.slack.waitForMethod("chat.postMessage", (b) => b.thread_ts === "1700000900.000100");
      await h.slackEvent(dmEvent("help", { channel: "DMANIFEST" }));
      await h.slack.waitForMethod("chat.postMessage", (b) => b.channel === "DMANIFEST");
    });

    test("the declared message shortcut is acknowledged and handled", async () => {
      const callbackId = slack.features.shortcuts[0].callback_id;
      const res = await h.slackForm(shortcutForm(callbackId, { ts: "1700000950.000100", text: "the scanner is jammed" }));
      expect(res.status).toBe(200);
      // The handler looks up the message's permalink before anything else.
      await h.slack.waitForMethod("chat.getPermalink", (b) => b.message_ts === "1700000950.000100");
    });
  });
});
