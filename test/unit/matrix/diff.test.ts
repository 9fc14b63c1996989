import { describeChanges, diffMatrices } from "../../../src/core/matrix/diff";
import { category, demoMatrix } from "./demo-matrix";

describe("diffMatrices", () => {
  test("identical matrices have no changes", () => {
    expect(diffMatrices(demoMatrix(), demoMatrix())).toEqual([]);
  });

  test("finds category additions, removals, renames and field changes", () => {
    const a = demoMatrix();
    const b = demoMatrix();
    b.version = 5;
    category(b, "printers-scanners").owner = "msp";
    category(b, "printers-scanners").afterHours = "internal";
    category(b, "printers-scanners").keywords.push("plotter");
    category(b, "printers-scanners").keywords.splice(0, 1); // drop "printer"
    category(b, "network-wifi").name = "Network & Wi-Fi";
    category(b, "network-wifi").escalation = "Bluefin NOC calls the ISP.";
    category(b, "accounts-access").backup = "msp";
    b.categories = b.categories.filter((c) => c.id !== "meeting-rooms");
    b.categories.push({ ...category(a, "meeting-rooms"), id: "printing-plotters", name: "Plotters", owner: "joint" });

    const changes = diffMatrices(a, b);
    expect(changes).toEqual(expect.arrayContaining([
      { kind: "version", from: 4, to: 5 },
      { kind: "category-field", id: "printers-scanners", name: "Printers & scanners", field: "owner", from: "internal", to: "msp" },
      { kind: "category-field", id: "printers-scanners", name: "Printers & scanners", field: "afterHours", from: "msp", to: "internal" },
      { kind: "category-list", id: "printers-scanners", name: "Printers & scanners", field: "keywords", added: ["plotter"], removed: ["printer"] },
      { kind: "category-renamed", id: "network-wifi", from: "Network, Wi-Fi & internet", to: "Network & Wi-Fi" },
      expect.objectContaining({ kind: "category-field", id: "network-wifi", field: "escalation" }),
      expect.objectContaining({ kind: "category-field", id: "accounts-access", field: "backup", from: "none", to: "msp" }),
      { kind: "category-removed", id: "meeting-rooms", name: "Meeting rooms & AV" },
      { kind: "category-added", id: "printing-plotters", name: "Plotters", owner: "joint" },
    ]));
    expect(changes).toHaveLength(9);
  });

  test("finds business hours, time zone, holiday and party changes", () => {
    const a = demoMatrix();
    const b = demoMatrix();
    b.businessHours = { ...b.businessHours, timezone: "America/Vancouver", end: "18:00", holidays: [...b.businessHours.holidays.slice(1), "2027-08-02"] };
    b.parties.msp.name = "Bluefin MSP Inc.";
    b.parties.internal.contacts = ["Alex Example", "Jordan New"];
    const kinds = diffMatrices(a, b);
    expect(kinds).toEqual([
      { kind: "party-contacts", party: "internal", added: ["Jordan New"], removed: ["Priya Natarajan"] },
      { kind: "party-renamed", party: "msp", from: "Bluefin Managed Services", to: "Bluefin MSP Inc." },
      { kind: "timezone", from: "America/Toronto", to: "America/Vancouver" },
      { kind: "business-hours", from: "mon, tue, wed, thu, fri 08:30-17:30", to: "mon, tue, wed, thu, fri 08:30-18:00" },
      { kind: "holidays", added: ["2027-08-02"], removed: ["2026-09-07"] },
    ]);
  });
});

describe("describeChanges", () => {
  test("one readable line per change", () => {
    const a = demoMatrix();
    const b = demoMatrix();
    category(b, "printers-scanners").owner = "msp";
    category(b, "network-wifi").name = "Network & Wi-Fi";
    b.businessHours.holidays.push("2027-08-02");
    b.slaMinutes = { ...b.slaMinutes, 1: 15 };
    b.categories = b.categories.filter((c) => c.id !== "meeting-rooms");
    expect(describeChanges(diffMatrices(a, b))).toEqual([
      'Holidays added "2027-08-02"',
      "Sev-1 SLA 30m -> 15m",
      "Removed category Meeting rooms & AV (meeting-rooms)",
      "Printers & scanners (printers-scanners): owner internal -> msp",
      'Renamed category network-wifi: "Network, Wi-Fi & internet" -> "Network & Wi-Fi"',
    ]);
  });
});
