// `npm run bench`: Tandem's figures on this machine, one table per section and a summary against the goals.
// Not a test. BENCH_SECONDS (default 5) sets the length of each load run; BENCH_QUICK=1 runs sections (a) and (b)
// only, BENCH_ONLY=e section (e) only.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { FakeSlackApi } from "../fakes/slack-api";
import { FakeBotConnector } from "../fakes/bot-connector";
import { freshPostgres, type TestDatabase } from "../support/databases";
import { eventEnvelope, mentionEvent, slackSignature, SIGNING_SECRET } from "../support/slack-requests";
import { teamsMessage } from "../support/teams-activities";
import { REPO_ROOT, spawnTandem, stopTandem } from "../support/tandem-process";
import { benchRouting } from "./routing";
import { benchReminders } from "./reminders";
import { printStartupGoals, sectionE, type SectionE } from "./section-e";
import { closedLoop, type ClosedLoopResult, type Platform } from "./closed-loop";
import { load, printTable, type LoadResult } from "./load";
import { handledFigures, waitUntilHandled, type HandledFigures } from "./handled";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = [1, 10, 50];

let seq = 0;
/** A signed Slack app_mention "help", unique event id and thread, spread over 50 channels. */
function signedMention(): { body: string; headers: Record<string, string> } {
  const n = ++seq;
  const body = JSON.stringify(eventEnvelope(mentionEvent("help", { channel: `CB${n % 50}`, ts: `1700400000.${String(n).padStart(6, "0")}` }), `EvBench${n}`));
  return { body, headers: { "content-type": "application/json", ...slackSignature(body) } };
}

/** A Teams "help" in one of 50 1:1 chats (as Slack's 50 channels: turns are in order per conversation), unique id. */
let teamsSeq = 0;
function teamsHelp(serviceUrl: string): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({ ...teamsMessage("help", { serviceUrl, personal: true, conversationId: `a:personal-bench-${++teamsSeq % 50}` }), id: randomUUID() });
  return { body, headers: { "content-type": "application/json" } };
}

async function runAll(url: string, request: () => { body: string; headers: Record<string, string> }): Promise<LoadResult[]> {
  const out: LoadResult[] = [];
  for (const connections of CONCURRENCY) out.push(await load({ url, connections, seconds: SECONDS, request }));
  return out;
}

async function echoServer(kind: "bolt" | "teams", slackApi = ""): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, ["--import", "tsx", "test/bench/echo-servers.ts", kind, slackApi], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve, reject) => {
    let buf = "";
    proc.stdout!.on("data", (c) => {
      buf += c;
      const m = /listening (\S+)/.exec(buf);
      if (m) resolve(m[1]);
    });
    proc.on("exit", (code) => reject(new Error(`${kind} echo exited ${code}`)));
  });
  return { url, proc };
}

const row = (name: string, r: LoadResult) => ({
  server: name,
  conns: r.connections,
  "req/s": r.rps,
  "p50 ms": r.p50,
  "p99 ms": r.p99,
  requests: r.requests,
  "non-2xx": r.non2xx,
  errors: r.errors,
  "> 3 s": r.over3s,
});

