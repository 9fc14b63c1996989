// `tandem schedule ...`: the same verbs as the chat command, for the operator (no role check on the server).
import { UsageError, type CliCommand } from "../command";
import { withDatabase } from "../database";
import { readFlags } from "../flags";
import { SCHEDULE_USAGE, SCHEDULE_VERBS, runScheduleCommand } from "../../core/schedules/schedule-admin";
import { wakeForChange } from "../../core/schedules/feature";
import { PrismaScheduleStore } from "../../adapters/db/schedule-repo";
import { JobQueue } from "../../adapters/scheduler/jobs";

const USAGE = `Usage: tandem schedule <verb> [phrase or name] [--client ID]

Verbs: ${SCHEDULE_VERBS.join(", ")}. Examples:
${SCHEDULE_USAGE.split("\n").map((l) => (l.startsWith("schedule ") ? `  tandem ${l}` : `  ${l}`)).join("\n")}

Times are read in the client's time zone; occurrences on a weekend or holiday of the client's matrix move to the
next business day. --client defaults to DEFAULT_CLIENT_ID (demo). A running Tandem picks changes up within minutes.`;

/** Re-quote words the shell split out of quotes ("0 16 * * fri"), so the phrase reads as typed. */
const phrase = (words: string[]) => words.map((w) => (/\s/.test(w) ? `'${w.replace(/'/g, "")}'` : w)).join(" ");

export const scheduleCommand: CliCommand = {
  name: "schedule",
  summary: "List or change the standup, monthly report, QBR and custom reminders",
  usage: USAGE,
  async run(args, io) {
    const f = readFlags(args, { client: "string" });
    const verb = (f.words[0] ?? "list").toLowerCase();
    if (!(SCHEDULE_VERBS as readonly string[]).includes(verb) && verb !== "skip") throw new UsageError(`unknown verb "${verb}": use ${SCHEDULE_VERBS.join(", ")}`);
    return withDatabase(io.env, async (db, defaultClient) => {
      const clientId = f.values.client ?? defaultClient;
      const client = await db.prisma.client.findUnique({ where: { id: clientId } });
      if (!client) {
        io.stderr(`tandem schedule: there is no client "${clientId}" (start Tandem once, or import a matrix with tandem matrix import).\n`);
        return 1;
      }
      const now = new Date();
      const store = new PrismaScheduleStore(db.prisma);
      const result = await runScheduleCommand({ store, clientId, clientName: client.name, now }, phrase(f.words));
      await wakeForChange(new JobQueue(db.prisma), result.changed, now);
      io.stdout(`${result.text}\n`);
      return 0;
    });
  },
};
