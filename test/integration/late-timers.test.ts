// A re-page whose moment passed while Tandem was down: sent once when it comes back, marked late with the time it was
// due (the cards' time format), and the next step waits a full response time from then: no burst of pages.
import type { Clocked } from "./tickets-support";
import { ALEX, BUSINESS, NIA, OMAR, startTicketHarness } from "./tickets-support";
import { until } from "../support/wait";
import type { Harness } from "../support/harness";
import { commandForm } from "../support/slack-requests";
import { formatWhen } from "../../src/core/time/when";

const MIN = 60_000;

/** Every outbox row sent or failed (a condition, with room for a loaded machine). */
const drained = (h: Harness) => until(async () => (await h.db.prisma.outboxMessage.count({ where: { status: { in: ["pending", "sending"] } } })) === 0, 30_000);
/** The demo matrix's sev 2 response time. */
const ACK = 120 * MIN;

describe("re-pages after downtime", () => {
  let c: Clocked;
  beforeAll(async () => {
    c = await startTicketHarness({ kind: "postgres" });
  });
  afterAll(async () => {
    await c?.h.stop();
  });

  // The notices in the ticket's thread (each page also goes to the person directly, with the same words).
  const notices = () => c.h.slack.method("chat.postMessage").filter((x) => !x.refused && x.body.channel === "C1" && String(x.body.text).includes("was not acknowledged by"));

  test("a re-page due during five hours of downtime is sent once, says it is late and when it was due; the next is on time", async () => {
    const { h, clock } = c;
    await h.slackForm(commandForm("/escalate", "sev2 the file server is down", { user: ALEX }));
    await h.slack.waitForMethod("chat.postMessage", (b) => String(b.blocks ?? "").includes("file server is down"));
    await drained(h);

    // Down from the escalation until five hours later: two and a half response times went by.
    clock.at = new Date(BUSINESS.getTime() + 5 * 60 * MIN);
    for (let i = 0; i < 3; i++) await h.tandem.jobRunner.runDue();
    await drained(h);
    expect(notices()).toHaveLength(1);
    const late = notices()[0].body.text as string;
    expect(late).toContain(`<@${NIA.id}>`);
    const dueAt = new Date(BUSINESS.getTime() + ACK);
    const matrix = (await h.db.prisma.matrixVersion.findFirstOrThrow({ where: { clientId: "demo" }, orderBy: { version: "desc" } })).document as any;
    const zones = { zone: matrix.businessHours.timezone, other: matrix.parties?.msp?.timezone ?? null };
    expect(late).toContain(`was not acknowledged by Sam Sample in time (late: due ${formatWhen(dueAt, zones)}).`);
    // The next step's timer runs a full response time from the late page, not from the missed moment.
    const next = await h.db.prisma.job.findFirstOrThrow({ where: { kind: "ticket-ack-timeout", status: "pending" } });
    expect(next.runAt.getTime()).toBeGreaterThanOrEqual(clock.at.getTime() + ACK - MIN);

    // On time (a minute after it was due): no "late".
    clock.at = new Date(next.runAt.getTime() + MIN);
    await h.tandem.jobRunner.runDue();
    await drained(h);
    expect(notices()).toHaveLength(2);
    expect(notices()[1].body.text).toContain(`<@${OMAR.id}>`);
    expect(notices()[1].body.text).not.toContain("late:");
  });
});
