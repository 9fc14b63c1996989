// `tandem outbox`: what is waiting to be sent, and what Tandem gave up on (and why).
import { UsageError, type CliCommand, type CliIO } from "../command";
import { withDatabase } from "../database";
import { subcommands } from "../subcommands";
import { readFlags, table } from "./flags";

const STATUSES = ["pending", "sending", "sent", "failed"] as const;

const USAGE = `Usage: tandem outbox list [--status pending|sending|sent|failed] [--limit N] [--json]
       tandem outbox retry ID...

Every chat message Tandem sends goes through the outbox in the database. A message that still failed after
every retry is marked failed with the last error; "retry" puts such messages back in the queue.

Options:
  --status S   only messages with this status (default: all)
  --limit N    at most N messages, newest first (default 50)
  --json       one JSON object per message, one per line
  -h, --help   show this help

Exit codes: 0 done, 1 database problem or unknown id, 2 bad flag.`;

export const outboxCommand: CliCommand = {
  name: "outbox",
  summary: "List outgoing chat messages (pending, failed, ...) and retry failed ones",
  usage: USAGE,
  run: subcommands("outbox", { list, retry }),
};

async function list(args: string[], io: CliIO): Promise<number> {
  const f = readFlags(args, { values: ["--status", "--limit"], switches: ["--json"] });
  if (f.words.length) throw new UsageError(`unexpected "${f.words[0]}"`);
  const status = f.values["--status"];
  if (status !== undefined && !(STATUSES as readonly string[]).includes(status)) throw new UsageError(`--status must be one of ${STATUSES.join(", ")}`);
  const limit = f.limit("--limit", 50);
  return withDatabase(io.env, async (db) => {
    const rows = await db.prisma.outboxMessage.findMany({ where: status ? { status } : {}, orderBy: { id: "desc" }, take: limit });
    const shown = rows.map((r) => ({
      id: String(r.id),
      status: r.status,
      attempts: r.attempts,
      platform: r.platform,
      conversation: r.conversation,
      op: r.op,
      createdAt: r.createdAt.toISOString(),
      sentAt: r.sentAt?.toISOString() ?? null,
      lastError: r.lastError,
    }));
    if (f.switches.has("--json")) {
      for (const r of shown) io.stdout(JSON.stringify(r) + "\n");
      return 0;
    }
    if (shown.length === 0) {
      io.stdout(status ? `No ${status} messages in the outbox.\n` : "The outbox is empty.\n");
      return 0;
    }
    io.stdout(
      table(
        ["ID", "STATUS", "TRIES", "CONVERSATION", "OP", "CREATED", "LAST ERROR"],
        shown.map((r) => [r.id, r.status, String(r.attempts), r.conversation, r.op, r.createdAt.replace("T", " ").slice(0, 19), r.lastError ?? ""]),
      ),
    );
    const failed = shown.filter((r) => r.status === "failed").length;
    if (failed) io.stdout(`\n${failed} failed: fix the cause (see LAST ERROR), then "tandem outbox retry <ID>".\n`);
    return 0;
  });
}

async function retry(args: string[], io: CliIO): Promise<number> {
  const ids = args.filter((a) => !a.startsWith("-"));
  const bad = args.find((a) => a.startsWith("-") || !/^\d+$/.test(a));
  if (bad) throw new UsageError(`"${bad}" is not an outbox message id (a number from "tandem outbox list")`);
  if (ids.length === 0) throw new UsageError("give the id of at least one failed message");
  return withDatabase(io.env, async (db) => {
    let missing = 0;
    for (const id of ids) {
      const r = await db.prisma.outboxMessage.updateMany({
        where: { id: BigInt(id), status: "failed" },
        data: { status: "pending", attempts: 0, availableAt: new Date(), lastError: null, lockedBy: null },
      });
      if (r.count === 1) io.stdout(`Message ${id} is queued again.\n`);
      else {
        missing++;
        io.stderr(`Message ${id} is not a failed message (see "tandem outbox list --status failed").\n`);
      }
    }
    return missing ? 1 : 0;
  });
}
