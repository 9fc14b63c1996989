// The signed matrix says how fast each severity gets a first response (slaMinutes; the demo: sev 1 30 min, sev 2
// 120 min). The ticket card, the acknowledgement timer, the page and the monthly report all hold tickets to those
// figures. Slack requests in, the fake Web API out, the report from the CLI on the same PostgreSQL database.
import { commandForm } from "../support/slack-requests";
import { runTandem } from "../support/cli";
import { freshPostgres, type TestDatabase } from "../support/databases";
import type { Database } from "../../src/adapters/db/connect";
import type { Harness } from "../support/harness";
import { ALEX, BUSINESS, blocksOf, startTicketHarness, until } from "./tickets-support";

const MIN = 60_000;

describe("SLA targets from the matrix's slaMinutes [postgres]", () => {
  let pg: TestDatabase;
  let db: Database;
  let h: Harness;
  beforeAll(async () => {
    pg = await freshPostgres();
    db = await pg.open();
    ({ h } = await startTicketHarness({ sharedDatabase: db }));
  });
  afterAll(async () => {
    await h?.stop();
    await db?.close();
    await pg?.drop();
  });

  test("a sev 2 ticket is due a first response in 2 hours on its card, its page and its timer", async () => {
    await h.slackForm(commandForm("/escalate", "sev2 the shared drive went read-only for accounting", { user: ALEX }));
    const post = await h.slack.waitForMethod("chat.postMessage", (b) => String(b.blocks ?? "").includes("shared drive went read-only"));
    expect(post.text).toContain("please acknowledge HL-1 (sev 2) within 2h");
    expect(JSON.stringify(blocksOf(post))).toMatch(/Due from the MSP by Tue 8 Sep, 12:00 EDT[^"]*, in 2h/);
    const t = (await db.prisma.ticket.findFirst({ where: { number: 1 } }))!;
    const job = await until(() => db.prisma.job.findFirst({ where: { kind: "ticket-ack-timeout", key: { contains: t.id } } }));
    expect(job.runAt.getTime()).toBe(BUSINESS.getTime() + 120 * MIN);
  });

  test("the monthly report holds the same ticket to the same target, and counts it in its row", async () => {
    const r = await runTandem(["report", "monthly", "--month", "2026-09"], { DATABASE_URL: pg.url, LOG_LEVEL: "silent" });
    expect(r.code).toBe(0);
    const firstResponse = r.stdout.slice(r.stdout.indexOf("### First response"), r.stdout.indexOf("### Resolution"));
    // Never answered: one ticket, none measured, over its 2-hour target.
    expect(firstResponse).toContain("| Sev 2 | 1 | 0 | n/a | n/a | 2h 00m | 1 |");
    expect(firstResponse).not.toMatch(/\| Sev \d \| 0 \|/);
  });
});
