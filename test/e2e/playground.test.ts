import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import WebSocket from "ws";
import type { Browser, Locator, Page } from "playwright-core";
import type { Activity } from "botbuilder";
import { loadConfig } from "../../src/config";
import { createLogger } from "../../src/logger";
import { startTandem, type Running } from "../../src/main";
import { actorOf } from "../../src/adapters/teams/activity";
import { launchChromium } from "../support/chromium";
import { demoMatrixVersion5 } from "../support/fixtures";

// Microsoft 365 Agents Playground (pinned devDependency) against a started Tandem, the way the README sends people
// to it: `npm run playground` with Tandem's PORT (here a free one, not 3978), and the Playground's own web client in
// headless Chromium. Every step types into its compose box and clicks the buttons of the cards it renders, so what
// reaches Tandem is what the Playground's client really sends (it drops an Action.Execute whose data has a field
// named "key", for one). One Playground, one browser, one step after another.
// The Playground's WebSockets (internal, undocumented: testing-offline.md section 2) tell where each message went.

const ROOT = path.resolve(__dirname, "../..");
const CARD = "application/vnd.microsoft.card.adaptive";
const WAIT_MS = 30_000;
/** A step waits up to WAIT_MS for each thing it expects; a few of them per step. */
const STEP_MS = 4 * WAIT_MS;

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
  teams: { id: string; channels: { id: string; name: string }[] }[];
}

/** Everything the Playground pushes on its WebSockets: bot messages and its request log. */
interface StreamItem {
  action?: string;
  actionConversationId?: string;
  message?: { id?: string; text?: string; attachments?: { contentType: string; content: unknown }[] };
  logAction?: string;
  log?: { from?: string; to?: string; request?: { url?: string; body?: Partial<Activity> & { name?: string } }; response?: { statusCode?: number; body?: unknown } };
}

/** Version 5 of the demo matrix, in force from the same date as version 4, with one more category. */
function matrixVersion5(): string {
  return demoMatrixVersion5(fs.readFileSync(path.join(ROOT, "prisma/seed/demo-matrix.yaml"), "utf8"));
}

