import { escapeText, foldLine, qbrInvitationIcs } from "../../../src/core/schedules/ics";

const t = (s: string) => new Date(s);
const unfold = (ics: string) => ics.replace(/\r\n /g, "");

describe("QBR invitation (.ics)", () => {
  const event = {
    uid: "qbr-2027-01-15@maple.tandem",
    dtstamp: t("2026-12-20T10:00:00Z"),
    start: t("2027-01-15T15:00:00Z"),
    end: t("2027-01-15T16:30:00Z"),
    summary: "QBR; Maple Ridge, Bluefin",
    description: "1. Matrix review (v4, signed 2026-06-01): Printers & scanners is resolved mostly by the MSP.\n2. Quarter metrics\n3. Drills — none in 90 days ⚠",
    timezone: "America/Toronto",
    organizer: { name: "Alex Example", email: "alex@example.com" },
    attendees: [{ name: "Sam Sample", email: "sam@example.net" }],
  };
  const ics = qbrInvitationIcs(event);

  it("is a VCALENDAR with one VEVENT, CRLF line ends, UID, DTSTAMP and a TZID start", () => {
    expect(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")).toBe(true);
    expect(ics.endsWith("END:VEVENT\r\nEND:VCALENDAR\r\n")).toBe(true);
    expect(ics).not.toMatch(/[^\r]\n/);
    const u = unfold(ics);
    expect(u).toContain("\r\nUID:qbr-2027-01-15@maple.tandem\r\n");
    expect(u).toContain("\r\nDTSTAMP:20261220T100000Z\r\n");
    expect(u).toContain("\r\nDTSTART;TZID=America/Toronto:20270115T100000\r\n");
    expect(u).toContain("\r\nDTEND;TZID=America/Toronto:20270115T113000\r\n");
    expect(u).toContain("\r\nMETHOD:REQUEST\r\n");
    expect(u).toContain('\r\nATTENDEE;CN="Sam Sample";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:sam@example.net\r\n');
  });

  it("defines the zone it names, with the real DST transitions", () => {
    const u = unfold(ics);
    expect(u).toContain("BEGIN:VTIMEZONE\r\nTZID:America/Toronto\r\n");
    expect(u).toContain("BEGIN:DAYLIGHT\r\nDTSTART:20270314T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nEND:DAYLIGHT");
    expect(u).toContain("BEGIN:STANDARD\r\nDTSTART:20261101T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nEND:STANDARD");
  });

  it("escapes text and folds long lines at 75 octets without splitting characters", () => {
    for (const line of ics.split("\r\n")) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
    expect(ics).not.toContain("\uFFFD");
    const u = unfold(ics);
    expect(u).toContain("\r\nSUMMARY:QBR\\; Maple Ridge\\, Bluefin\r\n");
    expect(u).toContain("\r\nDESCRIPTION:1. Matrix review (v4\\, signed 2026-06-01): Printers & scanners is resolved mostly by the MSP.\\n2. Quarter metrics\\n3. Drills — none in 90 days ⚠\r\n");
  });

  it("folds multi-byte text on character boundaries", () => {
    const line = `DESCRIPTION:${"é".repeat(60)}`;
    const folded = foldLine(line);
    const parts = folded.split("\r\n");
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(Buffer.byteLength(p, "utf8")).toBeLessThanOrEqual(75);
    expect(parts.slice(1).every((p) => p.startsWith(" "))).toBe(true);
    expect(folded.replace(/\r\n /g, "")).toBe(line);
    expect(foldLine("SHORT:x")).toBe("SHORT:x");
  });

  it("southern-hemisphere zones get daylight time starting in October", () => {
    const sydney = unfold(qbrInvitationIcs({ ...event, timezone: "Australia/Sydney" }));
    expect(sydney).toContain("\r\nDTSTART;TZID=Australia/Sydney:20270116T020000\r\n");
    expect(sydney).toContain("BEGIN:DAYLIGHT\r\nDTSTART:20261004T020000\r\nTZOFFSETFROM:+1000\r\nTZOFFSETTO:+1100\r\nEND:DAYLIGHT");
    expect(sydney).toContain("BEGIN:STANDARD\r\nDTSTART:20270404T030000\r\nTZOFFSETFROM:+1100\r\nTZOFFSETTO:+1000\r\nEND:STANDARD");
  });

  it("uses UTC times and PUBLISH without a zone or attendees", () => {
    const plain = unfold(qbrInvitationIcs({ ...event, timezone: undefined, organizer: undefined, attendees: undefined }));
    expect(plain).toContain("\r\nDTSTART:20270115T150000Z\r\n");
    expect(plain).toContain("\r\nMETHOD:PUBLISH\r\n");
    expect(plain).not.toContain("VTIMEZONE");
  });

  it("escapes backslashes before the rest", () => {
    expect(escapeText("a\\b;c,d\r\ne")).toBe("a\\\\b\\;c\\,d\\ne");
  });
});
