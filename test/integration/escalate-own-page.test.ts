// The person who escalates a ticket is not sent a direct message about their own escalation when they are the one it
// pages (as the person who starts an incident is not): an MSP lead who also administers Tandem escalates a ticket of
// a category they own. They are still @mentioned on the ticket's thread, and when nobody acknowledges in time the
// next person on the path is paged, by direct message too.
import { commandForm, slackUser } from "../support/slack-requests";
import { NIA, startTicketHarness, ticketRow, until, type Clocked } from "./tickets-support";
import { drained } from "./incident-support";

const MIN = 60_000;
/** The matrix's MSP owner of the servers category, here in Tandem's own workspace (the demo places him in another). */
const SAM_HERE = slackUser("U03SAM", "T1", "Sam Sample");

describe("a ticket page is not sent to the person who caused it [Slack]", () => {
  let c: Clocked;
  beforeAll(async () => {
    c = await startTicketHarness({ kind: "pglite" });
    const moved = await c.h.db.prisma.person.updateMany({ where: { clientId: "demo", platform: "slack", userId: SAM_HERE.id }, data: { teamId: "T1", roles: ["admin", "msp-lead", "msp-tech"] } });
    expect(moved.count).toBe(1);
  });
  afterAll(async () => {
    await c.h.stop();
  });

  test("Sam escalates a ticket he owns: mentioned in the thread, no direct message; Nia is paged when it is not acknowledged", async () => {
    const { h, clock } = c;
    const start = clock.at;
    await h.slackForm(commandForm("/escalate", "sev2 server down: the file server FS01 is offline", { user: SAM_HERE }));
    const page = await h.slack.waitForMethod("chat.postMessage", (b) => String(b.text).includes("please acknowledge HL-1"));
    expect(page.channel).toBe("C1");
    expect(page.text).toContain(`<@${SAM_HERE.id}>`);
    expect(page.text).toContain("Sam Sample (owner for this category)");
    await drained(h);
    expect(h.slack.method("chat.postMessage").filter((call) => call.body.channel === SAM_HERE.id)).toEqual([]);

    // Not acknowledged within the 2 h of a sev 2: the next person on the path is paged, by direct message as well.
    clock.at = new Date(start.getTime() + 121 * MIN);
    await h.tandem.jobRunner.runDue();
    const dm = await h.slack.waitForMethod("chat.postMessage", (b) => b.channel === NIA.id);
    expect(dm.text).toContain("HL-1 was not acknowledged by Sam Sample in time");
    expect((await ticketRow(h, 1))!.events.filter((e) => e.type === "repaged").map((e) => e.text)).toEqual(["Nia Tech"]);
    await until(async () => ((await h.db.prisma.outboxMessage.count({ where: { status: { in: ["pending", "sending"] } } })) === 0 ? true : null));
    expect(h.slack.method("chat.postMessage").filter((call) => call.body.channel === SAM_HERE.id)).toEqual([]);
  });
});
