// `tandem tickets list|show`: the tickets both sides see, from the command line.
import { UsageError, type CliCommand, type CliIO } from "../command";
import { subcommands } from "../subcommands";
import { withDatabase } from "../database";
import { limitOf, noWords, readFlags } from "../flags";
import type { Database } from "../../adapters/db/connect";
import { PrismaMatrixStore } from "../../adapters/db/matrix-repo";
import { PrismaAuditLog, PrismaTenancy } from "../../adapters/db/tenancy-repo";
import { PrismaTicketRepository } from "../../adapters/db/ticket-repo";
import { PeopleNames } from "../../adapters/people/names";
import { PrismaPageLog } from "../../adapters/db/page-log-repo";
import { PrismaHourBank } from "../../adapters/db/hours-repo";
import { JobQueue } from "../../adapters/scheduler/jobs";
import { noDirectory } from "../../core/ports/directory";
import { cardOf, type TicketDeps } from "../../core/tickets/desk";
import { COURTS, ticketKey, type Court, type TicketStatus } from "../../core/tickets/model";
import { noSink } from "../../core/tickets/ports";
import { parseTicketRef } from "../../core/tickets/ticket-text";
import { courtLabel } from "../../core/tickets/sides";
import { clientZone, cliTime } from "../times";

const USAGE = `Usage: tandem tickets <command> [options]

  list [--status open|resolved|all] [--court internal|msp|requester] [--limit N] [--json] [--client ID]
        tickets, most severe first (default: open ones)
  show HL-42 [--json] [--utc] [--client ID]
        one ticket: who holds it, SLA clocks and its timeline

--client defaults to DEFAULT_CLIENT_ID (demo).`;

function deskOver(db: Database, defaultClient: string): TicketDeps {
  const prisma = db.prisma;
  const matrices = new PrismaMatrixStore(prisma);
  return {
    tickets: new PrismaTicketRepository(prisma),
    hours: new PrismaHourBank(prisma),
    sink: noSink,
    jobs: new JobQueue(prisma),
    tenancy: new PrismaTenancy(prisma, defaultClient, { devMode: false }),
    audit: new PrismaAuditLog(prisma),
    matrices,
    directory: noDirectory,
    names: new PeopleNames(prisma, matrices, {}),
    pages: new PrismaPageLog(prisma),
  };
}

async function list(args: string[], io: CliIO): Promise<number> {
  const f = readFlags(args, { client: "string", status: "string", court: "string", limit: "string", json: "boolean" });
  noWords(f.words);
  const status = f.values.status ?? "open";
  if (!["open", "resolved", "all"].includes(status)) throw new UsageError(`--status must be open, resolved or all`);
  const court = f.values.court as Court | undefined;
  if (court !== undefined && !COURTS.includes(court)) throw new UsageError(`--court must be ${COURTS.join(", ")}`);
  const limit = limitOf(f.values.limit, "--limit", 100);
  return withDatabase(io.env, async (db, defaultClient) => {
    const clientId = f.values.client ?? defaultClient;
    const client = await db.prisma.client.findUnique({ where: { id: clientId } });
    if (!client) throw new UsageError(`there is no client "${clientId}"`);
    const repo = new PrismaTicketRepository(db.prisma);
    const { tickets, total } = await repo.list(clientId, { status: status === "all" ? undefined : (status as TicketStatus), court, limit });
    if (f.values.json) {
      for (const t of tickets) {
        io.stdout(JSON.stringify({ key: ticketKey(client.ticketPrefix, t.number), title: t.title, severity: t.severity, court: t.court, status: t.status, category: t.categoryId, owner: t.ownerName, escalated: !!t.escalatedAt, acknowledged: !!t.ackedAt, createdAt: t.createdAt.toISOString() }) + "\n");
      }
      return 0;
    }
    if (total === 0) {
      io.stdout(`No ${status === "all" ? "" : `${status} `}tickets${court ? ` ${courtLabel(court).toLowerCase()}` : ""} for client ${clientId}.\n`);
      return 0;
    }
    for (const t of tickets) {
      const ref = ticketKey(client.ticketPrefix, t.number).padEnd(8);
      io.stdout(`${ref} sev${t.severity}  ${t.status.padEnd(8)} ${t.court.padEnd(9)} ${(t.ownerName ?? "-").padEnd(18)} ${t.title}\n`);
    }
    if (total > tickets.length) io.stdout(`(${tickets.length} of ${total}; use --limit to see more)\n`);
    return 0;
  });
}

async function show(args: string[], io: CliIO): Promise<number> {
  const f = readFlags(args, { client: "string", json: "boolean", utc: "boolean" });
  if (f.words.length !== 1) throw new UsageError(`say which ticket, e.g. "tandem tickets show HL-42"`);
  return withDatabase(io.env, async (db, defaultClient) => {
    const clientId = f.values.client ?? defaultClient;
    const desk = deskOver(db, defaultClient);
    const client = await desk.tenancy.client(clientId);
    if (!client) throw new UsageError(`there is no client "${clientId}"`);
    const word = f.words[0];
    const number = /^\d+$/.test(word) ? Number(word) : parseTicketRef(word, client.ticketPrefix);
    const ticket = number === null ? null : await desk.tickets.byNumber(clientId, number);
    if (!ticket) {
      io.stderr(`tandem tickets: there is no ticket ${word} for client ${clientId} (tandem tickets list shows them)\n`);
      return 1;
    }
    const zone = f.values.utc ? "UTC" : await clientZone(db.prisma, clientId);
    const card = await cardOf(desk, client, ticket, new Date(), undefined, zone);
    if (f.values.json) {
      const events = await desk.tickets.events(ticket.id);
      io.stdout(JSON.stringify({ key: card.ref, title: ticket.title, body: ticket.body, severity: ticket.severity, court: ticket.court, status: ticket.status, facts: card.facts, events: events.map((e) => ({ ...e, at: e.at.toISOString() })) }) + "\n");
      return 0;
    }
    io.stdout(`${card.ref}  ${ticket.title}\n${card.headline}\n\n`);
    for (const fact of card.facts) io.stdout(`  ${fact.title.padEnd(18)} ${fact.value}\n`);
    if (card.quote.length) io.stdout(`\n${card.quote.map((l) => `  > ${l.text}\n`).join("")}`);
    io.stdout(`\nTimeline\n`);
    for (const e of await desk.tickets.events(ticket.id)) {
      io.stdout(`  ${cliTime(e.at, zone)}  ${e.type.padEnd(9)} ${e.actor ?? ""}${e.toCourt ? ` -> ${e.toCourt}` : ""}${e.minutes ? ` ${e.minutes}m` : ""}${e.text ? `: ${e.text}` : ""}\n`);
    }
    return 0;
  });
}

export const ticketsCommand: CliCommand = {
  name: "tickets",
  summary: "List tickets and show one with its SLA clocks and timeline",
  usage: USAGE,
  run: subcommands("tickets", { list, show }),
};
