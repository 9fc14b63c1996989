// French and Spanish questions reach the same category as the English one on an English matrix, and accented
// letters (é, ñ, ç) are read, not dropped.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseMatrix } from "../../../src/core/matrix/format";
import type { Matrix } from "../../../src/core/matrix/model";
import { knowledge } from "../../../src/core/routing/knowledge";
import { routeQuestion } from "../../../src/core/routing/route";
import { readQuestion } from "../../../src/core/routing/question";
import { words } from "../../../src/core/routing/text";
import { indexMatrix } from "../../../src/core/routing/matrix-index";
import { testCategory, testMatrix } from "../../support/routing-fixtures";
import { conceptIdsOf, conceptWeightsOf } from "../../support/question-concepts";

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

  test("of two glossary words with one stem, the one written as the question writes it is read", () => {
    // "órdenes" (orders) and "ordenador" (computer) stem alike in Spanish; so do "puerto" (port) and "puerta" (door).
    expect(readQuestion("no salen las órdenes de la cocina").mainEnglish).toContain("order");
    expect(readQuestion("no salen las órdenes de la cocina").mainEnglish).not.toContain("computer");
    expect(readQuestion("el ordenador no arranca").mainEnglish).toContain("computer");
  });

  test("typo correction leaves real French and Spanish words alone, and still fixes slips", () => {
    // One letter from a knowledge word: "dessus" (on top) is not Nessus, "livrer" (to deliver) not "livre",
    // "perdió" (lost) is not "perio", "recibe" (receives) is not "recibo".
    expect(readQuestion("le câble est posé dessus, il faut livrer le poste").words).toEqual(expect.arrayContaining(["dessus", "livrer"]));
    expect(readQuestion("se perdió la señal y nadie recibe nada").words).toEqual(expect.arrayContaining(["perdio", "recibe"]));
    expect(readQuestion("l'imprinmante est bloquée").words).toContain("imprimante");
    expect(readQuestion("la impresroa no imprime").words).toContain("impresora");
  });

  test("accented and non-Latin letters are kept in words", () => {
    expect(words("Contraseña d'accès, Größe, Ελληνικά, 日本語").map((w) => w.text)).toEqual(["contrasena", "acces", "große", "ελληνικα", "日本語"]);
  });

  test("French elision comes off a capitalised word at the start of a sentence too", () => {
    expect(words("J'ai un problème. L'imprimante est en panne").map((w) => w.text)).toEqual(["ai", "un", "probleme", "imprimante", "est", "en", "panne"]);
  });

  test("a French or Spanish question is read in English words through the glossary, longest phrase first", () => {
    expect(readQuestion("mon mot de passe est expiré depuis hier").mainEnglish).toEqual(expect.arrayContaining(["password", "expired", "yesterday"]));
    expect(readQuestion("la impresora de etiquetas no imprime nada").mainEnglish).toEqual(expect.arrayContaining(["label", "printer"]));
    // Names and loanwords the glossary doesn't know stay as they are.
    expect(readQuestion("mon courriel Outlook ne fonctionne plus").mainEnglish).toEqual(expect.arrayContaining(["email", "outlook"]));
  });

  test("French and Spanish words that part phrases part them in English too", () => {
    const someoneElses = knowledge().conceptIds.get("someone-elses")!;
    expect(readQuestion("llevo 20 minutos con el cliente en el teléfono y la computadora se congeló").concepts.has(someoneElses)).toBe(false);
    expect(readQuestion("je suis avec le client au téléphone et l'ordinateur a gelé").concepts.has(someoneElses)).toBe(false);
  });

  test("a stop word takes a glossary entry only written as it is, not one sharing its stem", () => {
    // "para" (for) shares its stem with "parar" (to stop).
    expect(readQuestion("necesito una carpeta compartida para el equipo de ventas").mainEnglish).not.toContain("stop");
    expect(readQuestion("la banda se para cada cinco minutos").mainEnglish).toContain("stop");
  });

  test("a word written as the matrix names something stays that word, whatever glossary word shares its stem", () => {
    const raters = testMatrix([
      testCategory("raters", "Comparative raters", "Quoting tools for personal lines.", ["rater", "quoting"], { owner: "msp" }),
      testCategory("phones", "Phones", "Desk phones and headsets.", ["phone", "headset"], { owner: "internal" }),
    ]);
    const question = "el rater no carga desde la mañana";
    expect(readQuestion(question, indexMatrix(raters)).mainEnglish).toContain("rater");
    expect(readQuestion(question).mainEnglish).not.toContain("rater");
  });

  test("everyday workplace Spanish and French are read in English words (colloquial forms, anglicisms)", () => {
    const english = (text: string) => readQuestion(text).mainEnglish;
    expect(english("la compu no prende")).toEqual(expect.arrayContaining(["computer", "wont", "turn"]));
    expect(english("se cayó el sistema otra vez")).toEqual(expect.arrayContaining(["system", "down"]));
    expect(english("la terminal de pago rechaza las tarjetas")).toEqual(expect.arrayContaining(["card", "declined"]));
    expect(english("mon ordi veut pas partir")).toEqual(expect.arrayContaining(["computer", "wont", "turn"]));
    expect(english("je suis barré de mon compte")).toEqual(expect.arrayContaining(["locked", "out", "account"]));
    expect(english("le terminal de paiement refuse les cartes")).toEqual(expect.arrayContaining(["card", "declined"]));
  });

  test.each([
    ["la compu no prende", "end-user-devices"],
    ["mon ordi veut pas partir", "end-user-devices"],
    ["no me deja entrar, se me olvidó la contraseña", "accounts-access"],
    ["je suis barré de mon compte", "accounts-access"],
  ])("colloquial %s -> %s", (text, category) => {
    const decision = routeQuestion(matrix, text);
    expect(decision.decision).not.toBe("none");
    expect(decision.category?.id).toBe(category);
  });

  test("a short line with one telling word and no English function word is read in that language", () => {
    expect(readQuestion("el radio no funciona").language).toBe("es");
    expect(readQuestion("l'écran reste noir").language).toBe("fr");
    // An English line with one Spanish word stays English.
    expect(readQuestion("the impresora is jammed").language).toBe("en");
  });

  test("a French or Spanish question's slips are corrected against its glossary, English words are left alone", () => {
    expect(readQuestion("la computdora esta bien lneta").mainEnglish).toEqual(expect.arrayContaining(["computer", "slow"]));
    expect(readQuestion("mon ordinatuer ne demarre plus").mainEnglish).toEqual(expect.arrayContaining(["computer"]));
    expect(readQuestion("las computadres estan bien lentas").mainEnglish).toEqual(expect.arrayContaining(["computer"]));
    // The glossary's words are no typo targets for an English question ("computadores" is a glossary word only).
    expect(readQuestion("the computadres are slow").words).toContain("computadres");
  });

  test("the question's own stop words never match an English phrase, and a lone \"bloqué\" is stuck, not locked out", () => {
    const ids = conceptIdsOf;
    // "mes" is "my" in French, not MES (a manufacturing execution system).
    expect(ids("mes courriels ne partent plus depuis ce matin")).not.toContain("mes");
    expect(ids("mes courriels ne partent plus depuis ce matin")).toContain("email");
    expect(ids("l'imprimante du 2e étage est bloquée")).not.toContain("password");
    expect(ids("mon compte est bloqué, je ne peux plus me connecter")).toContain("password");
  });
});


