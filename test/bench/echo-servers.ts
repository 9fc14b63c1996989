// Bare-framework echo servers for the benchmark baseline, run in a child process:
//   node --import tsx test/bench/echo-servers.ts bolt <slack api url>
//   node --import tsx test/bench/echo-servers.ts teams
// Each prints "listening <url>" once ready.
import { App, HTTPReceiver, LogLevel } from "@slack/bolt";
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from "botbuilder";
import express from "express";

const [kind, slackApi] = process.argv.slice(2);

async function bolt(): Promise<string> {
  const receiver = new HTTPReceiver({ signingSecret: "test-signing-secret", logLevel: LogLevel.ERROR });
  const app = new App({ token: "xoxb-test", receiver, clientOptions: { slackApiUrl: slackApi }, logLevel: LogLevel.ERROR });
  // The usual Bolt echo: ack at once (the default), reply with say() after.
  app.event("app_mention", async ({ event, say }) => {
    await say({ text: `echo: ${event.text}`, thread_ts: event.ts });
  });
  const server = (await app.start({ port: 0, host: "127.0.0.1" } as never)) as unknown as import("http").Server;
  const addr = server.address() as import("net").AddressInfo;
  return `http://127.0.0.1:${addr.port}/slack/events`;
}

async function teams(): Promise<string> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const server = express();
  server.use(express.json());
  server.post("/api/messages", async (req, res) => {
    await adapter.process(req, res, async (ctx) => {
      if (ctx.activity.type === "message") await ctx.sendActivity(`echo: ${ctx.activity.text}`);
    });
  });
  const listener = server.listen(0, "127.0.0.1");
  await new Promise((r) => listener.once("listening", r));
  return `http://127.0.0.1:${(listener.address() as import("net").AddressInfo).port}/api/messages`;
}

(kind === "bolt" ? bolt() : teams()).then(
  (url) => console.log(`listening ${url}`),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
