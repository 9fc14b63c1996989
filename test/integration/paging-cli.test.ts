// `tandem paging`: PagerDuty keys per side, the signed webhook, the below-sev-1 rule; secrets never printed.
import { cliDatabase } from "../support/cli";

describe("tandem paging [pglite]", () => {
  const { cli, withDb } = cliDatabase("pglite", "paging-cli");
  const settings = () => withDb(async (db) => (await db.prisma.client.findUnique({ where: { id: "demo" } }))?.settings as any);
  const KEY = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6";

  test("PagerDuty per side; bad keys and sides refused with a clear message; show hides the keys", async () => {
    expect((await cli("paging", "show")).stdout).toBe("Client demo: no phone paging (pages stay in chat).\n");
    const short = await cli("paging", "pagerduty", "--side", "msp", "--routing-key", "abc");
    expect(short.code).toBe(2);
    expect(short.stderr).toContain("32-character integration key");
    expect((await cli("paging", "pagerduty", "--side", "vendor", "--routing-key", KEY)).stderr).toContain("--side must be msp or internal");
    const set = await cli("paging", "pagerduty", "--side", "msp", "--routing-key", KEY);
    expect(set).toMatchObject({ code: 0, stdout: "Client demo: pages of the MSP side now ring PagerDuty (sev-1 always; below sev-1: after-hours).\n" });
    expect((await cli("paging", "below-sev1", "always")).code).toBe(0);
    const show = await cli("paging", "show");
    expect(show.stdout).toBe("Client demo: PagerDuty, MSP key set, internal IT no key (not rung); below sev-1: always.\n");
    expect(show.stdout).not.toContain(KEY);
    expect(await settings()).toMatchObject({ paging: { provider: "pagerduty", pagerduty: { msp: KEY }, belowSev1: "always" } });
  }, 120_000);

  test("the signed webhook instead, and off", async () => {
    expect((await cli("paging", "webhook", "https://sms.example/page", "--secret", "short")).stderr).toContain("at least 16 characters");
    const set = await cli("paging", "webhook", "https://sms.example/page", "--secret", "a-long-enough-secret");
    expect(set.code).toBe(0);
    expect((await cli("paging", "show")).stdout).toBe("Client demo: signed webhook https://sms.example/page; below sev-1: always.\n");
    expect((await cli("paging", "below-sev1", "sometimes")).code).toBe(2);
    expect((await cli("paging", "off")).code).toBe(0);
    expect((await settings()).paging).toBeUndefined();
    const noProvider = await cli("paging", "below-sev1", "never");
    expect(noProvider.code).toBe(2);
    expect(noProvider.stderr).toContain("has no phone paging yet");
  }, 120_000);
});

describe("tandem directory consent [pglite]", () => {
  const { cli, withDb } = cliDatabase("pglite", "directory-cli");

  test("add a consenting tenant with its mail domains, list it, remove it; bad input refused", async () => {
    expect((await cli("directory", "consent", "add", "not a tenant")).code).toBe(2);
    expect((await cli("directory", "consent", "add", "0f8276ea-111b-46af-9512-79ce81d5dea1", "--domains", "bluefin.example,@@")).stderr).toContain('not a mail domain: "@@"');
    const add = await cli("directory", "consent", "add", "0f8276ea-111b-46af-9512-79ce81d5dea1", "--domains", "Bluefin.example", "--note", "Bluefin MSP");
    expect(add).toMatchObject({ code: 0, stdout: "Tenant 0f8276ea-111b-46af-9512-79ce81d5dea1 consented: out-of-office is looked up there (people @bluefin.example). Running replicas use it within a minute.\n" });
    const list = await cli("directory", "consent", "list");
    expect(list.stdout).toBe("0f8276ea-111b-46af-9512-79ce81d5dea1  bluefin.example  Bluefin MSP\n");
    expect(await withDb((db) => db.prisma.directoryTenant.findMany())).toEqual([expect.objectContaining({ tenantId: "0f8276ea-111b-46af-9512-79ce81d5dea1", domains: ["bluefin.example"] })]);
    expect((await cli("directory", "consent", "remove", "0f8276ea-111b-46af-9512-79ce81d5dea1")).code).toBe(0);
    expect((await cli("directory", "consent", "remove", "0f8276ea-111b-46af-9512-79ce81d5dea1")).code).toBe(2);
  }, 120_000);
});