describe("adjectives after the noun", () => {
  test("a French or Spanish adjective after its noun is said before it in English, so English phrases meet it", () => {
    const english = (text: string) => readQuestion(text).mainEnglish.join(" ");
    expect(english("Tous les fichiers ont une extension bizarre")).toContain("weird extension");
    expect(english("la laptop nueva no prende")).toContain("new laptop");
    // Only right after the noun: "está lento" says how the server is.
    expect(english("el file server está super lento")).toContain("file server");
    expect(english("el file server está lento para todos")).toContain("everyone");
    // An adjective already before its noun stays there.
    expect(english("mon nouveau portable ne démarre pas")).not.toMatch(/laptop new/);
  });
});

describe("French and Spanish words read as the English ones read", () => {
  test("a camera is not a Teams call unless it is my camera; Windows updates in Spanglish are patching", () => {
    const ids = conceptIdsOf;
    expect(ids("las fotos de la cámara intraoral salen rosas")).not.toContain("collaboration");
    expect(ids("podemos mover los updates de windows al fin de semana?")).toContain("patching");
    expect(ids("les mises à jour de windows ont planté mon poste")).toContain("patching");
    // "actualizar" alone is as vague as "update": it does not make a question about patching.
    expect(conceptWeightsOf("pueden actualizar el documento")("patching")).toBeLessThan(1);
    expect(readQuestion("alguien puede actualizar nuestra página de empleos").mainEnglish).toContain("careers");
  });
});


describe("words that share a glossary word's stem", () => {
  // The Snowball stemmer gives "damos" and "dama", "pagar" and "página", "proceso" and "procesador" one stem: a word the
  // glossary does not list as written is read as the one it shares a stem with, unless listed under its own meaning.
  test("a common word of another meaning is read as itself, not as the glossary word its stem meets", () => {
    const english = (text: string) => readQuestion(text).mainEnglish;
    expect(english("les damos acceso mañana")).toContain("give");
    expect(english("les damos acceso mañana")).not.toContain("woman");
    expect(english("hay que pagar la factura del proveedor")).toContain("pay");
    expect(english("hay que pagar la factura del proveedor")).not.toContain("page");
    expect(english("lancen el proceso de respaldo")).not.toContain("processor");
  });

  test("the other number of a listed word is read too where the stemmer parts the two", () => {
    expect(readQuestion("la luz roja parpadea").mainEnglish).toContain("light");
    expect(readQuestion("les micros grésillent pendant les appels").mainEnglish).toContain("microphones");
  });
});
