// Turns chat text into comparable tokens. Vocabulary, matrix text and questions all pass through the same steps,
// so whatever the light stemmer gets "wrong" it gets wrong identically on both sides.

const STOPWORDS = new Set(
  (
    "a an the and or but if so as at by for from of on to with into onto about over under than then there here " +
    "i im ive me my mine myself we our ours us you your yours u ur he him his she her hers they them their it its " +
    "is am are was were be been being do does did doing done have has had having will would shall should can could " +
    "may might must just also too very really quite pretty some any all every each this that these those what which " +
    "who whom whose when where why how pls plz please thanks thank thx hi hello hey morning afternoon good " +
    "not no nor dont doesnt didnt isnt arent wasnt werent cant cannot couldnt wont wouldnt shouldnt havent hasnt " +
    "again still now today yesterday tomorrow one two anyone someone somebody anybody everyone everybody lol tho though " +
    "get got getting gets keep keeps kept like need needs needed want wants wanted know let lets make made " +
    "ok okay yes yeah sure think thing things stuff way bit lot lots much many more most other another " +
    "able try trying tried way been being via per etc ill youre theyre thats whats theres"
  ).split(" "),
);

export function isStopword(token: string): boolean {
  return STOPWORDS.has(token);
}

/** Lowercase, strip accents and emoji, fold apostrophes ("can't" -> "cant", "boss's" -> "boss"). */
export function normalise(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/['’`]s\b/g, "")
    .replace(/['’`]/g, "")
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** Light suffix stripping: plural, -ing, -ed, final -e, doubled final consonant. */
export function stem(token: string): string {
  let w = token;
  if (w.length <= 3 || /^[0-9]/.test(w)) return w;
  if (w.endsWith("ies") && w.length > 4) w = w.slice(0, -3) + "y";
  else if (w.endsWith("s") && !/(ss|us|is|os)$/.test(w)) w = w.slice(0, -1);
  let suffixed = false;
  if (w.endsWith("ing") && w.length >= 6) {
    w = w.slice(0, -3);
    suffixed = true;
  } else if (w.endsWith("ed") && w.length >= 5) {
    w = w.slice(0, -2);
    suffixed = true;
  }
  if (w.endsWith("e") && w.length > 4) w = w.slice(0, -1);
  // "jammed" -> "jam", but "apps" stays "app".
  if (suffixed && /([b-df-hj-kmnp-tv-z])\1$/.test(w) && !/(ll|ss|zz|ff)$/.test(w)) w = w.slice(0, -1);
  return w;
}

/**
 * Every word in order, stemmed; stopwords are kept (unstemmed) because phrases need them: "no dial tone",
 * "on prem", "s drive", "two factor". Use `contentTokens` where only meaningful words should count.
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const raw of normalise(text).split(" ")) {
    if (raw === "") continue;
    out.push(STOPWORDS.has(raw) ? raw : stem(raw));
  }
  return out;
}

export function contentTokens(tokens: string[]): string[] {
  return tokens.filter((t) => !STOPWORDS.has(t));
}
