// `tandem inbox`: received events, those Tandem gave up on, and retrying them, against a fresh embedded database
// and a fresh PostgreSQL one.
import { cliDatabase } from "../support/cli";

const slackMessage = (eventId: string, channel: string) => ({
  event: { kind: "message", eventId, channel: { platform: "slack", id: channel, isDirect: false }, text: "hello" },
});

describe.each(["pglite", "postgres"] as const)("tandem inbox [%s]", (kind) => {
  const { cli, withDb } = cliDatabase(kind, "inbox-cli");
  const ids = { failed: "", done: "", inRequest: "" };

  test("an empty inbox says so", async () => {
    expect(await cli("inbox", "list")).toEqual({ code: 0, stdout: "The inbox is empty.\n", stderr: "" });
    expect(await cli("inbox", "list", "--json")).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  describe("with a failed, a done and an in-request event", () => {
    beforeAll(async () => {
      await withDb(async (db) => {
        const failed = await db.prisma.inboxEvent.create({
          data: {
            platform: "slack",
            eventId: "EvFAILED1",
            conversation: "slack:CBROKEN",
            payload: slackMessage("EvFAILED1", "CBROKEN"),
            status: "failed",
            attempts: 5,
            lastError: "turn failed: ticket system unreachable",
            receivedAt: new Date("2026-03-01T10:00:00Z"),
          },
        });
        const done = await db.prisma.inboxEvent.create({
          data: {
            platform: "slack",
            eventId: "EvDONE2",
            conversation: "slack:CFINE",
            payload: slackMessage("EvDONE2", "CFINE"),
            status: "done",
            attempts: 1,
            receivedAt: new Date("2026-03-01T10:05:00Z"),
            doneAt: new Date("2026-03-01T10:05:01Z"),
          },
        });
        const inRequest = await db.prisma.inboxEvent.create({
          data: { platform: "teams", eventId: "act-invoke-3", conversation: "teams:19:abc", status: "pending", receivedAt: new Date("2026-03-01T10:10:00Z") },
        });
        Object.assign(ids, { failed: String(failed.id), done: String(done.id), inRequest: String(inRequest.id) });
      });
    });

    test("list shows every event, newest first, with its kind, last error and how to retry", async () => {
      const r = await cli("inbox", "list");
      expect(r).toMatchObject({ code: 0, stderr: "" });
      const lines = r.stdout.split("\n");
      expect(lines[0]).toMatch(/^ID\s+STATUS\s+TRIES\s+PLATFORM\s+EVENT\s+KIND\s+CONVERSATION\s+RECEIVED\s+LAST ERROR$/);
      expect(lines[1]).toMatch(new RegExp(`^${ids.inRequest}\\s+pending\\s+0\\s+teams\\s+act-invoke-3\\s+in request\\s+teams:19:abc\\s+2026-03-01 10:10:00$`));
      expect(lines[2]).toMatch(new RegExp(`^${ids.done}\\s+done\\s+1\\s+slack\\s+EvDONE2\\s+message\\s+slack:CFINE\\s+2026-03-01 10:05:00$`));
      expect(lines[3]).toMatch(
        new RegExp(`^${ids.failed}\\s+failed\\s+5\\s+slack\\s+EvFAILED1\\s+message\\s+slack:CBROKEN\\s+2026-03-01 10:00:00\\s+turn failed: ticket system unreachable$`),
      );
      expect(lines.slice(4)).toEqual(["", '1 failed: fix the cause (see LAST ERROR), then "tandem inbox retry <ID>".', ""]);
    });

    test("--status failed shows only the failed event; --status with no match says so; --limit cuts", async () => {
      const failed = await cli("inbox", "list", "--status", "failed");
      expect(failed.code).toBe(0);
      const rows = failed.stdout.split("\n\n")[0].split("\n").slice(1); // the table, without its head and footer
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatch(new RegExp(`^${ids.failed}\\s+failed\\s+5\\s+slack\\s+EvFAILED1`));
      expect(failed.stdout).toContain('1 failed: fix the cause (see LAST ERROR), then "tandem inbox retry <ID>".');
      expect(await cli("inbox", "list", "--status", "handling")).toEqual({ code: 0, stdout: "No handling events in the inbox.\n", stderr: "" });
      const done = await cli("inbox", "list", "--status=done");
      expect(done.stdout).toContain("EvDONE2");
      expect(done.stdout).not.toContain("failed");
      const one = await cli("inbox", "list", "--limit", "1");
      expect(one.stdout).toContain("act-invoke-3");
      expect(one.stdout).not.toContain("EvDONE2");
    });

    test("--json prints one object per event, newest first, kind null for events handled in the request", async () => {
      const r = await cli("inbox", "list", "--json");
      expect(r.code).toBe(0);
      const rows = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
      expect(rows).toEqual([
        {
          id: ids.inRequest,
          status: "pending",
          attempts: 0,
          platform: "teams",
          eventId: "act-invoke-3",
          kind: null,
          conversation: "teams:19:abc",
          receivedAt: "2026-03-01T10:10:00.000Z",
          doneAt: null,
          lastError: null,
        },
        {
          id: ids.done,
          status: "done",
          attempts: 1,
          platform: "slack",
          eventId: "EvDONE2",
          kind: "message",
          conversation: "slack:CFINE",
          receivedAt: "2026-03-01T10:05:00.000Z",
          doneAt: "2026-03-01T10:05:01.000Z",
          lastError: null,
        },
        {
          id: ids.failed,
          status: "failed",
          attempts: 5,
          platform: "slack",
          eventId: "EvFAILED1",
          kind: "message",
          conversation: "slack:CBROKEN",
          receivedAt: "2026-03-01T10:00:00.000Z",
          doneAt: null,
          lastError: "turn failed: ticket system unreachable",
        },
      ]);
    });

    test("bad flags are usage errors (exit 2)", async () => {
      const bad = await cli("inbox", "list", "--status", "bogus");
      expect(bad.code).toBe(2);
      expect(bad.stdout).toBe("");
      expect(bad.stderr).toContain("tandem inbox: --status must be one of pending, handling, done, failed");
      expect((await cli("inbox", "list", "--limit", "0")).code).toBe(2);
      expect((await cli("inbox", "list", "extra")).code).toBe(2);
      const nothing = await cli("inbox");
      expect(nothing.code).toBe(2);
      expect(nothing.stderr).toContain("which inbox command? Say list or retry");
      const notId = await cli("inbox", "retry", "abc");
      expect(notId.code).toBe(2);
      expect(notId.stderr).toContain('"abc" is not an inbox event id (a number from "tandem inbox list")');
      const noId = await cli("inbox", "retry");
      expect(noId.code).toBe(2);
      expect(noId.stderr).toContain("give the id of at least one failed event");
    });

    test("retry queues the failed event again; a non-failed id is refused with exit 1", async () => {
      const before = Date.now();
      const r = await cli("inbox", "retry", ids.failed);
      expect(r).toEqual({ code: 0, stdout: `Event ${ids.failed} is queued again.\n`, stderr: "" });
      const rows = await withDb((db) => db.prisma.inboxEvent.findMany({ orderBy: { id: "asc" } }));
      const row = rows.find((x) => String(x.id) === ids.failed)!;
      expect(row).toMatchObject({ status: "pending", attempts: 0, lastError: null, lockedBy: null, eventId: "EvFAILED1" });
      expect(row.availableAt.getTime()).toBeGreaterThanOrEqual(before - 5_000);
      expect(row.availableAt.getTime()).toBeLessThanOrEqual(Date.now() + 5_000);
      // The other rows are untouched.
      expect(rows.find((x) => String(x.id) === ids.done)).toMatchObject({ status: "done", attempts: 1 });
      expect(rows.find((x) => String(x.id) === ids.inRequest)).toMatchObject({ status: "pending", payload: null });

      const again = await cli("inbox", "retry", ids.failed);
      expect(again.code).toBe(1);
      expect(again.stderr).toBe(`Event ${ids.failed} is not a failed event (see "tandem inbox list --status failed").\n`);
      const done = await cli("inbox", "retry", ids.done, "999999");
      expect(done.code).toBe(1);
      expect(done.stderr).toContain(`Event ${ids.done} is not a failed event`);
      expect(done.stderr).toContain("Event 999999 is not a failed event");
      expect(await withDb((db) => db.prisma.inboxEvent.findUnique({ where: { id: BigInt(ids.done) } }))).toMatchObject({ status: "done" });

      expect(await cli("inbox", "list", "--status", "failed")).toMatchObject({ code: 0, stdout: "No failed events in the inbox.\n" });
      const pending = (await cli("inbox", "list", "--status", "pending", "--json")).stdout.trim().split("\n").map((l) => JSON.parse(l));
      expect(pending.map((x) => x.id)).toEqual([ids.inRequest, ids.failed]);
    });
  });

  test("--help explains the inbox; tandem --help lists it after outbox", async () => {
    const help = await cli("inbox", "--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: tandem inbox list \[--status pending\|handling\|done\|failed\] \[--limit N\] \[--json\]\n {7}tandem inbox retry ID\.\.\.\n/);
    expect(help.stdout).toContain("Every Slack event and Teams activity is stored in the inbox");
    expect(help.stdout).toContain("in order per conversation");
    expect(help.stdout).toContain("INBOX_MAX_ATTEMPTS");
    expect(help.stdout).toContain('"retry" queues such events again');
    expect(help.stdout).toContain("Exit codes: 0 done, 1 database problem or unknown id, 2 bad flag.");
    const all = await cli("--help");
    expect(all.stdout).toMatch(/\n {2}outbox\s+.*\n {2}inbox\s+List received Slack events/);
  });
});
