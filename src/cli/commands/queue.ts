// The shape `tandem outbox` and `tandem inbox` share: a queue table in the database whose rows have a status,
// listed newest first, whose failed rows can be put back in the queue.
import type { Database } from "../../adapters/db/connect";
import { UsageError, type CliCommand, type CliIO } from "../command";
import { withDatabase } from "../database";
import { subcommands } from "../subcommands";
import { limitOf, noWords, readFlags, table } from "../flags";

/** What `list` asks the table for: rows with this status (or all), newest first. */
export interface QueueQuery {
  where: { status?: string };
  orderBy: { id: "desc" };
  take: number;
}

/** What `retry` asks the table to do: one failed row back to pending, as if it had just arrived. */
export interface QueueRequeue {
  where: { id: bigint; status: "failed" };
  data: { status: "pending"; attempts: 0; availableAt: Date; lastError: null; lockedBy: null };
}

/** The columns both queue tables have. */
export interface QueueRow {
  id: bigint;
  status: string;
  attempts: number;
  platform: string;
  conversation: string;
  lastError: string | null;
}

/** A table's own fields of a row, as `list --json` prints them (between the shared ones and lastError). */
type Details = Record<string, string | number | null>;

/** One row as `list --json` prints it. */
export type Shown<D extends Details> = { id: string; status: string; attempts: number; platform: string; conversation: string } & D & { lastError: string | null };

/** The Prisma model of the queue: what `list` and `retry` ask of it. */
export interface QueueTable<Row> {
  findMany(query: QueueQuery): PromiseLike<Row[]>;
  updateMany(update: QueueRequeue): PromiseLike<{ count: number }>;
}

export interface QueueSpec<Row extends QueueRow, D extends Details> {
  /** The command and the table's name: "outbox". */
  name: string;
  summary: string;
  /** What one row is: "message" (the plural adds an "s"). */
  noun: string;
  statuses: readonly string[];
  /** The paragraph of the help text between the usage lines and the options. */
  about: string;
  table(db: Database): QueueTable<Row>;
  details(row: Row): D;
  /** The table's own columns, between ID, STATUS, TRIES and LAST ERROR, and their cells. */
  columns: string[];
  cells(row: Shown<D>): string[];
}

/** An ISO timestamp as the tables show it: "2026-01-02 03:04:05". */
export const when = (iso: string): string => iso.replace("T", " ").slice(0, 19);

/** `tandem <name> list [--status S] [--limit N] [--json]` and `tandem <name> retry ID...`. */
export function queueCommand<Row extends QueueRow, D extends Details>(spec: QueueSpec<Row, D>): CliCommand {
  const { name, noun, statuses } = spec;
  const nouns = `${noun}s`;
  const Noun = noun[0].toUpperCase() + noun.slice(1);
  const usage = `Usage: tandem ${name} list [--status ${statuses.join("|")}] [--limit N] [--json]
       tandem ${name} retry ID...

${spec.about}

Options:
  --status S   only ${nouns} with this status (default: all)
  --limit N    at most N ${nouns}, newest first (default 50)
  --json       one JSON object per ${noun}, one per line
  -h, --help   show this help

Exit codes: 0 done, 1 database problem or unknown id, 2 bad flag.`;

  async function list(args: string[], io: CliIO): Promise<number> {
    const f = readFlags(args, { status: "string", limit: "string", json: "boolean" });
    noWords(f.words);
    const status = f.values.status;
    if (status !== undefined && !statuses.includes(status)) throw new UsageError(`--status must be one of ${statuses.join(", ")}`);
    const take = limitOf(f.values.limit, "--limit", 50);
    return withDatabase(io.env, async (db) => {
      const rows = await spec.table(db).findMany({ where: status ? { status } : {}, orderBy: { id: "desc" }, take });
      const shown = rows.map((r): Shown<D> => ({
        id: String(r.id),
        status: r.status,
        attempts: r.attempts,
        platform: r.platform,
        conversation: r.conversation,
        ...spec.details(r),
        lastError: r.lastError,
      }));
      if (f.values.json) {
        for (const r of shown) io.stdout(JSON.stringify(r) + "\n");
        return 0;
      }
      if (shown.length === 0) {
        io.stdout(status ? `No ${status} ${nouns} in the ${name}.\n` : `The ${name} is empty.\n`);
        return 0;
      }
      io.stdout(
        table(
          ["ID", "STATUS", "TRIES", ...spec.columns, "LAST ERROR"],
          shown.map((r) => [r.id, r.status, String(r.attempts), ...spec.cells(r), r.lastError ?? ""]),
        ),
      );
      const failed = shown.filter((r) => r.status === "failed").length;
      if (failed) io.stdout(`\n${failed} failed: fix the cause (see LAST ERROR), then "tandem ${name} retry <ID>".\n`);
      return 0;
    });
  }

  async function retry(args: string[], io: CliIO): Promise<number> {
    const ids = readFlags(args, {}).words;
    const bad = ids.find((a) => !/^\d+$/.test(a));
    if (bad) throw new UsageError(`"${bad}" is not an ${name} ${noun} id (a number from "tandem ${name} list")`);
    if (ids.length === 0) throw new UsageError(`give the id of at least one failed ${noun}`);
    return withDatabase(io.env, async (db) => {
      let missing = 0;
      for (const id of ids) {
        const r = await spec.table(db).updateMany({
          where: { id: BigInt(id), status: "failed" },
          data: { status: "pending", attempts: 0, availableAt: new Date(), lastError: null, lockedBy: null },
        });
        if (r.count === 1) io.stdout(`${Noun} ${id} is queued again.\n`);
        else {
          missing++;
          io.stderr(`${Noun} ${id} is not a failed ${noun} (see "tandem ${name} list --status failed").\n`);
        }
      }
      return missing ? 1 : 0;
    });
  }

  return { name, summary: spec.summary, usage, run: subcommands(name, { list, retry }) };
}
