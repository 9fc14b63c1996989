// Profile the full Slack path: node --import tsx test/bench/profile.ts [postgres|pglite] [connections]; CPU profiles land in /tmp/tandem-prof.
import { spawn } from "node:child_process";
import fs from "node:fs";
import { FakeSlackApi } from "../fakes/slack-api";
import { freshPostgres } from "../support/databases";
import { eventEnvelope, mentionEvent, slackSignature, SIGNING_SECRET } from "../support/slack-requests";
import { load } from "./load";
(async () => {
  const slack = await new FakeSlackApi().start();
  const kind = process.argv[2] ?? "postgres";
  const db = kind === "postgres" ? await freshPostgres() : undefined;
  const dir = fs.mkdtempSync("/tmp/tandem-prof-data-");
  fs.rmSync("/tmp/tandem-prof", { recursive: true, force: true });
  const proc = spawn(process.execPath, ["--cpu-prof", "--cpu-prof-dir=/tmp/tandem-prof", "--import", "tsx", "src/main.ts"], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: "39333", HOST: "127.0.0.1", LOG_LEVEL: process.env.LL ?? "info", SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: "xoxb-test", SLACK_API_URL: slack.apiUrl, ...(db ? { DATABASE_URL: db.url! } : { DATA_DIR: dir }) },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (;;) { if (await fetch("http://127.0.0.1:39333/healthz").then((r) => r.ok, () => false)) break; await new Promise((r) => setTimeout(r, 100)); }
  let n = 0;
  console.log(await load({ url: "http://127.0.0.1:39333/slack/events", connections: Number(process.argv[3] ?? 50), seconds: 5, request: () => { const i = ++n; const body = JSON.stringify(eventEnvelope(mentionEvent("help", { channel: `CB${i % 50}`, ts: `1700400000.${i}` }), `EvP${i}`)); return { body, headers: { "content-type": "application/json", ...slackSignature(body) } }; } }));
  proc.kill("SIGTERM");
  await new Promise((r) => proc.on("exit", r));
  await slack.stop(); if (db) await db.drop();
  fs.rmSync(dir, { recursive: true, force: true });
})();
