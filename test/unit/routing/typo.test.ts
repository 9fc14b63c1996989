// Typo correction finds every known word one edit away, whatever else the vocabulary holds.
import { TypoIndex } from "../../../src/core/routing/typo";

describe("typo correction", () => {
  test("a slip one letter off reaches its word even beside words sharing its start", () => {
    // Orama's radix tree missed these: "computador" and "congela" beside "computadora" hid it from "computdora".
    expect(new TypoIndex(["computadora", "computador", "congela"]).correct("computdora")).toBe("computadora");
    expect(new TypoIndex(["printers", "printer", "pray"]).correct("printrs")).toBe("printers");
  });

  test("every known word is found from each of its one-letter-dropped slips", () => {
    const known = ["quarantine", "configuration", "authenticator", "sharepoint", "onedrive", "contrasena", "imprimante", "ordinateur", "computadora", "computador", "congela", "printers", "printer"];
    const index = new TypoIndex(known);
    for (const word of known.filter((w) => w.length >= 7)) {
      for (let i = 1; i < word.length - 1; i++) {
        const slip = word.slice(0, i) + word.slice(i + 1);
        if (known.includes(slip)) continue;
        expect([slip, index.correct(slip)]).toEqual([slip, word]);
      }
    }
  });

  test("short words are fixed for swapped letters only, and real words are left alone", () => {
    const index = new TypoIndex(["visio", "email"], new Set(["visit"]));
    expect(index.correct("emial")).toBe("email");
    expect(index.correct("visit")).toBeUndefined();
    expect(index.correct("visia")).toBeUndefined();
  });
});
