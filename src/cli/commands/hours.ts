// `tandem hours`: the client's prepaid MSP block hours (buy, see the balance, set the warning line).
import { UsageError, type CliCommand, type CliIO } from "../command";
import { withDatabase } from "../database";
import { readFlags } from "../flags";
import { PrismaHourBank } from "../../adapters/db/hours-repo";
import { hourBalance, percentLeft, warnPercent } from "../../core/tickets/block-hours";
import { formatMinutes } from "../../core/duration";
import type { Prisma } from "../../adapters/db/connect";

const USAGE = `Usage: tandem hours [command] [options]

  (no command) [--client ID]      the balance, the current block and the latest movements
  add HOURS [--note TEXT] [--client ID]
                                  record a purchase of block hours (e.g. 20 or 7.5)
  warn PERCENT [--client ID]      warn in the channel when this share of the block is left (default 20)

MSP time logged on tickets ("log 30m HL-42" or the Log time button) draws the bank down.
--client defaults to DEFAULT_CLIENT_ID (demo).`;

async function ensureClient(prisma: Prisma, clientId: string): Promise<void> {
  await prisma.client.upsert({ where: { id: clientId }, update: {}, create: { id: clientId, name: clientId } });
}

async function show(args: string[], io: CliIO): Promise<number> {
  const f = readFlags(args, { client: "string" });
  if (f.words.length) throw new UsageError(`unknown hours command "${f.words[0]}": say add or warn, or nothing for the balance`);
  return withDatabase(io.env, async (db, defaultClient) => {
    const clientId = f.values.client ?? defaultClient;
    const entries = await new PrismaHourBank(db.prisma).entries(clientId);
    if (entries.length === 0) {
      io.stdout(`No block hours recorded for client ${clientId}. Add some with: tandem hours add 20 --client ${clientId}\n`);
      return 0;
    }
    const b = hourBalance(entries);
    const client = await db.prisma.client.findUnique({ where: { id: clientId } });
    const percent = warnPercent((client?.settings as { blockHoursWarnPercent?: unknown } | null)?.blockHoursWarnPercent);
    io.stdout(`Client ${clientId}: ${formatMinutes(b.left)} left of the current block of ${formatMinutes(b.block)} (${percentLeft(b)}%; warning at ${percent}%)\n`);
    for (const e of entries.slice(-10).reverse()) {
      io.stdout(`  ${e.at.toISOString().slice(0, 16).replace("T", " ")}  ${(e.minutes > 0 ? "+" : "") + formatMinutes(e.minutes)}  ${e.note ?? ""}${e.actor ? ` (${e.actor})` : ""}\n`);
    }
    return 0;
  });
}

async function add(args: string[], io: CliIO): Promise<number> {
  const f = readFlags(args, { client: "string", note: "string" });
  const hours = Number(f.words[0]);
  if (f.words.length !== 1 || !Number.isFinite(hours) || hours <= 0 || hours > 10_000) {
    throw new UsageError(`say how many hours were bought, e.g. "tandem hours add 20"`);
  }
  return withDatabase(io.env, async (db, defaultClient) => {
    const clientId = f.values.client ?? defaultClient;
    await ensureClient(db.prisma, clientId);
    const bank = new PrismaHourBank(db.prisma);
    const { after } = await bank.record(clientId, { minutes: Math.round(hours * 60), note: f.values.note ?? "block hours bought", ticketId: null, actor: "tandem hours add", at: new Date() });
    const b = hourBalance(after);
    io.stdout(`Added ${formatMinutes(Math.round(hours * 60))} to client ${clientId}: ${formatMinutes(b.left)} left.\n`);
    return 0;
  });
}

async function warn(args: string[], io: CliIO): Promise<number> {
  const f = readFlags(args, { client: "string" });
  const percent = Number(f.words[0]);
  if (f.words.length !== 1 || !Number.isInteger(percent) || percent < 0 || percent > 100) {
    throw new UsageError(`say the warning line as a whole percent from 0 to 100, e.g. "tandem hours warn 25"`);
  }
  return withDatabase(io.env, async (db, defaultClient) => {
    const clientId = f.values.client ?? defaultClient;
    await ensureClient(db.prisma, clientId);
    const row = await db.prisma.client.findUniqueOrThrow({ where: { id: clientId } });
    const settings = { ...((row.settings as object | null) ?? {}), blockHoursWarnPercent: percent };
    await db.prisma.client.update({ where: { id: clientId }, data: { settings } });
    io.stdout(`Client ${clientId} is warned when ${percent}% of the block hours are left.\n`);
    return 0;
  });
}

export const hoursCommand: CliCommand = {
  name: "hours",
  summary: "MSP block hours: balance, purchases, warning line",
  usage: USAGE,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === "add") return add(rest, io);
    if (sub === "warn") return warn(rest, io);
    return show(args, io);
  },
};
