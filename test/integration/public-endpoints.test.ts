// /healthz, /readyz and /metrics answer anyone who reaches the port (load balancers, Prometheus): they say whether
// Tandem is ready and how busy it is, never what the database said, whom it serves or what people wrote.
import { startHarness, type Harness } from "../support/harness";
import { mentionEvent } from "../support/slack-requests";
import { until } from "../support/wait";

describe("public endpoints [pglite]", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ kind: "pglite" });
  });
  afterAll(async () => h?.stop());

  test("/metrics and /readyz carry no client, channel, person or message text after traffic", async () => {
    await h.slackEvent(mentionEvent("ticket the secret-project-zebra printer is on fire"));
    await until(() => h.db.prisma.ticket.findFirst({ where: { title: { contains: "zebra" } } }));
    const body = (await (await fetch(`${h.url}/metrics`)).text()) + (await (await fetch(`${h.url}/readyz`)).text());
    for (const secret of ["zebra", "Maple", "Bluefin", "printer", "UBOB", "xoxb"]) expect(body).not.toContain(secret);
  });

  test("a failing database makes /readyz 503 without quoting the error (an address, a user name)", async () => {
    const sql = h.tandem.db.sql;
    const query = sql.query;
    sql.query = (async () => {
      throw new Error('connect ECONNREFUSED 10.20.30.40:5432 password authentication failed for user "tandem_prod"');
    }) as typeof sql.query;
    try {
      const res = await fetch(`${h.url}/readyz`);
      expect(res.status).toBe(503);
      const text = await res.text();
      expect(text).not.toContain("10.20.30.40");
      expect(text).not.toContain("tandem_prod");
      expect(JSON.parse(text)).toMatchObject({ status: "not ready" });
    } finally {
      sql.query = query;
    }
    expect((await fetch(`${h.url}/readyz`)).status).toBe(200);
  });
});
