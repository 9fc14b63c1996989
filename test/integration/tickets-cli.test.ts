// `tandem tickets`, `tandem hours` and `tandem webhook` against a fresh embedded database and a fresh PostgreSQL one.
import { PrismaTicketRepository } from "../../src/adapters/db/ticket-repo";
import { cliDatabase } from "../support/cli";

describe.each(["pglite", "postgres"] as const)("tandem tickets / hours / webhook [%s]", (kind) => {
  const { cli, withDb } = cliDatabase(kind, "tickets-cli");

  test("hours: empty bank, a purchase, the warning line; bad amounts are refused", async () => {
    expect((await cli("hours")).stdout).toContain("No block hours recorded for client demo");
    const add = await cli("hours", "add", "20", "--note", "Q4 block");
    expect(add).toMatchObject({ code: 0, stderr: "" });
    expect(add.stdout).toBe("Added 20h to client demo: 20h left.\n");
    expect((await cli("hours", "warn", "25")).code).toBe(0);
    const show = await cli("hours");
    expect(show.stdout).toContain("Client demo: 20h left of the current block of 20h (100%; warning at 25%)");
    expect(show.stdout).toContain("+20h  Q4 block");
    const bad = await cli("hours", "add", "lots");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('say how many hours were bought, e.g. "tandem hours add 20"');
    expect((await cli("hours", "warn", "150")).code).toBe(2);
    expect(await withDb(async (db) => (await db.prisma.client.findUnique({ where: { id: "demo" } }))?.settings)).toMatchObject({ blockHoursWarnPercent: 25 });
  });

  test("webhook: set with a secret, show without revealing it, off", async () => {
    const weak = await cli("webhook", "set", "https://psa.example/hook", "--secret", "short");
    expect(weak.code).toBe(2);
    expect(weak.stderr).toContain("at least 16 characters");
    expect((await cli("webhook", "set", "ftp://psa.example", "--secret", "a-long-enough-secret")).code).toBe(2);
    const set = await cli("webhook", "set", "https://psa.example/hook", "--secret", "a-long-enough-secret", "--events", "created,resolved");
    expect(set).toMatchObject({ code: 0, stdout: "Client demo now sends ticket created, resolved events to https://psa.example/hook.\n" });
    const show = await cli("webhook", "show");
    expect(show.stdout).toBe("Client demo: https://psa.example/hook (events: created, resolved; secret set)\n");
    expect(show.stdout).not.toContain("a-long-enough-secret");
    const settings = await withDb(async (db) => (await db.prisma.client.findUnique({ where: { id: "demo" } }))?.settings);
    expect(settings).toMatchObject({ webhook: { url: "https://psa.example/hook", secret: "a-long-enough-secret", events: ["created", "resolved"] }, blockHoursWarnPercent: 25 });
    expect((await cli("webhook", "off")).code).toBe(0);
    expect((await cli("webhook", "show")).stdout).toBe("Client demo: no webhook (off).\n");
  });

  test("tickets list and show", async () => {
    await withDb(async (db) => {
      await db.prisma.client.update({ where: { id: "demo" }, data: { ticketPrefix: "HL" } });
      const repo = new PrismaTicketRepository(db.prisma);
      const place = { channel: { platform: "slack" as const, id: "C1", isDirect: false } };
      const at = new Date("2026-09-08T14:00:00Z");
      const base = { clientId: "demo", body: "", categoryId: null, ownerId: null, requester: "Bob", sourceKey: null, sourceLink: null, createdBy: null, place, at };
      await repo.create({ ...base, title: "VPN drops", severity: 2, court: "msp", ownerName: "Nia Tech", events: [{ type: "created", actor: "Bob", toCourt: "msp", at }] });
      await repo.create({ ...base, title: "toner low", severity: 4, court: "internal", ownerName: null, events: [{ type: "created", actor: "Bob", toCourt: "internal", at }] });
    });
    const list = await cli("tickets", "list");
    expect(list.code).toBe(0);
    expect(list.stdout.split("\n").filter(Boolean)).toEqual([
      "HL-1     sev2  open     msp       Nia Tech           VPN drops",
      "HL-2     sev4  open     internal  -                  toner low",
    ]);
    expect((await cli("tickets", "list", "--court", "internal")).stdout).not.toContain("VPN drops");
    const json = (await cli("tickets", "list", "--json")).stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(json[0]).toMatchObject({ key: "HL-1", court: "msp", severity: 2, owner: "Nia Tech" });
    expect((await cli("tickets", "list", "--court", "nobody")).code).toBe(2);

    const show = await cli("tickets", "show", "HL-1");
    expect(show.code).toBe(0);
    expect(show.stdout).toContain("HL-1  VPN drops");
    expect(show.stdout).toMatch(/Resolution clock +The MSP/);
    expect(show.stdout).toContain("created   Bob -> msp");
    const missing = await cli("tickets", "show", "HL-99");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("there is no ticket HL-99");
  });
});
