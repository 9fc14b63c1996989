// How a question is read: the main ask before an aside, and knowledge phrases that name a word itself rather than
// everything sharing its stem.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseMatrix } from "../../../src/core/matrix/format";
import type { Matrix } from "../../../src/core/matrix/model";
import { asideStart, readQuestion, withoutWhoAsks } from "../../../src/core/routing/question";
import { routeQuestion } from "../../../src/core/routing/route";
import { conceptIdsOf } from "../../support/question-concepts";

const matrix = (parseMatrix(readFileSync(join(__dirname, "../../fixtures/matrix/demo.yaml"), "utf8")) as { matrix: Matrix }).matrix;
const conceptsOf = conceptIdsOf;

describe("the main ask and an aside", () => {
  test.each([
    ["my laptop won't boot since this morning. also the printer by reception is out of toner", "also the printer"],
    ["VPN drops every 10 minutes from home, btw can I get a second monitor", "btw can I"],
    ["the scanner saves nothing to the folder. (separately, can I get Adobe Pro?)", "(separately"],
    ["l'imprimante est bloquée depuis ce matin. Par ailleurs, mon courriel est lent", "Par ailleurs"],
    ["no hay internet en la bodega, por cierto la impresora no imprime", "por cierto"],
    ["se cayó el internet en la sucursal. Ah y cuando vuelva, ¿me pueden instalar el Acrobat?", "Ah y cuando"],
    ["la laptop no prende, y de paso ¿me agregan la impresora del segundo piso?", "y de paso"],
    ["le VPN décroche sans arrêt. Au fait, mon écran clignote", "Au fait"],
  ])("%s: the aside starts at %s", (text, aside) => {
    const at = asideStart(text);
    expect(at).toBeGreaterThan(0);
    expect(text.slice(at).trim().replace(/^[.,;]\s*/, "").startsWith(aside)).toBe(true);
  });

  test("a message without a second topic, or a forwarded alert with details, has no aside", () => {
    expect(asideStart("Outlook keeps asking for my password, also on my phone")).toBeGreaterThan(0);
    expect(asideStart("the printer is jammed and nobody can print")).toBe(-1);
    expect(asideStart("[NinjaOne] Disk C: 3% free on SRV-01 (no heartbeat 15 min). also check the agent")).toBe(-1);
  });

  test("the first ask decides the category; the aside still counts a little", () => {
    const two = "Outlook won't send anything since this morning, the outbox is stuck. also the printer by reception is out of toner";
    expect(routeQuestion(matrix, two).category?.id).toBe("email-collaboration");
    const swapped = "the printer by reception is jammed and shows an error. also Outlook is a bit slow";
    expect(routeQuestion(matrix, swapped).category?.id).toBe("printers-scanners");
    const q = readQuestion(two);
    expect(q.main).toBeLessThan(q.words.length);
    expect(q.content).not.toContain("printer");
  });
});

describe("knowledge phrases that name the word itself", () => {
  test("'=teams' is Microsoft Teams, not any team; 'personal', 'internal' and 'department' are not their stems' other words", () => {
    expect(conceptsOf("teams keeps logging me out")).toContain("collaboration");
    expect(conceptsOf("he is no longer on that team")).not.toContain("collaboration");
    expect(conceptsOf("my personal phone")).toContain("personal-devices");
    expect(conceptsOf("this person needs access")).not.toContain("personal-devices");
    expect(conceptsOf("the internal host is down")).not.toContain("onboarding");
    expect(conceptsOf("the finance department")).not.toContain("offboarding");
    expect(conceptsOf("we have a termination tonight")).toContain("offboarding");
    expect(conceptsOf("the card terminal is offline")).not.toContain("offboarding");
    expect(conceptsOf("my second monitor is not detected")).not.toContain("monitoring");
  });
});

describe("who asks is not what it is about", () => {
  test.each([
    ["we terminated someone today, HR says cut her access tonight", "HR"],
    ["HR here — Tom resigned, please disable everything now", "HR"],
    ["my manager approved, I need the Bridges folder", "my manager"],
    ["RH pide que le quiten el acceso a Laura", "RH"],
    ["la compta veut un accès au dossier", "la compta"],
  ])("%s: %s is blanked", (text, who) => {
    const read = withoutWhoAsks(text);
    expect(read).toHaveLength(text.length);
    expect(read).not.toContain(who);
  });

  test("the department as the topic stays", () => {
    for (const text of ["the HR portal won't load", "payroll is down", "can you move the payroll folder"]) expect(withoutWhoAsks(text)).toBe(text);
  });

  test("a department asking adds no office life to the request; a department's own system still does", () => {
    for (const text of ["we terminated someone today, HR says cut her access tonight", "HR here — Tom resigned tonight, please disable everything", "RH pide que le quiten el acceso a Laura"]) {
      expect(readQuestion(text).nonItWeight).toBe(0);
    }
    expect(readQuestion("the HR portal won't load").nonItWeight).toBeGreaterThan(0);
    // Read as it is, the leaver reported by HR is sure enough to answer outright.
    const d = routeQuestion(matrix, "HR here — Tom resigned tonight, please disable everything");
    expect([d.decision, d.category?.id]).toEqual(["answer", "onboarding-offboarding"]);
  });
});
