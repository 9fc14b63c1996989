// `tandem incidents list|export`: incidents and drills of a client, and the post-incident summary as Markdown.
import { UsageError, type CliCommand, type CliIO } from "../command";
import { withDatabase } from "../database";
import { noWords, readFlags, table } from "../flags";
import { subcommands } from "../subcommands";
import { PrismaIncidentStore } from "../../adapters/db/incident-repo";
import { formatMinutes } from "../../core/duration";
import { minutesBetween } from "../../core/incidents/incident-model";
import { incidentSummary, summaryMarkdown } from "../../core/incidents/summary";
import { clientZone, cliTime, UTC_HELP } from "../times";

const USAGE = `Usage: tandem incidents list [--client ID] [--open] [--drills] [--json] [--utc]
       tandem incidents export ID [--client ID] [--utc]

  list     incidents and drills, newest first, with status, duration and time to acknowledge; the last
           finished drill is named at the end (the QBR asks for it)
  export   the post-incident (or drill) summary as Markdown on stdout: duration, time to acknowledge, steps
           done and skipped, approvals, missed deadlines and the whole timeline. ID is IR-3 or 3.
           Times are in the client's time zone, each with its zone's name.

Options:
  --client ID  the client (default: DEFAULT_CLIENT_ID, "demo")
  --open       only incidents not resolved yet
  --drills     only drills
  --json       one JSON object per incident, one per line
${UTC_HELP}
  -h, --help   show this help

Exit codes: 0 done, 1 unknown incident (or a database problem), 2 bad flag.`;

export const incidentsCommand: CliCommand = {
  name: "incidents",
  summary: "List incidents and drills; export a post-incident summary as Markdown",
  usage: USAGE,
  run: subcommands("incidents", {
    list: async (args, io) => {
      const f = readFlags(args, { client: "string", open: "boolean", drills: "boolean", json: "boolean", utc: "boolean" });
      noWords(f.words);
      return list(f.values.client, { open: !!f.values.open, drills: !!f.values.drills, json: !!f.values.json, utc: !!f.values.utc }, io);
    },
    export: async (args, io) => {
      const f = readFlags(args, { client: "string", utc: "boolean" });
      if (f.words.length !== 1) throw new UsageError("export needs one incident id, like IR-3");
      return exportOne(f.words[0], f.values.client, !!f.values.utc, io);
    },
  }),
};

async function list(clientArg: string | undefined, opts: { open: boolean; drills: boolean; json: boolean; utc: boolean }, io: CliIO): Promise<number> {
  return withDatabase(io.env, async (db, defaultClient) => {
    const clientId = clientArg ?? defaultClient;
    const store = new PrismaIncidentStore(db.prisma);
    const records = await store.list(clientId, { openOnly: opts.open, ...(opts.drills ? { drill: true } : {}) });
    const now = new Date();
    const rows = records.map(({ state: s }) => ({
      id: s.id,
      drill: s.drill,
      playbook: s.playbook.id,
      status: s.status,
      startedAt: s.startedAt,
      resolvedAt: s.resolvedAt,
      durationMinutes: minutesBetween(s.startedAt, s.resolvedAt ?? now),
      timeToAcknowledgeMinutes: s.acknowledgedAt ? minutesBetween(s.startedAt, s.acknowledgedAt) : null,
      ticket: s.ticketId,
      summary: s.summary,
    }));
    if (opts.json) {
      for (const r of rows) io.stdout(JSON.stringify(r) + "\n");
      return 0;
    }
    if (rows.length === 0) {
      io.stdout(`No incidents for client "${clientId}".\n`);
      return 0;
    }
    const zone = await clientZone(db.prisma, clientId);
    io.stdout(
      table(
        ["ID", "KIND", "PLAYBOOK", "STATUS", "STARTED", "DURATION", "ACK", "SUMMARY"],
        rows.map((r) => [
          r.id,
          r.drill ? "drill" : "incident",
          r.playbook,
          r.status,
          cliTime(new Date(r.startedAt), zone, opts.utc),
          formatMinutes(r.durationMinutes),
          r.timeToAcknowledgeMinutes === null ? "-" : formatMinutes(r.timeToAcknowledgeMinutes),
          r.summary,
        ]),
      ),
    );
    const drill = await store.lastDrill(clientId);
    io.stdout(drill ? `Last finished drill: ${drill.ref} (${drill.playbookId}) on ${cliTime(drill.resolvedAt, zone, opts.utc).slice(0, 10)}.\n` : "No finished drill yet.\n");
    return 0;
  });
}

async function exportOne(ref: string, clientArg: string | undefined, utc: boolean, io: CliIO): Promise<number> {
  return withDatabase(io.env, async (db, defaultClient) => {
    const clientId = clientArg ?? defaultClient;
    const record = await new PrismaIncidentStore(db.prisma).findByRef(clientId, ref);
    if (!record) {
      io.stderr(`tandem incidents: no incident "${ref}" for client "${clientId}". Run "tandem incidents list" to see them.\n`);
      return 1;
    }
    io.stdout(summaryMarkdown(incidentSummary(record.state, new Date()), utc ? "UTC" : await clientZone(db.prisma, clientId)));
    return 0;
  });
}
