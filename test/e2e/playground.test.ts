import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import WebSocket from "ws";
import type { Activity } from "botbuilder";
import { loadConfig } from "../../src/config";
import { createLogger } from "../../src/logger";
import { startTandem, type Running } from "../../src/main";
import { actorOf } from "../../src/adapters/teams/activity";

// Microsoft 365 Agents Playground (pinned devDependency) against a started Tandem, driven without a browser through
// the Playground's own local REST + WebSocket API (internal and undocumented: see testing-offline.md section 2).

const ROOT = path.resolve(__dirname, "../..");
const PLAYGROUND = path.join(ROOT, "node_modules/.bin/agentsplayground");

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

interface PlaygroundConfig {
  tenantId: string;
  currentUser: { id: string; name: string; aadObjectId: string };
  personalChat: { id: string };
}

/** Everything the Playground pushes on its WebSockets: bot messages and its request log. */
interface StreamItem {
  action?: string;
  message?: { id?: string; text?: string; attachments?: { contentType: string; content: unknown }[] };
  logAction?: string;
  log?: { from?: string; to?: string; request?: { body?: Partial<Activity> } };
}

describe("Agents Playground end to end", () => {
  let tandem: Running;
  let playground: ChildProcess;
  let base: string;
  let workDir: string;
  let output = "";
  const stream: StreamItem[] = [];
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", DATA_DIR: "memory://", TEAMS_AUTH: "off", LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent" });
    tandem = await startTandem(config, createLogger(config.LOG_LEVEL));
    // Its log file goes to ./devTools by default: keep it (and anything else it writes) out of the repository.
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-playground-"));
    playground = spawn(PLAYGROUND, ["-e", `${tandem.url}/api/messages`, "-c", "msteams", "-p", String(await freePort()), "--dt"], {
      cwd: workDir,
      env: {
        ...process.env,
        APPLICATION_INSIGHTS_NO_STATSBEAT: "true", // with --dt: no telemetry, no DNS lookups
        TEAMSAPPTESTER_BROWSER: "none", // no xdg-open (it exits when the browser cannot be opened)
        M365_AGENTS_PLAYGROUND_LOGFILE: path.join(workDir, "playground.log"),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the Playground did not start:\n${output}`)), 20_000);
      const seen = (chunk: Buffer) => {
        output += chunk.toString();
        const m = /Listening on (\d+)/.exec(output);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      };
      playground.stdout!.on("data", seen);
      playground.stderr!.on("data", seen);
      playground.on("exit", (code) => reject(new Error(`the Playground exited (${code}):\n${output}`)));
    });
    base = `http://127.0.0.1:${port}`;
    // Bot messages arrive on the conversation stream; the activities the Playground sent, on its log stream.
    for (const route of ["/_ws_conversation/v1/conversations/stream", "/_ws/log/stream"]) {
      const socket = new WebSocket(`ws://127.0.0.1:${port}${route}`);
      socket.on("message", (data) => {
        try {
          stream.push(JSON.parse(data.toString()));
        } catch {
          /* not JSON */
        }
      });
      await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
      sockets.push(socket);
    }
  }, 60_000);

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    if (playground && playground.exitCode === null) {
      const exited = new Promise((r) => playground.once("exit", r));
      playground.kill("SIGTERM");
      await exited;
    }
    await tandem?.close();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  async function waitFor<T>(find: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = find();
      if (hit !== undefined) return hit;
      if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms; the Playground pushed:\n${JSON.stringify(stream).slice(0, 3000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  test("'help' in the Playground's 1:1 chat comes back as Tandem's Adaptive Card, and its default user is a demo admin", async () => {
    const { config } = (await (await fetch(`${base}/_internal/v1/config`)).json()) as { config: PlaygroundConfig };
    const sent = await fetch(`${base}/_conversation/v1/conversations/${encodeURIComponent(config.personalChat.id)}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: "text", text: "help", textFormat: "plain", from: { id: config.currentUser.id } }),
    });
    expect(sent.status).toBe(200);

    const reply = await waitFor(
      () => stream.find((s) => s.action === "createMessage" && s.message?.attachments?.some((a) => a.contentType === "application/vnd.microsoft.card.adaptive")),
      "Adaptive Card reply",
    );
    const card = reply.message!.attachments!.find((a) => a.contentType === "application/vnd.microsoft.card.adaptive")!.content as { type: string; body: { text?: string }[] };
    expect(card.type).toBe("AdaptiveCard");
    expect(card.body[0].text).toBe("Tandem: who handles what, between internal IT and the MSP");
    expect(JSON.stringify(card)).toContain("Show what I can do");

    // The activity the Playground really sent: its user must be the one the demo seed made an admin.
    const activity = await waitFor(
      () => stream.find((s) => s.logAction === "appendLog" && s.log?.to === "User Application" && s.log.request?.body?.text === "help")?.log?.request?.body,
      "request log of the 'help' activity",
    );
    const actor = actorOf(activity);
    expect(actor.userId).toBe(config.currentUser.aadObjectId);
    const roles = await tandem.turn.tenancy.rolesOf(tandem.config.DEFAULT_CLIENT_ID, actor);
    expect(roles).toEqual(expect.arrayContaining(["admin", "internal-it", "msp-lead"]));
  });

  // Every Action.Execute of a card, with its verb and data (as the Playground's client would send them).
  const executes = (node: unknown, out: { verb: string; title: string; data: Record<string, string> }[] = []) => {
    if (Array.isArray(node)) node.forEach((n) => executes(n, out));
    else if (node && typeof node === "object") {
      const o = node as Record<string, unknown>;
      if (o.type === "Action.Execute") out.push({ verb: String(o.verb), title: String(o.title), data: (o.data ?? {}) as Record<string, string> });
      Object.values(o).forEach((v) => executes(v, out));
    }
    return out;
  };

  let config: PlaygroundConfig;
  const say = async (text: string): Promise<{ id: string; card: Record<string, any> }> => {
    config ??= ((await (await fetch(`${base}/_internal/v1/config`)).json()) as { config: PlaygroundConfig }).config;
    const before = stream.length;
    const sent = await fetch(`${base}/_conversation/v1/conversations/${encodeURIComponent(config.personalChat.id)}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: "text", text, textFormat: "plain", from: { id: config.currentUser.id } }),
    });
    expect(sent.status).toBe(200);
    const reply = await waitFor(
      () => stream.slice(before).find((s) => s.action === "createMessage" && s.message?.attachments?.some((a) => a.contentType === "application/vnd.microsoft.card.adaptive")),
      `card answering "${text}"`,
    );
    const m = reply.message as Record<string, any>;
    return { id: String(m.id ?? m.messageId ?? JSON.stringify(Object.keys(m))), card: m.attachments[0].content as Record<string, any> };
  };

  /** A click on a card's button, sent the way the Playground's client sends it (its invoke endpoint). */
  const click = async (message: { id: string; card: Record<string, any> }, pick: (a: { verb: string; title: string }) => boolean, inputs: (data: Record<string, string>) => Record<string, string> = () => ({})) => {
    const button = executes(message.card).find(pick);
    expect(button).toBeDefined();
    // The Playground's client drops an Action.Execute whose data has a field named "key".
    expect(Object.keys(button!.data)).not.toContain("key");
    const res = await fetch(`${base}/_conversation/v1/invoke`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        name: "adaptiveCard/action",
        conversation: { id: config.personalChat.id },
        from: { id: config.currentUser.id },
        replyToId: message.id,
        value: { action: { type: "Action.Execute", verb: button!.verb, data: { ...button!.data, ...inputs(button!.data) } } },
      }),
    });
    const text = await res.text();
    expect(`${res.status} ${text.slice(0, 300)} (message ${message.id})`).toMatch(/^200 /);
    return JSON.parse(text) as { type: string; value: any };
  };

  test("one button of each card with buttons works through the Playground: the answer is the refreshed card", async () => {
    // who-handles: "Not this one" turns the card into the category picker.
    const answer = await say("who handles a printer that won't print?");
    expect(JSON.stringify(answer.card)).toContain("Printers & scanners");
    const picker = await click(answer, (a) => a.verb === "whohandles-pick");
    expect(picker.type).toBe("application/vnd.microsoft.card.adaptive");
    expect(JSON.stringify(picker.value)).toContain("Which category is it?");

    // category-picker: a category picked from the list (its input, as the client adds it) answers on the same card.
    const chosen = await click({ id: answer.id, card: picker.value }, (a) => a.title === "Use this category", (d) => ({ [`category~${d._form}`]: "printers-scanners" }));
    expect(JSON.stringify(chosen.value)).toContain("category picked by");

    // not-in-matrix: "Pick a category".
    const unknown = await say("where's the lunch menu?");
    expect(JSON.stringify(unknown.card)).toContain("The matrix does not name this");
    expect(JSON.stringify((await click(unknown, (a) => a.verb === "whohandles-pick")).value)).toContain("Which category is it?");

    // ticket: "Take it" (the Playground's user is internal IT too); the card now names its owner.
    const ticket = await say("ticket the scanner on floor 2 is jammed");
    const taken = await click(ticket, (a) => a.verb === "ticket-take");
    expect(JSON.stringify(taken.value)).toContain("took it");

    // ticket-list: with more than ten open tickets, "Next" shows the rest in the same message.
    for (let i = 0; i < 10; i++) await say(`ticket test printer ${i} out of toner`);
    const list = await say("tickets");
    const next = await click(list, (a) => a.verb === "tickets-more");
    expect(JSON.stringify(next.value)).toMatch(/11\D+\d+ of 1[12]/);
  }, 120_000);
});
