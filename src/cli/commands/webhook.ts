// `tandem webhook`: the client's PSA webhook (signed POSTs of ticket created/updated/resolved events).
import { UsageError, type CliCommand, type CliIO } from "../command";
import { subcommands } from "../subcommands";
import { settingOff, settingsOf, withDatabase } from "../database";
import { noWords, readFlags } from "../flags";
import { webhookOf } from "../../adapters/webhook/sink";

const EVENTS = ["created", "updated", "resolved"];

const USAGE = `Usage: tandem webhook <command> [options]

  set URL --secret SECRET [--events created,updated,resolved] [--client ID]
        send ticket events to URL as JSON, signed: X-Tandem-Signature: sha256=<HMAC-SHA256 of the body with SECRET>,
        with X-Tandem-Timestamp, X-Tandem-Event and X-Tandem-Delivery headers; failed deliveries are retried
        with backoff from the database
  show [--client ID]   the current webhook (the secret is not printed)
  off [--client ID]    stop sending (off is the default)

--client defaults to DEFAULT_CLIENT_ID (demo).`;

async function set(args: string[], io: CliIO): Promise<number> {
  const f = readFlags(args, { client: "string", secret: "string", events: "string" });
  const url = f.words[0];
  if (f.words.length !== 1 || !url) throw new UsageError(`give the URL to send to`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`"${url}" is not a URL`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new UsageError("the webhook URL must be http:// or https://");
  const secret = f.values.secret;
  if (!secret || secret.length < 16) throw new UsageError("--secret is required: at least 16 characters, shared with the receiver to check signatures");
  const events = f.values.events ? f.values.events.split(",").map((e) => e.trim()).filter(Boolean) : EVENTS;
  const bad = events.filter((e) => !EVENTS.includes(e));
  if (bad.length || events.length === 0) throw new UsageError(`unknown event ${bad.map((b) => `"${b}"`).join(", ")}: use ${EVENTS.join(", ")}`);
  return withDatabase(io.env, async (db, defaultClient) => {
    const clientId = f.values.client ?? defaultClient;
    const settings = { ...(await settingsOf(db, clientId)), webhook: { url, secret, events } };
    await db.prisma.client.update({ where: { id: clientId }, data: { settings } });
    const plain = parsed.protocol === "http:" ? " (plain http: use https outside a test setup)" : "";
    io.stdout(`Client ${clientId} now sends ticket ${events.join(", ")} events to ${url}${plain}.\n`);
    return 0;
  });
}

async function show(args: string[], io: CliIO): Promise<number> {
  const f = readFlags(args, { client: "string" });
  noWords(f.words);
  return withDatabase(io.env, async (db, defaultClient) => {
    const clientId = f.values.client ?? defaultClient;
    const hook = webhookOf(await settingsOf(db, clientId));
    io.stdout(hook ? `Client ${clientId}: ${hook.url} (events: ${(hook.events ?? EVENTS).join(", ")}; secret set)\n` : `Client ${clientId}: no webhook (off).\n`);
    return 0;
  });
}

const off = (args: string[], io: CliIO): Promise<number> => settingOff(args, io, "webhook", "webhook off. Deliveries still queued are dropped.");

export const webhookCommand: CliCommand = {
  name: "webhook",
  summary: "Send ticket events to the client's PSA (signed webhook)",
  usage: USAGE,
  run: subcommands("webhook", { set, show, off }),
};
