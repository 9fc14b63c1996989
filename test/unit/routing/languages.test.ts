// French and Spanish questions reach the same category as the English one on an English matrix, and accented
// letters (é, ñ, ç) are read, not dropped.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseMatrix } from "../../../src/core/matrix/format";
import type { Matrix } from "../../../src/core/matrix/model";
import { routeQuestion } from "../../../src/core/routing/route";
import { words } from "../../../src/core/routing/text";

const matrix = (parseMatrix(readFileSync(join(__dirname, "../../fixtures/matrix/demo.yaml"), "utf8")) as { matrix: Matrix }).matrix;

describe("French and Spanish", () => {
  test.each([
    ["the printer on the second floor is jammed", "l'imprimante du 2e étage est bloquée", "la impresora no imprime, se atoró el papel", "printers-scanners"],
    ["forgot my password and my account is locked", "j'ai oublié mon mot de passe et mon compte est verrouillé", "olvidé mi contraseña y mi cuenta está bloqueada", "accounts-access"],
    ["my email stopped working in Outlook", "mon courriel ne fonctionne plus dans Outlook", "mi correo ya no funciona en Outlook", "email-collaboration"],
    ["there is no internet in the office", "il n'y a pas d'internet au bureau", "no hay internet en la oficina", "network-wifi"],
  ])("%s / %s / %s -> %s", (english, french, spanish, category) => {
    for (const text of [english, french, spanish]) {
      const decision = routeQuestion(matrix, text);
      expect(decision.decision).not.toBe("none");
      expect(decision.category?.id).toBe(category);
    }
  });

  test("office life in French or Spanish is not in the matrix", () => {
    expect(routeQuestion(matrix, "où est le menu du dîner?").decision).toBe("none");
    expect(routeQuestion(matrix, "¿cuándo me pagan las vacaciones?").decision).toBe("none");
  });

  test("accented and non-Latin letters are kept in words", () => {
    expect(words("Contraseña d'accès, Größe, Ελληνικά, 日本語").map((w) => w.text)).toEqual(["contrasena", "acces", "große", "ελληνικα", "日本語"]);
  });
});
