// An admin replaces the matrix from chat: attach the YAML in a 1:1 chat (Slack file_share with url_private and the
// bot token; Teams file download info) or "matrix import <url>"; a confirmation card lists the changes; Apply stores
// it, Cancel doesn't, an hour without either expires it. Non-admins are refused and audited.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startHarness, type Harness } from "../support/harness";
import { ALICE, blockActionForm, dmEvent, type SlackUser, slackUser } from "../support/slack-requests";
import { TEAMS_ALICE, TENANT, teamsExecute, teamsMessage } from "../support/teams-activities";
import http from "node:http";
import type { AddressInfo } from "node:net";

const BOB: SlackUser = slackUser("UBOB", "T1", "bob");
const demo = readFileSync(join(__dirname, "../fixtures/matrix/demo.yaml"), "utf8");
const broken = readFileSync(join(__dirname, "../fixtures/matrix/bad/fields.yaml"), "utf8");
const version = (n: number, printerOwner = "internal") =>
  demo.replace("version: 4", `version: ${n}`).replace(/(id: printers-scanners[\s\S]*?)owner: internal/, `$1owner: ${printerOwner}`);
const FILES: Record<string, string> = {
  "/files/matrix-v5.yaml": version(5, "msp"),
  "/files/broken.yaml": broken,
  "/files/matrix-v6.yaml": version(6),
  "/files/matrix-v7.yaml": version(7),
};

/** Serves the matrix files as plain text and records each request's path and headers. */
class FileServer {
  readonly calls: { path: string; headers: http.IncomingHttpHeaders }[] = [];
  url = "";
  private server = http.createServer((req, res) => {
    this.calls.push({ path: req.url ?? "", headers: req.headers });
    const body = FILES[req.url ?? ""];
    res.writeHead(body === undefined ? 404 : 200, { "content-type": "text/yaml" });
    res.end(body ?? "not found");
  });
  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }
  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}

