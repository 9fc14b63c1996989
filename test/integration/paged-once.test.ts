// The incident card's "Paged" line names each person once. Nia and Alex are each known in Slack and in Teams (a people
// row on each platform under their one name; Alex also by the demo matrix): a sev-1 started in Slack pages all of
// their identities (the @mention in the thread, direct messages in Slack and in Teams), and the card shows one line
// for each of them with everything sent.
import { startHarness, type Harness } from "../support/harness";
import { commandForm } from "../support/slack-requests";
import { SAM, addPeople, blocksOf, drained, until } from "./incident-support";

const MIN = 60_000;

/** The lines of the card's "Paged" field ("*Paged*\nNia NOC: ..., ...; Alex Example: ..."), one per person. */
function pagedLines(blocks: any[]): string[] {
  const texts: string[] = [];
  JSON.stringify(blocks, (k, v) => (k === "text" && typeof v === "string" && v.startsWith("*Paged*\n") && texts.push(v), v));
  expect(texts).toHaveLength(1);
  return texts[0].slice("*Paged*\n".length).split("; ");
}

describe("the incident card's Paged line names a person known on both platforms once [Slack]", () => {
  let h: Harness;
  let current = new Date("2026-03-06T23:00:00Z");
  beforeAll(async () => {
    h = await startHarness({ kind: "pglite", clock: { now: () => current } });
    await addPeople(h);
  });
  afterAll(async () => {
    await h.stop();
  });

  test("a sev-1 pages Nia and Alex in Slack and in Teams; the card lists each of them once", async () => {
    await h.slackForm(commandForm("/incident", "sev1 ransomware files encrypted on FS01", { user: SAM }));
    const card = await h.slack.waitForMethod("chat.postMessage", (b) => blocksOf(b).length > 5 && String(b.text).includes("incident IR-1:"));
    const incident = await until(() => h.db.prisma.incident.findFirst());
    // Both identities of each were paged (the rows the card reads from).
    const pages = await h.db.prisma.outboxMessage.findMany({ where: { subject: `incident:${incident.id}` } });
    const teamsDms = pages.filter((r) => r.op === "dm" && r.platform === "teams").map((r) => (r.payload as any).page.people[0].name);
    expect(teamsDms).toEqual(expect.arrayContaining(["Nia NOC", "Alex Example"]));
    await drained(h);
    current = new Date(current.getTime() + 1 * MIN);
    await h.tandem.jobRunner.runDue(); // the page's check refreshes the card
    const cardTs = h.slack.channels.get("C1")!.messages.find((m) => m.text === card.text)!.ts;
    const upd = await until(async () => h.slack.method("chat.update").find((c) => c.body.ts === cardTs && JSON.stringify(blocksOf(c.body)).includes("Paged")) ?? null);
    const lines = pagedLines(blocksOf(upd.body));
    const names = lines.map((l) => l.slice(0, l.indexOf(": ")));
    expect(names).toEqual(expect.arrayContaining(["Nia NOC", "Alex Example"]));
    expect(names).toEqual([...new Set(names)]);
    // Nia's one line has all of her pages, each direct message saying where it went.
    const nia = lines.find((l) => l.startsWith("Nia NOC: "))!;
    expect(nia).toMatch(/@mention in the thread \w{3} \d+ \w{3}, \d\d:\d\d/);
    expect(nia).toMatch(/Slack direct message \w{3} \d+ \w{3}, \d\d:\d\d/);
    expect(nia).toContain("Teams direct message FAILED (cannot open a 1:1 chat with aad-nia");
  });
});
