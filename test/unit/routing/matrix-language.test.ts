// A matrix written in French or Spanish is read in English words too, so English, French and Spanish questions meet
// it; an English matrix with a French word or two in it is read as it is.
import { matrixLanguage, withEnglish } from "../../../src/core/routing/matrix-language";
import { CATEGORY_FEATURES } from "../../../src/core/routing/features";
import { featuresFor, routeQuestion } from "../../../src/core/routing/route";
import { testCategory, testMatrix } from "../../support/routing-fixtures";

const french = testMatrix([
  testCategory("imprimantes", "Imprimantes et numériseurs", "Les imprimantes et les photocopieurs des bureaux, les bourrages et les cartouches.", ["imprimante", "photocopieur"]),
  testCategory("comptes", "Comptes et mots de passe", "La réinitialisation des mots de passe, les comptes verrouillés et l'authentification à deux facteurs.", ["mot de passe", "compte verrouillé"]),
  testCategory("courriel", "Courriel et calendrier", "Les boîtes courriel dans Outlook, les calendriers partagés et les listes de distribution.", ["courriel", "Outlook"]),
  testCategory("reseau", "Réseau et Internet", "Le lien Internet des bureaux, le pare-feu et le réseau sans fil.", ["Internet", "sans fil"]),
]);

const top = (text: string) => {
  const d = routeQuestion(french, text);
  return d.decision === "none" ? "none" : (d.category?.id ?? d.choices[0]);
};

describe("a matrix in French or Spanish", () => {
  test("is recognised from its function words; an English one with a French word or two is not", () => {
    expect(matrixLanguage(french.categories.flatMap((c) => [c.name ?? "", c.description ?? ""]))).toBe("fr");
    const english = ["Lending & Credit Bureau Systems", "Teller & Branch Cheque Capture", "The loan origination system and the credit bureau pulls, including the bureau's portal and its de-identified reports for the board."];
    expect(matrixLanguage(english)).toBe("en");
    expect(withEnglish("Teller & Branch Cheque Capture", "en")).toBe("Teller & Branch Cheque Capture");
  });

  test("each text keeps its own words and gains their English after them, sentence ends kept", () => {
    const read = withEnglish("Les imprimantes des bureaux.", "fr");
    expect(read.startsWith("Les imprimantes des bureaux")).toBe(true);
    expect(read).toMatch(/printer/);
    expect(read.endsWith(".")).toBe(true);
  });

  test.each([
    ["the printer on the 2nd floor is jammed again", "imprimantes"],
    ["l'imprimante du 2e étage est encore bloquée", "imprimantes"],
    ["I'm locked out of my account after too many password tries", "comptes"],
    ["mon compte est verrouillé, j'ai oublié mon mot de passe", "comptes"],
    ["the shared calendar doesn't show in Outlook", "courriel"],
    ["no internet at the office since this morning", "reseau"],
    ["no hay internet en la oficina desde esta mañana", "reseau"],
  ])("%s -> %s", (text, category) => {
    expect(top(text)).toBe(category);
  });
});

describe("a question in the matrix's own language", () => {
  // Two of the matrix's words the glossary reads as one English word ("impresora" and "plóter" are both a printer): in
  // English alone the plotters' own word no longer tells them apart from the printers.
  const spanish = testMatrix([
    testCategory("impresoras", "Impresoras y multifuncionales", "Impresoras de oficina, multifuncionales, tóner y escaneo a correo de las sucursales.", ["impresora", "multifuncional", "tóner"]),
    testCategory("plotters", "Plóteres de planos", "Plóteres de gran formato para los planos de obra, sus rollos y cartuchos.", ["plóter", "gran formato", "rollos"]),
    testCategory("correo", "Correo y calendario", "Cuentas de correo, buzones compartidos y calendarios de la empresa.", ["correo", "buzón", "calendario"]),
  ]);
  const feature = (text: string, category: string, name: (typeof CATEGORY_FEATURES)[number]) =>
    featuresFor(spanish, text).features.candidates.get(spanish.categories.findIndex((c) => c.id === category))?.[CATEGORY_FEATURES.indexOf(name)] ?? 0;

  test("meets the matrix's own words as written, as well as in English", () => {
    expect(feature("el plóter no jala", "plotters", "unique-name-word")).toBeGreaterThanOrEqual(1);
    expect(feature("el plóter no jala", "plotters", "top-by-words")).toBe(1);
    expect(feature("el plóter no jala", "plotters", "bm25-relative")).toBeGreaterThan(feature("el plóter no jala", "impresoras", "bm25-relative"));
    expect(feature("la impresora no imprime", "impresoras", "top-by-words")).toBe(1);
  });

  test("an English question, or one in another language, meets it in English words only", () => {
    expect(feature("the plotter is jammed", "plotters", "unique-name-word")).toBe(0);
    expect(feature("le traceur est bloqué", "plotters", "unique-name-word")).toBe(0);
  });
});