const blocksOf = (body: any): any[] => JSON.parse(body.blocks);
/** What Slack shows: its text is escaped (&amp; &lt; &gt;). */
const text = (body: any) => String(body.blocks ?? body.text ?? "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
const actionValue = (blocks: any[], actionId: string) =>
  JSON.parse(blocks.filter((b) => b.type === "actions").flatMap((b) => b.elements).find((e: any) => String(e.action_id).replace(/:\d+$/, "") === actionId).value);

describe.each(["pglite", "postgres"] as const)("matrix import in chat [%s]", (kind) => {
  let h: Harness;
  let files: FileServer;
  let now = new Date("2026-09-08T14:00:00Z");
  const fileShare = (name: string, user: SlackUser = ALICE, channel = "DALICE") => ({
    ...dmEvent("", { channel, user }),
    subtype: "file_share",
    files: [{ name: name.replace("/files/", ""), url_private: `${files.url}${name}` }],
  });
  const versions = async () => (await h.db.prisma.matrixVersion.findMany({ orderBy: { version: "asc" } })).map((v) => v.version);

  beforeAll(async () => {
    files = await new FileServer().start();
    // The local file server is reached through the test-only setting (downloads go to public https hosts only).
    h = await startHarness({ kind, clock: { now: () => now }, fetchOrigins: [files.url] });
    await h.db.prisma.person.createMany({
      data: [
        { clientId: "demo", platform: "slack", teamId: "T1", userId: ALICE.id, displayName: "alice", roles: ["admin"] },
        { clientId: "demo", platform: "teams", teamId: TENANT, userId: TEAMS_ALICE.aadObjectId, displayName: "Alice Internal", roles: ["admin"] },
      ],
    });
  });
  afterAll(async () => {
    await h.stop();
    await files.stop();
  });

  test("Slack: an admin attaches v5 in a DM, sees the changes, presses Apply: stored, people get roles", async () => {
    await h.slackEvent(fileShare("/files/matrix-v5.yaml"));
    const card = await h.slack.waitForMethod("chat.postMessage", (b) => b.channel === "DALICE" && text(b).includes("Import matrix version 5?"));
    expect(files.calls.find((c) => c.path === "/files/matrix-v5.yaml")?.headers.authorization).toBe("Bearer xoxb-test");
    const shown = text(card);
    expect(shown).toContain("Replaces version 4");
    expect(shown).toContain("Version 4 -> 5");
    expect(shown).toContain("Printers & scanners (printers-scanners): owner internal -> msp");
    expect(await versions()).toEqual([4]);

    const apply = actionValue(blocksOf(card), "matrix-import-apply");
    await h.slackForm(blockActionForm("matrix-import-apply", apply, { channel: "DALICE" }));
    const applied = await h.slack.waitForMethod("chat.update", (b) => text(b).includes("Applied by alice: version 5 is now in force."));
    expect(blocksOf(applied).some((b) => b.type === "actions")).toBe(false);
    expect(await versions()).toEqual([4, 5]);
    const stored = await h.db.prisma.matrixVersion.findFirstOrThrow({ where: { version: 5 } });
    expect(stored.importedBy).toBe("slack:T1:UALICE");
    expect(stored.source).toBe(FILES["/files/matrix-v5.yaml"]);
    expect(await h.db.prisma.person.findFirst({ where: { platform: "slack", teamId: "T0MAPLE", userId: "U03SAM" } })).toMatchObject({ roles: ["msp-lead", "msp-tech"] });
    expect(await h.db.prisma.auditLog.count({ where: { action: "matrix-import-apply", outcome: "allowed", actor: "slack:T1:UALICE" } })).toBe(1);

    // A second Apply on the same card does nothing.
    await h.slackForm(blockActionForm("matrix-import-apply", apply, { channel: "DALICE" }));
    await h.slack.waitForMethod("chat.postEphemeral", (b) => String(b.text).includes("no longer waiting"));
    expect(await versions()).toEqual([4, 5]);
  });

  test("Slack: the same version again is refused; a broken file lists every problem; nothing is stored", async () => {
    await h.slackEvent(fileShare("/files/matrix-v5.yaml", ALICE, "DALICE3"));
    const again = await h.slack.waitForMethod("chat.postMessage", (b) => b.channel === "DALICE3");
    expect(text({ text: again.text })).toContain("Version 5 is not higher than the stored version 5");

    await h.slackEvent(fileShare("/files/broken.yaml", ALICE, "DALICE4"));
    const problems = await h.slack.waitForMethod("chat.postMessage", (b) => b.channel === "DALICE4");
    expect(text({ text: problems.text })).toContain("That matrix file has 16 problems, so nothing was stored");
    expect(text({ text: problems.text })).toContain("line 2, version: must be a whole number at least 1 (got 0)");
    expect(text({ text: problems.text })).toContain('categories[1].ownr: unknown field; did you mean "owner"?');
    expect(await versions()).toEqual([4, 5]);
    expect(await h.db.prisma.job.count({ where: { kind: "matrix-import-expire", status: "pending" } })).toBe(0);
  });

  test("Slack: a non-admin is refused privately, the file is not fetched, and the refusal is audited", async () => {
    const fetched = files.calls.length;
    await h.slackEvent(fileShare("/files/matrix-v6.yaml", BOB, "DBOB"));
    const refusal = await h.slack.waitForMethod("chat.postEphemeral", (b) => b.user === "UBOB");
    expect(refusal.text).toBe("Only a Tandem admin can replace the responsibility matrix. An admin can also use `tandem matrix import FILE` on the server.");
    expect(files.calls.length).toBe(fetched);
    expect(await h.db.prisma.auditLog.findFirst({ where: { actor: "slack:T1:UBOB" } })).toMatchObject({ action: "matrix.import", outcome: "refused", clientId: "demo" });
    expect(await versions()).toEqual([4, 5]);
  });

  test("Slack: a screenshot with a question in a DM is a question, not an import", async () => {
    await h.slackEvent({ ...fileShare("/files/screen.png", BOB, "DBOB2"), text: "my laptop will not turn on" });
    const post = await h.slack.waitForMethod("chat.postMessage", (b) => b.channel === "DBOB2");
    expect(text(post)).toContain("Laptops & desktops");
    expect(await h.db.prisma.auditLog.count({ where: { actor: "slack:T1:UBOB", action: "matrix.import" } })).toBe(1);
  });

  test("Teams: 'matrix import <url>' shows the card; Cancel comes back in the invoke response and stores nothing", async () => {
    const where = { serviceUrl: h.connector.serviceUrl, personal: true, conversationId: "a:dm-alice-import" };
    await h.teams(teamsMessage(`matrix import ${files.url}/files/matrix-v6.yaml`, where));
    const reply = await h.connector.waitForActivity((a) => JSON.stringify(a.attachments?.[0]?.content ?? {}).includes("Import matrix version 6?"));
    const card = reply.body.attachments[0].content;
    expect(JSON.stringify(card)).toContain("Printers & scanners (printers-scanners): owner msp -> internal");
    expect(files.calls.find((c) => c.path === "/files/matrix-v6.yaml")?.headers.authorization).toBeUndefined();
    const cancel = card.actions.find((a: any) => a.verb === "matrix-import-cancel");
    const res = await h.teams(teamsExecute("matrix-import-cancel", cancel.data, where));
    const settled = (await res.json()).value;
    expect(JSON.stringify(settled)).toContain("Cancelled by Alice Internal: the matrix in force is unchanged.");
    expect(settled.actions).toEqual([]);
    expect(await versions()).toEqual([4, 5]);
  });

  test("Teams: an attached file waits an hour; then the durable timer expires the card and Apply no longer works", async () => {
    const where = { serviceUrl: h.connector.serviceUrl, personal: true, conversationId: "a:dm-alice-upload" };
    const activity = {
      ...teamsMessage("", where),
      attachments: [{ contentType: "application/vnd.microsoft.teams.file.download.info", name: "matrix-v7.yaml", content: { downloadUrl: `${files.url}/files/matrix-v7.yaml`, fileType: "yaml" } }],
    };
    await h.teams(activity);
    const reply = await h.connector.waitForActivity((a) => JSON.stringify(a.attachments?.[0]?.content ?? {}).includes("Import matrix version 7?"));
    const apply = reply.body.attachments[0].content.actions.find((a: any) => a.verb === "matrix-import-apply");
    expect(await h.db.prisma.job.count({ where: { kind: "matrix-import-expire", status: "pending" } })).toBe(1);

    now = new Date(now.getTime() + 61 * 60_000);
    await h.tandem.jobRunner.runDue();
    const update = await h.connector.waitFor((c) => c.method === "PUT" && JSON.stringify(c.body).includes("Expired: not applied within 60 minutes"));
    expect(decodeURIComponent(update.path)).toContain("a:dm-alice-upload");

    const res = await h.teams(teamsExecute("matrix-import-apply", apply.data, where));
    expect(res.status).toBe(200);
    expect((await res.json()).value).toContain("no longer waiting");
    expect(await versions()).toEqual([4, 5]);
  });
});