describe("Agents Playground end to end, through its own web client", () => {
  let tandem: Running;
  let playground: ChildProcess;
  let files: http.Server;
  let filesUrl: string;
  let browser: Browser;
  let page: Page;
  let base: string;
  let workDir: string;
  let config: PlaygroundConfig;
  let output = "";
  const stream: StreamItem[] = [];
  const sockets: WebSocket[] = [];
  // Tandem's clock runs with the real one, moved ahead when a step needs a later day (the standup, the QBR).
  let ahead = 0;
  const clock = { now: () => new Date(Date.now() + ahead) };

  beforeAll(async () => {
    // The matrix file an admin imports from a link (a local file server, allowed as the test-only fetch origin).
    files = http.createServer((req, res) => {
      if (req.url === "/matrix-v5.yaml") res.writeHead(200, { "content-type": "application/yaml" }).end(matrixVersion5());
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => files.listen(0, "127.0.0.1", () => r()));
    filesUrl = `http://127.0.0.1:${(files.address() as net.AddressInfo).port}`;

    const env = { PORT: "0", HOST: "127.0.0.1", DATA_DIR: "memory://", NODE_ENV: "development", TEAMS_AUTH: "off", CADENCE_ENABLED: "true", LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent" };
    const tandemConfig = loadConfig(env);
    tandem = await startTandem(tandemConfig, createLogger(tandemConfig.LOG_LEVEL), { clock, fetchOrigins: [filesUrl] });
    // Its log file goes to ./devTools by default: keep it (and anything else it writes) out of the repository.
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-playground-"));
    // The script sets TEAMSAPPTESTER_BROWSER=none (no xdg-open) and no telemetry; its own group, so npm and the
    // Playground stop together.
    playground = spawn("npm", ["run", "--silent", "playground"], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: new URL(tandem.url).port,
        PLAYGROUND_PORT: String(await freePort()),
        M365_AGENTS_PLAYGROUND_LOGFILE: path.join(workDir, "playground.log"),
      },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
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
    config = ((await (await fetch(`${base}/_internal/v1/config`)).json()) as { config: PlaygroundConfig }).config;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.setDefaultTimeout(WAIT_MS);
    await page.goto(base);
  }, 90_000);


  afterAll(async () => {
    await browser?.close();
    for (const socket of sockets) socket.close();
    if (playground?.pid && playground.exitCode === null) {
      const exited = new Promise((r) => playground.once("exit", r));
      process.kill(-playground.pid, "SIGTERM");
      await exited;
    }
    await tandem?.close();
    await new Promise((r) => files?.close(r));
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  async function waitFor<T>(find: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = WAIT_MS): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = await find();
      if (hit !== undefined && hit !== null) return hit;
      if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms; the Playground pushed:\n${JSON.stringify(stream.slice(-20)).slice(0, 4000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** A conversation in the Playground's left-hand list ("Personal Chat", "General"). */
  const open = async (name: string) => {
    await page.getByText(name, { exact: true }).first().click();
    await page.locator("[data-lexical-editor=true][role=textbox]").first().waitFor();
  };

  /** Types into the compose box and sends; in a channel, @mentions Tandem first as people do there. */
  const type = async (text: string, opts: { mention?: boolean } = {}) => {
    const box = page.locator("[data-lexical-editor=true][role=textbox]").first();
    await box.click();
    if (opts.mention) {
      await page.keyboard.type("@Test");
      await page.getByRole("menuitem", { name: "Test Bot" }).click();
      await page.keyboard.type(" ");
    }
    await page.keyboard.type(text);
    if (opts.mention) await page.getByRole("button", { name: "Post", exact: true }).click();
    else await page.keyboard.press("Enter");
  };

  /** The newest card the Playground shows that contains `text`. */
  const card = async (text: string | RegExp): Promise<Locator> => {
    const found = page.locator(".ac-adaptiveCard", { hasText: text }).last();
    await found.waitFor();
    return found;
  };

  /** Clicks a card's button (or an item of its "More options" menu); the invoke the client sent, with Tandem's answer. */
  const press = async (on: Locator, title: string | RegExp): Promise<StreamItem> => {
    const before = stream.length;
    const button = on.getByRole("button", { name: title, exact: true });
    await button.or(on.getByRole("button", { name: "More options" })).first().waitFor();
    if ((await button.count()) > 0) await button.first().click();
    else {
      await on.getByRole("button", { name: "More options" }).last().click();
      await page.getByRole("menuitem", { name: title, exact: true }).click();
    }
    // The click really went out as an invoke, and Tandem answered it.
    const invoke = await waitFor(() => stream.slice(before).find((s) => s.logAction === "appendLog" && s.log?.request?.body?.name === "adaptiveCard/action"), `invoke for "${title}"`);
    expect((invoke.log!.request!.body!.value as { action: { title?: string } }).action.title).toMatch(title);
    expect(invoke.log!.response?.statusCode).toBe(200);
    return invoke;
  };

  /** Clicks a button and waits for the card it answers with. */
  const click = async (on: Locator, title: string | RegExp, expectText: string | RegExp): Promise<Locator> => {
    await press(on, title);
    return card(expectText);
  };

  /** Sends a message the way the client does, without the browser (to make many tickets quickly). */
  const post = async (conversationId: string, text: string) => {
    const before = stream.length;
    const sent = await fetch(`${base}/_conversation/v1/conversations/${encodeURIComponent(conversationId)}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: "text", text, textFormat: "plain", from: { id: config.currentUser.id } }),
    });
    expect(sent.status).toBe(200);
    await waitFor(() => stream.slice(before).find((s) => s.action === "createMessage" && s.message?.attachments?.some((a) => a.contentType === CARD)), `card answering "${text}"`);
  };

  const cardsPostedSince = (before: number, includes: string) =>
    stream.slice(before).find((s) => s.action === "createMessage" && JSON.stringify(s.message?.attachments ?? []).includes(includes));

  test("'help' in the 1:1 chat comes back as Tandem's Adaptive Card, and the Playground's user is a demo admin", async () => {
    await open("Personal Chat");
    await type("help");
    const help = await card("Tandem: who handles what, between internal IT and the MSP");
    expect(await help.innerText()).toContain("Show what I can do");

    // The activity the Playground really sent: its user must be the one the demo seed made an admin.
    const activity = await waitFor(
      () => stream.find((s) => s.logAction === "appendLog" && s.log?.to === "User Application" && s.log.request?.body?.text === "help")?.log?.request?.body,
      "request log of the 'help' activity",
    );
    const actor = actorOf(activity);
    expect(actor.userId).toBe(config.currentUser.aadObjectId);
    const roles = await tandem.turn.tenancy.rolesOf(tandem.config.DEFAULT_CLIENT_ID, actor);
    expect(roles).toEqual(expect.arrayContaining(["admin", "internal-it", "msp-lead"]));
  }, STEP_MS);

  test("who handles -> Open a ticket: the ticket card comes into the same 1:1 chat, and nothing fails on the way", async () => {
    // A question the demo matrix answers outright (not "ask"): this step is about the ticket flow, not routing.
    await type("who handles the scanner by reception that jams on every page?");
    const answer = await card("scanner by reception");
    const before = stream.length;
    const ticket = await click(answer, "Open a ticket", /HL-\d+ · the scanner by reception/);
    // In the 1:1 chat where the button was clicked (a thread id there is refused with 404 by Teams and the Playground).
    const posted = await waitFor(() => cardsPostedSince(before, "scanner by reception that jams"), "ticket card in the chat");
    expect(posted.actionConversationId).toBe(config.personalChat.id);
    const text = await ticket.innerText();
    expect(text).toContain("Alex Wilber"); // the requester, by the name the Playground gives its user
    expect(text).not.toContain(config.currentUser.aadObjectId);
    const row = await tandem.db.prisma.ticket.findFirstOrThrow({ where: { title: "the scanner by reception that jams on every page" } });
    expect(row).toMatchObject({ categoryId: "printers-scanners", requester: "Alex Wilber" });
    expect(await tandem.db.prisma.outboxMessage.count({ where: { status: "failed" } })).toBe(0);

    // ticket card: "Take it" (the Playground's user is internal IT too); the card now names its owner.
    const taken = await click(ticket, "Take it", /took it/);
    expect(await taken.innerText()).toMatch(/HL-\d+ · the scanner by reception/);
  }, STEP_MS);

  test("who-handles 'Not this one' -> the category picker -> a category chosen from the list", async () => {
    await type("who handles a printer that won't print?");
    const answer = await card('"a printer that won\'t print"');
    const picker = await click(answer, "Not this one", "Which category is it?");
    // The three likeliest are buttons; every category is behind "More options" -> "Another category…".
    await picker.getByRole("button", { name: "More options" }).last().click();
    await page.getByRole("menuitem", { name: "Another category…" }).click();
    await picker.getByRole("combobox").click();
    await page.getByRole("option", { name: "Printers & scanners" }).click();
    const chosen = await click(picker, "Use this category", "category picked by");
    expect(await chosen.innerText()).toContain("Printers & scanners");
    expect(await chosen.innerText()).toContain("Alex Wilber");
  }, STEP_MS);

  test("not in the matrix: 'Pick a category' opens the picker", async () => {
    await type("where's the lunch menu?");
    const unknown = await card("The matrix does not name this");
    await click(unknown, "Pick a category", "Which category is it?");
  }, STEP_MS);

  test("ticket list: with more than ten open tickets, 'Next' shows the rest in the same message", async () => {
    for (let i = 0; i < 10; i++) await post(config.personalChat.id, `ticket test printer ${i} out of toner`);
    await type("tickets");
    const list = await card(/Open tickets\s*1–10 of 1[12]/);
    const next = await click(list, /^Next \d+$/, /11\D+\d+ of 1[12]/);
    expect(await next.innerText()).toContain("HL-");
  }, STEP_MS);

  test("the monthly report: 'report' in chat answers with the report card", async () => {
    await type("report");
    const report = await card(/Monthly operations report/);
    expect(await report.innerText()).toContain("Tickets");
  }, STEP_MS);

  test("matrix import from a link: the confirmation card's Apply puts version 5 in force", async () => {
    await type(`matrix import ${filesUrl}/matrix-v5.yaml`);
    const confirm = await card(/version 5/i);
    expect(await confirm.innerText()).toContain("Large-format plotters");
    const applied = await click(confirm, "Apply", /Applied by Alex Wilber: version 5/);
    expect(await applied.getByRole("button", { name: "Apply", exact: true }).count()).toBe(0);
    // Answers now come from version 5: its plotters category is the answer, or the first choice when Tandem is not
    // sure enough to answer outright (printing words also point at the printers category).
    await type("who handles the plotter that smears every large format print?");
    const reply = await card(/smears every large format print/);
    if (/Matrix version 5 · confidence/.test(await reply.innerText())) expect(await reply.innerText()).toContain("Large-format plotters");
    else expect(await reply.getByRole("button").first().innerText()).toBe("Large-format plotters");
  }, STEP_MS);

  test("incident drill in the team channel: 'Acknowledge (MSP)' on the incident card, which names people by name", async () => {
    await open("General");
    await type("incident drill ransomware tabletop exercise", { mention: true });
    const incident = await card("DRILL: SEV 1 - Ransomware");
    const started = await incident.innerText();
    expect(started).toContain("by Alex Wilber");
    expect(started).not.toContain(config.currentUser.aadObjectId);
    const acked = await click(incident, "Acknowledge (MSP)", /MSP acknowledged \(Alex Wilber\)/);
    expect(await acked.getByRole("button", { name: "Acknowledge (MSP)", exact: true }).count()).toBe(0);
  }, STEP_MS);

  test("the weekly standup posted in the channel on Monday: 'Mark held' on its card", async () => {
    const client = tandem.config.DEFAULT_CLIENT_ID;
    // The channel is the client's now (the incident was started there); the cadence runner made its standup.
    await tandem.jobRunner.runDue();
    const standup = await waitFor(async () => (await tandem.db.prisma.schedule.findFirst({ where: { clientId: client, name: "standup" } }))?.nextRunAt ?? undefined, "the standup's next run");
    ahead = standup.getTime() + 20_000 - Date.now();
    const before = stream.length;
    await tandem.jobRunner.runDue();
    await waitFor(() => cardsPostedSince(before, "Weekly standup"), "standup card");
    const card_ = await card("Weekly standup");
    const held = await click(card_, "Mark held", /Held: marked by Alex Wilber/);
    expect(await held.getByRole("button", { name: "Mark held", exact: true }).count()).toBe(0);
  }, STEP_MS);

  test("the QBR reminder in the channel: its calendar button hands out the invitation", async () => {
    const client = tandem.config.DEFAULT_CLIENT_ID;
    const qbrDay = new Date(clock.now().getTime() + 21 * 86_400_000).toISOString().slice(0, 10);
    await type(`schedule set qbr ${qbrDay} lead 14`, { mention: true });
    const qbr = await waitFor(async () => (await tandem.db.prisma.schedule.findFirst({ where: { clientId: client, name: "qbr" } }))?.nextRunAt ?? undefined, "the QBR's reminder");
    ahead = qbr.getTime() + 20_000 - Date.now();
    const before = stream.length;
    await tandem.jobRunner.runDue();
    await waitFor(() => cardsPostedSince(before, "Quarterly business review in 14 days"), "QBR card");
    const reminder = await card("Quarterly business review in 14 days");
    // What is for the clicker alone is the invoke's answer (Teams shows it to them only), not a channel post.
    const before2 = stream.length;
    const answer = JSON.stringify((await press(reminder, "Get the calendar invitation (.ics)")).log!.response!.body);
    expect(answer).toContain(`Calendar invitation for the QBR on ${qbrDay}`);
    expect(answer).toContain("BEGIN:VCALENDAR");
    expect(stream.slice(before2).filter((s) => s.action === "createMessage" && String(s.message?.text ?? "").includes("BEGIN:VCALENDAR"))).toHaveLength(0);
  }, STEP_MS);

  test("escalate in the 1:1 chat: the demo's MSP lead (the Playground's user) is paged by name; Acknowledge on the page's card refreshes it", async () => {
    await open("Personal Chat");
    const before = stream.length;
    await type("escalate the plotter in the drawing office is offline");
    // The new ticket's card carries the page: an @mention of the MSP lead, by name.
    const paged = await waitFor(() => stream.slice(before).find((s) => s.action === "createMessage" && (s.message as { mentions?: unknown[] } | undefined)?.mentions?.length), "the page's @mention");
    const mentions = (paged.message as { mentions: { text: string; mentioned: { id: string; name: string } }[] }).mentions;
    expect(mentions).toEqual([expect.objectContaining({ text: "<at>Alex Wilber</at>", mentioned: expect.objectContaining({ name: "Alex Wilber" }) })]);
    const escalated = await card(/paged Alex Wilber/);
    expect(await escalated.innerText()).not.toContain(config.currentUser.aadObjectId);
    // The page's direct message (the same 1:1 chat here) carries the ticket card too: acknowledged from it, that card
    // shows the acknowledgement and no Acknowledge button.
    const plotter = page.locator(".ac-adaptiveCard", { hasText: "plotter in the drawing office" });
    await waitFor(async () => ((await plotter.count()) >= 2 ? true : undefined), "the page's direct message");
    const dm = plotter.last();
    const answer = await press(dm, "Acknowledge");
    expect(JSON.stringify(answer.log!.response!.body)).toContain("Acknowledged by Alex Wilber");
    await waitFor(async () => ((await dm.getByRole("button", { name: "Acknowledge", exact: true }).count()) === 0 ? true : undefined), "the refreshed card");
  }, STEP_MS);
});
