// The ticket repository's guarantees: numbers allocated atomically per client (safe with several replicas), one
// ticket per source message even when two arrive at once, and changes from a stale copy refused. Both databases.
import { describeEachDatabase } from "../support/databases";
import { PrismaTicketRepository } from "../../src/adapters/db/ticket-repo";
import type { NewTicket } from "../../src/core/tickets/ports";

const at = new Date("2026-09-08T14:00:00Z");
const place = { channel: { platform: "slack" as const, id: "C1", isDirect: false } };
const draft = (clientId: string, title: string, sourceKey: string | null = null): NewTicket => ({
  clientId, title, body: title, categoryId: null, severity: 3, court: "internal", ownerId: null, ownerName: null, requester: null,
  sourceKey, sourceLink: null, createdBy: null, place, at, events: [{ type: "created", actor: "t", toCourt: "internal", at }],
});

describeEachDatabase("ticket repository", (ctx) => {
  beforeAll(async () => {
    await ctx.db.prisma.client.createMany({ data: [{ id: "a", name: "A", ticketPrefix: "AA" }, { id: "b", name: "B", ticketPrefix: "BB" }] });
  });

  test("numbers are per client and never repeat when two replicas create at once", async () => {
    // Two repositories stand for two replicas sharing the database.
    const one = new PrismaTicketRepository(ctx.db.prisma);
    const two = new PrismaTicketRepository(ctx.db.prisma);
    const made = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? one : two).create(draft(i < 10 ? "a" : "b", `t${i}`))));
    const numbersA = made.filter((m) => m.ticket.clientId === "a").map((m) => m.ticket.number).sort((x, y) => x - y);
    expect(numbersA).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(made.filter((m) => m.ticket.clientId === "b").map((m) => m.ticket.number).sort()).toEqual([1, 2]);
    expect((await ctx.db.prisma.client.findUnique({ where: { id: "a" } }))?.nextTicket).toBe(11);
  });

  test("the same source message at the same moment makes one ticket; the other gets the first", async () => {
    const repo = new PrismaTicketRepository(ctx.db.prisma);
    const [x, y] = await Promise.all([repo.create(draft("a", "same", "slack:C1:1.1")), repo.create(draft("a", "same", "slack:C1:1.1"))]);
    expect([x.created, y.created].sort()).toEqual([false, true]);
    expect(x.ticket.id).toBe(y.ticket.id);
    expect(await ctx.db.prisma.ticket.count({ where: { sourceKey: "slack:C1:1.1" } })).toBe(1);
    // No number was burnt by the loser beyond the one it rolled back.
    const next = await repo.create(draft("a", "after"));
    expect(next.ticket.number).toBe(12);
  });

  test("a change from a stale copy is refused, so the use case re-reads and decides again", async () => {
    const repo = new PrismaTicketRepository(ctx.db.prisma);
    const { ticket } = await repo.create(draft("b", "race"));
    const first = await repo.change(ticket, { court: "msp" }, [{ type: "handover", actor: "x", fromCourt: "internal", toCourt: "msp", at }]);
    expect(first?.court).toBe("msp");
    const stale = await repo.change(ticket, { court: "requester" }, [{ type: "handover", actor: "y", fromCourt: "internal", toCourt: "requester", at }]);
    expect(stale).toBeNull();
    expect((await repo.byId(ticket.id))?.court).toBe("msp");
    expect((await repo.events(ticket.id)).map((e) => e.type)).toEqual(["created", "handover"]);
    expect(await repo.place(ticket.id)).toEqual({ channel: place.channel, threadId: undefined });
  });
});
