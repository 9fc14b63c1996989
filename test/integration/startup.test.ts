// What start-up does before the server listens, so the first person to write pays nothing extra.
import fs from "node:fs";
import * as matrixFormat from "../../src/core/matrix/format";
import { CARDS_DIR } from "../../src/adapters/cards/render";
import { startHarness, type Harness } from "../support/harness";
import { teamsMessage } from "../support/teams-activities";

describe("start-up", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await h.stop();
  });

  test("card templates and the matrix are parsed before listening: the first question reads no template and parses no matrix", async () => {
    const reads = jest.spyOn(fs, "readFileSync");
    const parses = jest.spyOn(matrixFormat, "parseMatrix");
    await h.teams(teamsMessage("who handles a printer that won't print?", { serviceUrl: h.connector.serviceUrl }));
    const reply = await h.connector.waitForActivity((a) => JSON.stringify(a.attachments ?? []).includes("Printers"));
    expect(reply).toBeDefined();
    expect(reads.mock.calls.filter(([file]) => String(file).startsWith(CARDS_DIR))).toEqual([]);
    expect(parses).not.toHaveBeenCalled();
  });
});