async function main(): Promise<void> {
  const started = Date.now();
  console.log(`# Tandem benchmark  (${os.cpus().length} CPU ${os.cpus()[0]?.model ?? ""}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(1)).join(" ")})`);
  console.log(`Each load run: ${SECONDS} s per concurrency level, autocannon in this process, servers in child processes.`);
  // BENCH_ONLY=e: start-up and memory only (section e).
  if (process.env.BENCH_ONLY === "e") return printStartupGoals(await sectionE());
  const slack = await new FakeSlackApi().start();
  // The bench measures Tandem's own throughput, dozens of replies per Slack channel a second: Slack's per-channel
  // pace (1 post a second, pacing.test.ts) is raised below and the fake takes any rate, as before pacing existed.
  slack.rateLimits = false;
  const connector = await new FakeBotConnector().start();

  // (a) Bare frameworks; then, closed loop, request to reply at the fake platform (b3 compares them).
  const loops: Loops = {};
  const loopsOf = async (name: string, base: string, platform: Platform) => {
    const fake = platform === "slack" ? slack : connector;
    const common = { url: base, platform, fake, serviceUrl: connector.serviceUrl, seconds: SECONDS };
    loops[name] = {
      quiet: await closedLoop({ ...common, clients: 1, pauseMs: 200, label: `${name.replace(/\W/g, "")}q` }),
      steady: await closedLoop({ ...common, clients: 50, label: `${name.replace(/\W/g, "")}s` }),
    };
  };
  const bolt = await echoServer("bolt", slack.apiUrl);
  const boltRuns = await runAll(bolt.url, signedMention);
  await loopsOf("Bolt echo", bolt.url.replace(/\/slack\/events$/, ""), "slack");
  bolt.proc.kill("SIGKILL");
  const teams = await echoServer("teams");
  const teamsRuns = await runAll(teams.url, () => teamsHelp(connector.serviceUrl));
  await loopsOf("CloudAdapter echo", teams.url.replace(/\/api\/messages$/, ""), "teams");
  teams.proc.kill("SIGKILL");
  printTable("(a) Bare framework echo (Bolt HTTPReceiver: ack then say; CloudAdapter + express: reply inside the turn)", [
    ...boltRuns.map((r) => row("Bolt echo", r)),
    ...teamsRuns.map((r) => row("CloudAdapter echo", r)),
  ]);

  // (b) Tandem's full path on both databases: the answer Slack gets (event stored), then the turn (reply queued).
  const tandemRuns: Record<string, LoadResult[]> = {};
  const handled: Record<string, HandledFigures[]> = {};
  const teamsTandem: Record<string, { runs: LoadResult[]; handled: HandledFigures[] }> = {};
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-bench-"));
  let pgdb: TestDatabase | undefined;
  try {
    for (const kind of ["pglite", "postgres"] as const) {
      pgdb = kind === "postgres" ? await freshPostgres() : undefined;
      const env: Record<string, string> = { TEAMS_AUTH: "off", SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: "xoxb-test", SLACK_API_URL: slack.apiUrl, REPLICA_ID: `bench-${kind}`, OUTBOX_PACE_SLACK: "100000/1s" };
      if (pgdb) env.DATABASE_URL = pgdb.url!;
      else env.DATA_DIR = dataDir;
      const t = await spawnTandem(env);
      t.proc.stdout!.removeAllListeners("data"); // do not keep request log lines in memory
      t.proc.stdout!.resume();
      const runs: LoadResult[] = [];
      const windows: { from: number; to: number; platform: string }[] = [];
      const measure = async (platform: string, run: () => Promise<LoadResult>) => {
        const from = Date.now();
        const r = await run();
        await waitUntilHandled(t.url);
        windows.push({ from: from - 1000, to: Date.now(), platform });
        await new Promise((res) => setTimeout(res, 1100)); // windows must not overlap
        return r;
      };
      for (const connections of CONCURRENCY) runs.push(await measure("slack", () => load({ url: `${t.url}/slack/events`, connections, seconds: SECONDS, request: signedMention })));
      // Teams message activities (auth off, as the echo), at the same concurrency levels as the echo (which also
      // warms it up before 50): the same inbox, through CloudAdapter.
      const teamsRunsOf: LoadResult[] = [];
      for (const connections of CONCURRENCY) teamsRunsOf.push(await measure("teams", () => load({ url: `${t.url}/api/messages`, connections, seconds: SECONDS, request: () => teamsHelp(connector.serviceUrl) })));
      tandemRuns[kind] = runs;
      await new Promise((res) => setTimeout(res, 1100)); // the closed loops' events stay out of the windows above
      await loopsOf(`Tandem Slack, ${kind === "pglite" ? "PGlite" : "PostgreSQL"}`, t.url, "slack");
      await loopsOf(`Tandem Teams, ${kind === "pglite" ? "PGlite" : "PostgreSQL"}`, t.url, "teams");
      await stopTandem(t);
      const figures = await handledFigures(pgdb ? { url: pgdb.url } : { dataDir }, windows);
      handled[kind] = figures.slice(0, CONCURRENCY.length);
      teamsTandem[kind] = { runs: teamsRunsOf, handled: figures.slice(CONCURRENCY.length) };
      if (pgdb) await pgdb.drop();
      pgdb = undefined;
    }
  } finally {
    if (pgdb) await pgdb.drop().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  printTable("(b1) Tandem, what Slack and Teams wait for: signed Slack app_mention 'help' (Teams: a 'help' activity in one of 50 1:1 chats) -> signature (Teams: CloudAdapter) -> event stored in the inbox -> 200", [
    ...tandemRuns.pglite.map((r) => row("Tandem, PGlite", r)),
    ...tandemRuns.postgres.map((r) => row("Tandem, PostgreSQL", r)),
    ...teamsTandem.pglite.runs.map((r) => row("Tandem Teams, PGlite", r)),
    ...teamsTandem.postgres.runs.map((r) => row("Tandem Teams, PostgreSQL", r)),
  ]);
  const handledRow = (name: string, runs: LoadResult[], figures: HandledFigures[]) =>
    figures.map((f, i) => ({ server: name, conns: runs[i].connections, "events stored": runs[i].requests, "events handled": f.events, "handled/s": f.handledPerSecond, "stored->reply queued p50 ms": f.p50, "p99 ms": f.p99, "max ms": f.max }));
  printTable("(b2) Tandem, the turn after the 200: stored event -> route -> database writes -> reply queued in the outbox (same runs)", [
    ...handledRow("Tandem, PGlite", tandemRuns.pglite, handled.pglite),
    ...handledRow("Tandem, PostgreSQL", tandemRuns.postgres, handled.postgres),
    ...handledRow("Tandem Teams, PGlite", teamsTandem.pglite.runs, teamsTandem.pglite.handled),
    ...handledRow("Tandem Teams, PostgreSQL", teamsTandem.postgres.runs, teamsTandem.postgres.handled),
  ]);
  printTable("(b3) Closed loop, judged at the fake platform: each client sends one message and waits for the reply to reach the fake Slack Web API / Bot Connector (quiet channel: 1 client, 200 ms between messages; steady state: 50 clients, each on its own conversations)", Object.entries(loops).flatMap(([server, l]) =>
    [["quiet channel", l.quiet], ["steady state", l.steady]].map(([what, r]) => {
      const x = r as ClosedLoopResult;
      return { server, run: what as string, clients: x.clients, "replies/s": x.perSecond, "request->reply p50 ms": x.p50, "p95 ms": x.p95, "p99 ms": x.p99, replies: x.replies, failed: x.failed };
    }),
  ));
  await slack.stop();
  await connector.stop();

  const measured: Measured = { boltRuns, teamsRuns, tandemRuns, handled, teamsTandem, loops };
  if (process.env.BENCH_QUICK) return summary(measured, undefined, started);

  // (c) Who handles: decision latency.
  const routing = await benchRouting();
  printTable(
    "(c) 'Who handles' decision latency (routeQuestion, in process; goal p99 <= 5 ms at 500 categories)",
    routing.map((r) => ({ set: r.set, categories: r.categories, "p50 @matrix": r[`p50 @${r.categories}`], "p99 @matrix": r[`p99 @${r.categories}`], "p50 @500": r["p50 @500"], "p99 @500": r["p99 @500"], "cpu p99 @500": r["cpu p99 @500"], "goal p99 @500": r["goal p99 <= 5 ms @500"], "index build @500": r["index build @500"], "knowledge load": r["knowledge load (once per process)"], "top-1": r["top-1 (in scope)"] })),
  );

  // (d) Reminders.
  const rem = await benchReminders(10_000, 3, 1000);
  printTable("(d) Reminders: 10 000 timers due at the same second, 3 JobRunner replicas, one PostgreSQL database (poll 1 s)", [
    { timers: rem.jobs, replicas: rem.replicas, "all fired after ms": rem.drainMs, "delay p50 ms": rem.p50, "delay p99 ms": rem.p99, "delay max ms": rem.max, "fired by replica": rem.perReplica, duplicates: rem.duplicates, missing: rem.missing },
  ]);

  // (e) Cold start and idle memory.
  const e = await sectionE();

  summary(measured, rem, started, e);
}

type Loops = Record<string, { quiet: ClosedLoopResult; steady: ClosedLoopResult }>;

interface Measured {
  loops: Loops;
  boltRuns: LoadResult[];
  teamsRuns: LoadResult[];
  tandemRuns: Record<string, LoadResult[]>;
  handled: Record<string, HandledFigures[]>;
  teamsTandem: Record<string, { runs: LoadResult[]; handled: HandledFigures[] }>;
}

function summary(m: Measured, rem: Awaited<ReturnType<typeof benchReminders>> | undefined, started: number, e?: SectionE): void {
  const at50 = (rs: LoadResult[]) => rs.find((r) => r.connections === 50)!;
  const goals: Record<string, string | number>[] = [];
  const paths = Object.keys(m.tandemRuns).flatMap((kind) => [
    { path: "slack", kind, runs: m.tandemRuns[kind], h: m.handled[kind][m.tandemRuns[kind].indexOf(at50(m.tandemRuns[kind]))], bare: at50(m.boltRuns).rps, bareName: "Bolt" },
    { path: "teams", kind, runs: m.teamsTandem[kind].runs, h: m.teamsTandem[kind].handled[m.teamsTandem[kind].runs.indexOf(at50(m.teamsTandem[kind].runs))], bare: at50(m.teamsRuns).rps, bareName: "CloudAdapter" },
  ]);
  for (const { path: via, kind, runs, h, bare, bareName } of paths) {
    const r = at50(runs);
    const share = Math.round((100 * r.rps) / bare);
    const late = runs.reduce((s, x) => s + x.over3s + x.errors, 0);
    const loop = m.loops[`Tandem ${via === "slack" ? "Slack" : "Teams"}, ${kind === "pglite" ? "PGlite" : "PostgreSQL"}`];
    const echoLoop = m.loops[`${bareName === "Bolt" ? "Bolt" : "CloudAdapter"} echo`];
    goals.push({ path: `${via}, ${kind}`, "req/s @50": r.rps, "bare echo @50": `${bare} (${bareName})`, "share (goal >= 50 %)": `${share} % ${share >= 50 ? "met" : "NOT met"}`, "p99 @50 (goal <= 100 ms)": `${r.p99} ms ${r.p99 <= 100 ? "met" : "NOT met"}`, "answered after 3 s or not at all (goal 0)": `${late} ${late === 0 ? "met" : "NOT met"}`, "turns handled/s @50": h.handledPerSecond, "stored->reply queued p99 @50": `${h.p99} ms`, "turns/s steady state (reply at the platform)": `${loop?.steady.perSecond} (echo ${echoLoop?.steady.perSecond})`, "quiet channel reply p50/p95": `${loop?.quiet.p50}/${loop?.quiet.p95} ms` });
  }
  printTable("Summary against the goals (what Slack/Teams wait for vs the bare framework echo, 50 concurrent; the turns that follow, same run)", goals);
  if (e) printStartupGoals(e);
  if (rem) printTable("Reminders against the goals", [{ duplicates: `${rem.duplicates} (goal 0) ${rem.duplicates === 0 ? "met" : "NOT met"}`, missing: `${rem.missing} (goal 0) ${rem.missing === 0 ? "met" : "NOT met"}` }]);
  console.log(`\nTotal bench time ${Math.round((Date.now() - started) / 1000)} s.`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
