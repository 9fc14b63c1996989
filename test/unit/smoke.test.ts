import { PGlite } from "@electric-sql/pglite";
test("pglite", async () => { const db = new PGlite(); const r = await db.query("select 1 as x"); expect(r.rows[0]).toEqual({x:1}); await db.close(); });
