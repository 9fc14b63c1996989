// A French or Spanish word neither the glossary nor the stop words know, spelled almost like one of the matrix's or
// the knowledge's English words, is read as that word; loose likenesses and short words are left as they are.
import { Cognates } from "../../../src/core/routing/cognates";
import { indexMatrix } from "../../../src/core/routing/matrix-index";
import { readQuestion } from "../../../src/core/routing/question";
import { routeQuestion } from "../../../src/core/routing/route";
import { testCategory, testMatrix } from "../../support/routing-fixtures";

describe("cognates", () => {
  const cognates = new Cognates(["quarantine", "configuration", "portal", "infected", "grandson", "intern", "house", "filter", "letter"]);

  test("a word one or two letters from an English word, beginning alike, is read as it", () => {
    expect(cognates.of("quarantaine")).toBe("quarantine");
    expect(cognates.of("configuracion")).toBe("configuration");
    expect(cognates.of("portail")).toBe("portal");
    expect(cognates.of("infecte")).toBe("infected");
  });

  test("two neighbouring letters swapped count as one edit (French -re for English -er)", () => {
    expect(cognates.of("filtre")).toBe("filter");
    expect(cognates.of("lettre")).toBe("letter");
  });

  test("loose likenesses and short words are not", () => {
    expect(cognates.of("grande")).toBeUndefined();
    expect(cognates.of("interrompu")).toBeUndefined();
    expect(cognates.of("housekeeping")).toBeUndefined();
    expect(cognates.of("porta")).toBeUndefined();
  });

  const matrix = testMatrix([
    testCategory("telemetry", "Vehicle telemetry", "The trucks' GPS units and their dashboards.", ["telemetry", "GPS unit"]),
    testCategory("computers", "Computers", "Laptops and desktops: faults, slowness, peripherals.", ["laptop", "desktop"]),
    testCategory("email", "Email", "Mailboxes, Outlook and calendars.", ["outlook", "mailbox"]),
  ]);

  test("the matrix's own English word is met by its French or Spanish cognate", () => {
    const index = indexMatrix(matrix);
    expect(readQuestion("la télémétrie du camion 12 ne remonte plus depuis lundi", index).mainEnglish).toContain("telemetry");
    expect(readQuestion("la telemetría del camión 12 no funciona desde el lunes", index).mainEnglish).toContain("telemetry");
    const decision = routeQuestion(matrix, "la telemetría del camión 12 no funciona desde el lunes");
    expect(decision.category?.id ?? decision.choices[0]).toBe("telemetry");
  });
});
