import { formatMinutes } from "../../../src/core/duration";
import { parseDuration } from "../../../src/core/tickets/duration";
import { parseEscalate, parseLogTime, parseMakeTicket, parseTicketRef, parseTicketThis } from "../../../src/core/tickets/ticket-text";
import { sideOf } from "../../../src/core/tickets/sides";

describe("reading what people type", () => {
  test("ticket references use the client's prefix, any case, or #n", () => {
    expect(parseTicketRef("HL-42", "HL")).toBe(42);
    expect(parseTicketRef("hl-7,", "HL")).toBe(7);
    expect(parseTicketRef("#12", "HL")).toBe(12);
    expect(parseTicketRef("AB-42", "HL")).toBeNull();
    expect(parseTicketRef("42", "HL")).toBeNull();
  });

  test("\"ticket this\" alone or with a note after a separator; otherwise the text of a new ticket", () => {
    expect(parseTicketThis("this")).toEqual({ note: "" });
    expect(parseTicketThis("This.")).toEqual({ note: "" });
    expect(parseTicketThis("this please")).toEqual({ note: "" });
    expect(parseTicketThis("that message")).toEqual({ note: "" });
    expect(parseTicketThis("this: floor 2 too")).toEqual({ note: "floor 2 too" });
    expect(parseTicketThis("this - since Monday")).toEqual({ note: "since Monday" });
    expect(parseTicketThis("this \u2014 urgent for payroll")).toEqual({ note: "urgent for payroll" });
    expect(parseTicketThis("this, thanks")).toEqual({ note: "" });
    expect(parseTicketThis("this laptop won't boot")).toBeNull();
    expect(parseTicketThis("that's broken again")).toBeNull();
    expect(parseTicketThis("the printer")).toBeNull();
    expect(parseMakeTicket("this a ticket")).toEqual({ note: "" });
    expect(parseMakeTicket("this into a ticket please")).toEqual({ note: "" });
    expect(parseMakeTicket("that message a ticket: the VPN too")).toEqual({ note: "the VPN too" });
    expect(parseMakeTicket("it a ticket")).toEqual({ note: "" });
    expect(parseMakeTicket("sure the printer works")).toBeNull();
    expect(parseMakeTicket("this a ticketing question")).toBeNull();
  });

  test("escalate: an existing ticket with optional severity and reason, or the text of a new one", () => {
    expect(parseEscalate("HL-42 2 printer on fire", "HL")).toEqual({ kind: "existing", number: 42, severity: 2, reason: "printer on fire" });
    expect(parseEscalate("HL-42 sev1 payroll today", "HL")).toEqual({ kind: "existing", number: 42, severity: 1, reason: "payroll today" });
    expect(parseEscalate("HL-42 sev 3", "HL")).toEqual({ kind: "existing", number: 42, severity: 3, reason: "" });
    expect(parseEscalate("HL-42 no internet on floor 2", "HL")).toEqual({ kind: "existing", number: 42, severity: null, reason: "no internet on floor 2" });
    expect(parseEscalate("sev2 the file server is down", "HL")).toEqual({ kind: "new", text: "the file server is down", severity: 2 });
    // A leading number in the text of a new ticket is text, not a severity.
    expect(parseEscalate("2 printers are down", "HL")).toEqual({ kind: "new", text: "2 printers are down", severity: null });
    expect(parseEscalate("   ", "HL")).toEqual({ kind: "empty" });
  });

  test("log: duration and ticket in any order, the rest is the note", () => {
    expect(parseLogTime("30m HL-42", "HL")).toEqual({ number: 42, minutes: 30, note: "" });
    expect(parseLogTime("HL-42 1h 15m replaced the toner", "HL")).toEqual({ number: 42, minutes: 75, note: "replaced the toner" });
    expect(parseLogTime("1.5h #9", "HL")).toEqual({ number: 9, minutes: 90, note: "" });
    expect(parseLogTime("HL-42 sometime", "HL")).toEqual({ number: 42, minutes: null, note: "sometime" });
  });

  test("durations", () => {
    expect(parseDuration("30m")).toBe(30);
    expect(parseDuration("45 min")).toBe(45);
    expect(parseDuration("1h")).toBe(60);
    expect(parseDuration("1h15m")).toBe(75);
    expect(parseDuration("1h 15")).toBe(75);
    expect(parseDuration("2 hours")).toBe(120);
    expect(parseDuration("1,5h")).toBe(90);
    expect(parseDuration("90")).toBe(90);
    expect(parseDuration("0")).toBeNull();
    expect(parseDuration("soon")).toBeNull();
    expect(formatMinutes(75)).toBe("1h 15m");
    expect(formatMinutes(120)).toBe("2h");
    expect(formatMinutes(-45)).toBe("-45m");
  });

  test("the side someone acts for", () => {
    expect(sideOf(["internal-it"])).toBe("internal");
    expect(sideOf(["msp-lead"])).toBe("msp");
    expect(sideOf(["staff"])).toBeNull();
    expect(sideOf(["internal-it", "msp-tech"], "msp")).toBe("msp");
    expect(sideOf(["internal-it", "msp-tech"], "requester")).toBe("internal");
  });
});
