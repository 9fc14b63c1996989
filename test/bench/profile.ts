// Profile the full Slack path: node --import tsx test/bench/profile.ts [postgres|pglite] [connections]; CPU profiles land in <tmpdir>/tandem-prof.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { FakeSlackApi } from "../fakes/slack-api";
import { freshPostgres } from "../support/databases";
import { eventEnvelope, mentionEvent, slackSignature, SIGNING_SECRET } from "../support/slack-requests";
import { load } from "./load";
import { waitUntilHandled } from "./handled";
(async () => {
  const slack = await new FakeSlackApi().start();
  slack.rateLimits = false; // a profile of Tandem under load, not of Slack's per-channel pace (raised below too)
  const kind = process.argv[2] ?? "postgres";
  const db = kind === "postgres" ? await freshPostgres() : undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-prof-data-"));
  const profDir = path.join(os.tmpdir(), "tandem-prof");
  fs.rmSync(profDir, { recursive: true, force: true });
  const proc = spawn(process.execPath, ["--cpu-prof", `--cpu-prof-dir=${profDir}`, "--import", "tsx", "src/main.ts"], {
    env: { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => /^(INBOX_|OUTBOX_|JOBS_)/.test(k))), PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "development", PORT: "39333", HOST: "127.0.0.1", LOG_LEVEL: process.env.LL ?? "info", OUTBOX_PACE_SLACK: process.env.OUTBOX_PACE_SLACK ?? "100000/1s", SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: "xoxb-test", SLACK_API_URL: slack.apiUrl, ...(db ? { DATABASE_URL: db.url! } : { DATA_DIR: dir }) },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (;;) { if (await fetch("http://127.0.0.1:39333/healthz").then((r) => r.ok, () => false)) break; await new Promise((r) => setTimeout(r, 100)); }
  let n = 0;
  // PROFILE_LOAD_ONLY=1: stop Tandem just before the load ends, so the profile holds the load and not what follows.
  if (process.env.PROFILE_LOAD_ONLY) setTimeout(() => proc.kill("SIGTERM"), 4_900);
  console.log(await load({ url: "http://127.0.0.1:39333/slack/events", connections: Number(process.argv[3] ?? 50), seconds: 5, request: () => { const i = ++n; const body = JSON.stringify(eventEnvelope(mentionEvent("help", { channel: `CB${i % 50}`, ts: `1700400000.${i}` }), `EvP${i}`)); return { body, headers: { "content-type": "application/json", ...slackSignature(body) } }; } }));
  // PROFILE_TURNS=1: let Tandem handle every stored event first, so the profile ends with the turns after the load.
  if (process.env.PROFILE_TURNS) console.log("turns drained after ms", await waitUntilHandled("http://127.0.0.1:39333"));
  proc.kill("SIGTERM");
  if (proc.exitCode === null) await new Promise((r) => proc.on("exit", r));
  await slack.stop(); if (db) await db.drop();
  fs.rmSync(dir, { recursive: true, force: true });
})();
