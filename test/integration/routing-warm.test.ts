// The routing knowledge and each client's matrix index are built at start-up, not by the first question.
import fs from "node:fs";
import { KNOWLEDGE_DIR } from "../../src/core/routing/knowledge-files";
import { knowledgeCompiled } from "../../src/core/routing/knowledge";
import { indexesBuilt } from "../../src/core/routing/matrix-index";
import { startHarness, type Harness } from "../support/harness";
import { teamsMessage } from "../support/teams-activities";

async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("routing warm-up at start-up", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ warmUp: true });
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await h.stop();
  });

  test("before anyone asks, the knowledge is compiled and the matrix indexed; the first question reads no knowledge file and builds no index", async () => {
    await until(() => knowledgeCompiled() && indexesBuilt() >= 1, "the routing warm-up");
    const builtAtStart = indexesBuilt();
    const reads = jest.spyOn(fs, "readFileSync");
    await h.teams(teamsMessage("who handles a printer that won't print?", { serviceUrl: h.connector.serviceUrl }));
    const reply = await h.connector.waitForActivity((a) => JSON.stringify(a.attachments ?? []).includes("Printers"));
    expect(reply).toBeDefined();
    expect(reads.mock.calls.filter(([file]) => String(file).startsWith(KNOWLEDGE_DIR))).toEqual([]);
    expect(indexesBuilt()).toBe(builtAtStart);
  });
});
