// `tandem audit`: who did (or was refused) a privileged action, when and where.
import type { CliCommand, CliIO } from "../command";
import { withDatabase } from "../database";
import { limitOf, noWords, readFlags, table } from "../flags";

const USAGE = `Usage: tandem audit [--client ID] [--limit N] [--refused] [--json]

Reads the audit log, newest first: every privileged command (matrix changes, escalations, incidents,
schedules) with who asked, what, the outcome (allowed or refused) and where.

Options:
  --client ID  only this client's entries
  --limit N    at most N entries (default 50)
  --refused    only refused attempts
  --json       one JSON object per entry, one per line
  -h, --help   show this help

Exit codes: 0 done, 1 database problem, 2 bad flag.`;

export const auditCommand: CliCommand = {
  name: "audit",
  summary: "Read the audit log of privileged actions (who, what, when, where)",
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const f = readFlags(args, { client: "string", limit: "string", json: "boolean", refused: "boolean" });
    noWords(f.words);
    const limit = limitOf(f.values.limit, "--limit", 50);
    const clientId = f.values.client;
    return withDatabase(io.env, async (db) => {
      const rows = await db.prisma.auditLog.findMany({
        where: { ...(clientId ? { clientId } : {}), ...(f.values.refused ? { outcome: "refused" } : {}) },
        orderBy: [{ at: "desc" }, { id: "desc" }],
        take: limit,
      });
      const shown = rows.map((r) => ({
        id: String(r.id),
        at: r.at.toISOString(),
        clientId: r.clientId,
        actor: r.actor,
        action: r.action,
        outcome: r.outcome,
        place: r.place,
        detail: r.detail,
      }));
      if (f.values.json) {
        for (const r of shown) io.stdout(JSON.stringify(r) + "\n");
        return 0;
      }
      if (shown.length === 0) {
        io.stdout(clientId ? `No audit entries for client "${clientId}".\n` : "The audit log is empty.\n");
        return 0;
      }
      io.stdout(
        table(
          ["WHEN (UTC)", "CLIENT", "WHO", "ACTION", "OUTCOME", "WHERE", "DETAIL"],
          shown.map((r) => [r.at.replace("T", " ").slice(0, 19), r.clientId ?? "", r.actor, r.action, r.outcome, r.place ?? "", r.detail ? JSON.stringify(r.detail) : ""]),
        ),
      );
      return 0;
    });
  },
};
