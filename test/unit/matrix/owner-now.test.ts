import { ownerNow, type AwayInfo } from "../../../src/core/matrix/owner-now";
import { category, demoMatrix } from "./demo-matrix";

const m = demoMatrix();
const TUE_10_12 = new Date("2026-09-08T14:12:00Z"); // Tue 8 Sep 2026 10:12 EDT
const FRI_19_00 = new Date("2026-09-04T23:00:00Z"); // Fri 4 Sep 19:00 EDT, before Labour Day
const CHRISTMAS_10_00 = new Date("2026-12-25T15:00:00Z"); // Fri 25 Dec 10:00 EST
const away = (...names: string[]): AwayInfo => ({ isAway: (name) => names.includes(name) });

describe("ownerNow", () => {
  test("business hours: the owner has it, with the party's contacts and the backup", () => {
    const now = ownerNow(m, category(m, "printers-scanners"), TUE_10_12);
    expect(now).toMatchObject({
      side: "internal", leadSide: "internal", partyName: "Maple Ridge Internal IT", businessHours: true,
      backup: { side: "msp", partyName: "Bluefin Managed Services" }, ownerAway: false, effectiveSide: "internal",
      reason: "Business hours: it is Tue 8 Sep, 10:12 EDT",
    });
    expect(now.contacts).toEqual([{ name: "Alex Example", away: false }, { name: "Priya Natarajan", away: false }]);
  });

  test("after hours: the after-hours side has it until the next opening, past a holiday Monday", () => {
    const now = ownerNow(m, category(m, "printers-scanners"), FRI_19_00);
    expect(now).toMatchObject({ side: "msp", leadSide: "msp", partyName: "Bluefin Managed Services", businessHours: false, effectiveSide: "msp" });
    expect(now.reason).toBe("After hours: the MSP has it until Tue 8 Sep, 08:30 EDT");
    // The backup is the MSP, which already has it: no one backs themselves up.
    expect(now.backup).toBeNull();
  });

  test("a holiday on a weekday says so", () => {
    const now = ownerNow(m, category(m, "end-user-devices"), CHRISTMAS_10_00);
    expect(now.businessHours).toBe(false);
    expect(now.reason).toMatch(/^After hours \(holiday\): the MSP has it until Tue 29 Dec, 08:30 EST$/);
  });

  test("an after-hours side that is internal keeps internal IT in charge at night", () => {
    expect(ownerNow(m, category(m, "phones-voip"), FRI_19_00)).toMatchObject({ side: "internal", partyName: "Maple Ridge Internal IT" });
  });

  test("joint categories: the lead leads in business hours (internal by default), the after-hours side outside", () => {
    const accounts = category(m, "accounts-access");
    expect(ownerNow(m, accounts, TUE_10_12)).toMatchObject({ side: "joint", leadSide: "internal", partyName: "Maple Ridge Internal IT" });
    expect(ownerNow(m, accounts, TUE_10_12).reason).toMatch(/joint, internal IT leads/);
    expect(ownerNow(m, accounts, FRI_19_00)).toMatchObject({ side: "msp", leadSide: "msp" });
    expect(ownerNow(m, category(m, "security-incidents"), TUE_10_12)).toMatchObject({ side: "joint", leadSide: "msp" });
    const { lead, ...noLead } = category(m, "security-incidents");
    expect(lead).toBe("msp");
    expect(ownerNow(m, noLead, TUE_10_12).leadSide).toBe("internal");
  });

  test("category contacts replace the party's contacts", () => {
    const now = ownerNow(m, category(m, "network-wifi"), TUE_10_12);
    expect(now.contacts.map((c) => c.name)).toEqual(["Bluefin NOC", "Sam Sample"]);
  });

  test("every owner contact away: the backup should act", () => {
    const now = ownerNow(m, category(m, "printers-scanners"), TUE_10_12, away("Alex Example", "Priya Natarajan"));
    expect(now.ownerAway).toBe(true);
    expect(now.side).toBe("internal");
    expect(now.effectiveSide).toBe("msp");
    expect(now.contacts.every((c) => c.away)).toBe(true);
    expect(now.reason).toMatch(/every named contact is away, so the MSP should act/);
  });

  test("only some contacts away: the owner still acts, the away ones are marked", () => {
    const now = ownerNow(m, category(m, "printers-scanners"), TUE_10_12, away("Alex Example"));
    expect(now.ownerAway).toBe(false);
    expect(now.effectiveSide).toBe("internal");
    expect(now.contacts).toEqual([{ name: "Alex Example", away: true }, { name: "Priya Natarajan", away: false }]);
  });

  test("a joint lead away hands it to the other side even without a backup", () => {
    const now = ownerNow(m, category(m, "accounts-access"), TUE_10_12, away("Alex Example", "Priya Natarajan"));
    expect(now.backup).toBeNull();
    expect(now.effectiveSide).toBe("msp");
  });

  test("owner away with no backup: the owner stays responsible and the reason says there is no backup", () => {
    const now = ownerNow(m, category(m, "business-applications"), TUE_10_12, away("Alex Example", "Priya Natarajan"));
    expect(now.ownerAway).toBe(true);
    expect(now.effectiveSide).toBe("internal");
    expect(now.reason).toMatch(/no backup/);
  });
});
