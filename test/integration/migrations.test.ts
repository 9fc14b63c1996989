import { describeEachDatabase } from "../support/databases";
import { applyMigrations, listMigrations, pendingMigrations } from "../../src/adapters/db/migrate";

describeEachDatabase("migrations", (ctx) => {
  test("every shipped migration is applied once and re-running applies nothing", async () => {
    expect(await pendingMigrations(ctx.db.sql)).toEqual([]);
    expect(await applyMigrations(ctx.db.sql)).toEqual([]);
    const rows = await ctx.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "_prisma_migrations"`);
    expect(rows[0].n).toBe(listMigrations().length);
  });

  test("the Prisma client works over the migrated schema", async () => {
    await ctx.db.prisma.client.create({ data: { id: "acme", name: "Acme" } });
    const c = await ctx.db.prisma.client.findUniqueOrThrow({ where: { id: "acme" } });
    expect(c.ticketPrefix).toBe("T");
  });
});
