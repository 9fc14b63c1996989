// `tandem clients ...`: the client companies this deployment serves, and which chat channels belong to which.
import { UsageError, type CliCommand, type CliIO } from "../command";
import { withDatabase } from "../database";
import { subcommands } from "../subcommands";
import { noWords, readFlags, table } from "../flags";

const USAGE = `Usage: tandem clients <command> [options]

  add ID --name "Maple Ridge" [--prefix HL] [--timezone America/Toronto] [--llm on|off]
      add a client company (or rename it); ID is lower-case letters, digits and dashes; --prefix makes ticket keys (HL-42);
      --llm off: never send this client's questions to the language model (ROUTING_LLM_*); on (default) follows it
  link ID --platform slack|teams --channel CHANNEL_ID [--team TEAM_ID]
      the channel belongs to client ID from now on (Slack channel id C..., or the Teams conversation id 19:...@thread...);
      --team: the channel's Slack workspace (T...) or Teams tenant id, whose people count as the client's staff
  list
      every client with its channels

In production (NODE_ENV unset or anything but development) a channel nobody linked sees nothing of any client; in
development mode (NODE_ENV=development, as npm start sets) it belongs to DEFAULT_CLIENT_ID (demo). A client sees only its own matrix, tickets, incidents and schedules.`;

const ID = /^[a-z0-9][a-z0-9-]*$/;

async function add(args: string[], io: CliIO): Promise<number> {
  const f = readFlags(args, { name: "string", prefix: "string", timezone: "string", llm: "string" });
  const [id, ...extra] = f.words;
  if (!id || !ID.test(id)) throw new UsageError(`give the client id first: lower-case letters, digits and dashes`);
  noWords(extra);
  const name = f.values.name;
  if (!name) throw new UsageError(`--name is required`);
  const prefix = f.values.prefix;
  if (prefix !== undefined && !/^[A-Z][A-Z0-9]{0,9}$/.test(prefix)) throw new UsageError(`--prefix must be 1-10 capital letters or digits, e.g. HL`);
  const timezone = f.values.timezone;
  if (timezone !== undefined && !isTimeZone(timezone)) throw new UsageError(`--timezone "${timezone}" is not an IANA time zone (e.g. America/Toronto)`);
  const llm = f.values.llm;
  if (llm !== undefined && llm !== "on" && llm !== "off") throw new UsageError(`--llm must be on or off`);
  return withDatabase(io.env, async (db) => {
    const existing = await db.prisma.client.findUnique({ where: { id } });
    const settings = { ...((existing?.settings ?? {}) as Record<string, unknown>), ...(llm ? { routingLlm: llm === "on" } : {}) };
    const data = { name, settings, ...(prefix ? { ticketPrefix: prefix } : {}), ...(timezone ? { timezone } : {}) };
    await db.prisma.client.upsert({ where: { id }, update: data, create: { id, ...data } });
    io.stdout(`Client ${id} (${name}) is ready. Link its channels with: tandem clients link ${id} --platform slack|teams --channel ID\n`);
    return 0;
  });
}

async function link(args: string[], io: CliIO): Promise<number> {
  const f = readFlags(args, { platform: "string", channel: "string", team: "string" });
  const [id, ...extra] = f.words;
  if (!id) throw new UsageError(`give the client id first`);
  noWords(extra);
  const platform = f.values.platform;
  if (platform !== "slack" && platform !== "teams") throw new UsageError(`--platform must be slack or teams`);
  const channel = f.values.channel;
  if (!channel) throw new UsageError(`--channel is required`);
  // A Teams thread id carries ";messageid=..."; the channel is what comes before it.
  const externalId = channel.split(";")[0];
  return withDatabase(io.env, async (db) => {
    const client = await db.prisma.client.findUnique({ where: { id } });
    if (!client) throw new UsageError(`no client "${id}": add it first with tandem clients add ${id} --name "..."`);
    await db.prisma.channel.upsert({
      where: { platform_externalId: { platform, externalId } },
      update: { clientId: id, ...(f.values.team ? { teamId: f.values.team } : {}) },
      create: { platform, externalId, clientId: id, teamId: f.values.team ?? null },
    });
    io.stdout(`${platform} channel ${externalId} now belongs to ${client.name} (${id}).\n`);
    return 0;
  });
}

async function list(args: string[], io: CliIO): Promise<number> {
  noWords(readFlags(args, {}).words);
  return withDatabase(io.env, async (db) => {
    const clients = await db.prisma.client.findMany({ orderBy: { id: "asc" }, include: { channels: { orderBy: { createdAt: "asc" } } } });
    if (clients.length === 0) io.stdout("No clients yet (tandem clients add ...).\n");
    const llm = (settings: unknown) => ((settings as { routingLlm?: boolean } | null)?.routingLlm === false ? "off" : "follows ROUTING_LLM_ENABLED");
    const rows = clients.map((c) => [c.id, c.name, c.ticketPrefix, c.timezone, c.channels.map((ch) => `${ch.platform}:${ch.externalId}`).join(" ") || "-", llm(c.settings)]);
    if (rows.length) io.stdout(table(["id", "name", "prefix", "time zone", "channels", "language model"], rows));
    return 0;
  });
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const clientsCommand: CliCommand = {
  name: "clients",
  summary: "Add client companies and link their Teams/Slack channels",
  usage: USAGE,
  run: subcommands("clients", { add, link, list }),
};
