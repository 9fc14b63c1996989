import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseMatrix } from "../../../src/core/matrix/format";
import type { Actor, ChannelRef } from "../../../src/core/conversation/events";
import { escalationPath } from "../../../src/core/tickets/escalation";

const parsed = parseMatrix(readFileSync(join(__dirname, "../../fixtures/matrix/demo.yaml"), "utf8"));
if (!parsed.ok) throw new Error("demo matrix fixture is invalid");
const matrix = parsed.matrix;
const category = (id: string) => matrix.categories.find((c) => c.id === id)!;

const slack: ChannelRef = { platform: "slack", id: "C1", teamId: "T1", isDirect: false };
const teams: ChannelRef = { platform: "teams", id: "19:x", teamId: "tenant-1", isDirect: false };
const person = (platform: "slack" | "teams", userId: string, name: string): Actor => ({ platform, teamId: platform === "slack" ? "T1" : "tenant-1", userId, name });
const techs = [person("slack", "UNIA", "Nia Tech"), person("slack", "UOMAR", "Omar Tech"), person("teams", "aad-nia", "Nia Tech")];
const leads = [person("slack", "ULEE", "Lee Lead")];
const BUSINESS = new Date("2026-09-08T14:00:00Z");

describe("the escalation path", () => {
  test("the MSP's contact for the category first (from the matrix's chat ids), then MSP techs, then the MSP lead", () => {
    const path = escalationPath({ channel: slack, matrix, category: category("servers-infrastructure"), at: BUSINESS, away: new Set(), mspTechs: techs, mspLeads: leads });
    expect(path.map((p) => `${p.name}:${p.why}:${p.actor.teamId}/${p.actor.userId}`)).toEqual([
      "Sam Sample:owner:T0MAPLE/U03SAM",
      "Nia Tech:msp-tech:T1/UNIA",
      "Omar Tech:msp-tech:T1/UOMAR",
      "Lee Lead:msp-lead:T1/ULEE",
    ]);
  });

  test("an away owner is skipped: the next contact stands in as backup", () => {
    const people = [...techs, person("slack", "UNOC", "Bluefin NOC")];
    const path = escalationPath({ channel: slack, matrix, category: category("network-wifi"), at: BUSINESS, away: new Set(["Bluefin NOC"]), mspTechs: people, mspLeads: leads });
    expect(path[0]).toMatchObject({ name: "Sam Sample", why: "backup" });
    expect(path.some((p) => p.name === "Bluefin NOC")).toBe(false);
    const present = escalationPath({ channel: slack, matrix, category: category("network-wifi"), at: BUSINESS, away: new Set(), mspTechs: people, mspLeads: leads });
    expect(present[0]).toMatchObject({ name: "Bluefin NOC", why: "owner" });
  });

  test("only people on the channel's platform are paged, each once", () => {
    const path = escalationPath({ channel: teams, matrix, category: category("servers-infrastructure"), at: BUSINESS, away: new Set(), mspTechs: techs, mspLeads: leads });
    expect(path.map((p) => `${p.actor.platform}:${p.actor.userId}`)).toEqual(["teams:aad-nia"]);
  });

  test("with everybody away the lead is still paged rather than nobody; with no matrix, techs then leads", () => {
    const away = new Set(["Sam Sample", "Bluefin NOC", "Nia Tech", "Omar Tech", "Lee Lead"]);
    expect(escalationPath({ channel: slack, matrix, category: null, at: BUSINESS, away, mspTechs: techs, mspLeads: leads }).map((p) => p.name)).toEqual(["Lee Lead"]);
    expect(escalationPath({ channel: slack, matrix: null, category: null, at: BUSINESS, away: new Set(), mspTechs: techs, mspLeads: leads }).map((p) => p.name)).toEqual(["Nia Tech", "Omar Tech", "Lee Lead"]);
  });
});
