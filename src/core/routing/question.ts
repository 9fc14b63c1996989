// A question, read: its words (typos corrected against known words), its language, the concepts, products and
// alert subjects it mentions.
import { readAlert } from "./alerts";
import { knowledge } from "./knowledge";
import type { MatrixIndex } from "./matrix-index";
import { DISTINCT_STOPWORDS, STOPWORDS, stem, words, type Language } from "./text";

/** Longer input than this is cut: a pasted log or email thread says no more about the category past its start. */
const MAX_WORDS = 150;
const MAX_CHARS = 3000;
/** No word this long is a typo of a known one (a pasted hash or base64 blob). */
const MAX_WORD_LENGTH = 30;

export interface ReadQuestion {
  language: Language;
  /** Folded words, typos corrected. */
  words: string[];
  /** English stems of every word (matrix text is compared in English stems). */
  stems: string[];
  /** The main ask's words in English: a French or Spanish question read through the glossary, stop words left out. */
  mainEnglish: string[];
  /** How many of the words make the main ask; the rest is an aside ("also, the printer is out of toner"). */
  main: number;
  /** English stems of the main ask's words that carry meaning, plus the names of products it names by abbreviation. */
  content: string[];
  /** Concept index -> weight. */
  concepts: Map<number, number>;
  /** Catalogue products named (in the main ask first). */
  products: Set<number>;
  /** Catalogue products the main ask names. */
  mainProducts: Set<number>;
  /** A French or Spanish main ask's concepts, in English words (the matrix is read in English). */
  translated: string[];
  /** The tool, when the message is a forwarded alert. */
  alert: string | null;
  /** Total weight of everyday non-IT concepts (lunch, payroll, heating). */
  nonItWeight: number;
  itWeight: number;
}

/** Words that tell French or Spanish apart: two of them make the message's language; one is only a hint. */
const LANGUAGE_EVIDENCE = 2;
/** A line of at most this many words is short: one telling word may make its language. */
const SHORT_LINE = 6;

export function languageOf(folded: string[], raw: string[], needed = LANGUAGE_EVIDENCE): { language: Language; evidence: number } {
  const { vocabulary } = knowledge();
  let best: { language: Language; evidence: number } = { language: "en", evidence: 0 };
  for (const language of ["fr", "es"] as const) {
    let evidence = 0;
    for (const [i, w] of folded.entries()) {
      // Acronyms (MES, CE) are names, whatever they mean in another language.
      if (raw[i].length > 1 && raw[i] === raw[i].toUpperCase()) continue;
      if (DISTINCT_STOPWORDS[language].has(w)) evidence += 1;
      else if (vocabulary[language].has(w) && !vocabulary.en.has(w) && !STOPWORDS.en.has(w)) evidence += 1;
    }
    if (evidence > best.evidence) best = { language, evidence };
  }
  if (best.evidence >= needed) return best;
  // A short line ("el radio no funciona", "l'écran reste noir") has room for one telling word only: it is that
  // language when nothing in it is English alone (an English function word that is not one of that language's).
  if (needed === LANGUAGE_EVIDENCE && best.evidence === 1 && folded.length <= SHORT_LINE) {
    const other = best.language;
    const english = folded.some((w) => STOPWORDS.en.has(w) && !STOPWORDS[other].has(w) && !vocabulary[other].has(w));
    if (!english) return best;
  }
  return { language: "en", evidence: best.evidence };
}

/**
 * A French or Spanish question in English words, word by word through the glossary (longest phrase first: "mot de
 * passe" is "password"), for the matrix's own English words and the English phrases of the knowledge. Words the
 * glossary doesn't know stay as they are (names, loanwords: "wifi", "Outlook"); the language's stop words go ("mes"
 * is "my", not MES). `from`: the question word each English word comes from.
 */
/** French and Spanish words that part a phrase as "with" and "on" do in English ("con el cliente en el teléfono"). */
const PARTING: Record<string, string> = { con: "with", avec: "with", en: "on", dans: "on", sur: "on", sobre: "on" };

export function inEnglish(folded: string[], raw: string[], language: Exclude<Language, "en">, index?: MatrixIndex): { words: string[]; from: number[] } {
  const k = knowledge();
  const glossary = k.glossary[language];
  // A word neither the glossary, the language's stop words nor English knows may be a slip of a glossary word.
  const stems = folded.map((w) => {
    const own = stem(w, language);
    if (glossary.has(own) || STOPWORDS[language].has(w) || STOPWORDS.en.has(w) || k.vocabulary.en.has(w) || k.typos.has(w)) return own;
    const fixed = k.glossaryTypos[language].correct(w);
    return fixed ? stem(fixed, language) : own;
  });
  const out: string[] = [];
  const from: number[] = [];
  /** Where each English word's source ends (a glossary phrase spans several words). */
  const ends: number[] = [];
  for (let i = 0; i < folded.length; ) {
    const acronym = raw[i].length > 1 && raw[i] === raw[i].toUpperCase() && /\p{Lu}/u.test(raw[i]);
    if (!acronym) {
      // Longest phrase first; of phrases alike in stems, the one written as the question writes it ("órdenes" is
      // orders, "ordenador" a computer: one stem).
      const found = (glossary.get(stems[i]) ?? []).filter((e) => e.stems.every((s, j) => stems[i + j] === s));
      const longest = found[0]?.stems.length;
      const exact = found.find((e) => e.stems.length === longest && e.forms.every((f, j) => folded[i + j] === f));
      // An entry only sharing the stem is not taken for a word written as the matrix names something ("rater",
      // "portal"), nor for a stop word ("para" is for, not "parar", stop).
      const stemOnly = !exact && (index?.names.has(stem(folded[i], "en")) || STOPWORDS[language].has(folded[i]));
      const entry = stemOnly ? undefined : (exact ?? found[0]);
      if (entry) {
        for (const w of entry.english) {
          out.push(w);
          from.push(i);
          ends.push(i + entry.stems.length);
        }
        i += entry.stems.length;
        continue;
      }
      if (STOPWORDS[language].has(folded[i])) {
        // Stop words go, but those that part two phrases stay as the English word that does (see GAP_BREAKS).
        const parting = PARTING[folded[i]];
        if (parting) {
          out.push(parting);
          from.push(i);
          ends.push(i + 1);
        }
        i++;
        continue;
      }
    }
    const w = folded[i];
    const known = acronym || k.vocabulary.en.has(w) || STOPWORDS.en.has(w) || index?.typos.has(w);
    out.push(known ? w : (index?.cognates.of(w) ?? k.cognates.of(w) ?? w));
    from.push(i);
    ends.push(i + 1);
    i++;
  }
  // French and Spanish put most adjectives after the noun ("pantalla azul", "extension bizarre", "persona
  // equivocada"): said in English, the adjective goes first ("blue screen", "weird extension", "wrong person"). Only
  // right after the noun: "el servidor está lento" says how the server is, it is not a "slow server" phrase.
  for (let j = 1; j < out.length; j++) {
    const single = (at: number) => from[at] !== from[at - 1] && from[at] !== from[at + 1];
    if (ADJECTIVES_AFTER.has(out[j]) && !ADJECTIVES_AFTER.has(out[j - 1]) && !STOPWORDS.en.has(out[j - 1]) && ends[j - 1] === from[j] && single(j) && single(j - 1)) {
      [out[j - 1], out[j]] = [out[j], out[j - 1]];
      j++;
    }
  }
  return { words: out, from };
}

/** English adjectives whose French or Spanish word follows the noun. */
const ADJECTIVES_AFTER = new Set(
  ("new old blue black white red green yellow orange pink gray grey weird strange odd slow shared external wireless second third extra " +
    "personal main remote virtual public private mobile portable electronic digital corrupted damaged broken frozen locked blocked " +
    "encrypted infected suspicious fake unknown empty full missing deleted expired temporary dual multifunction wrong corporate " +
    "previous automatic manual generic physical secure secured unreadable illegible printed scanned").split(" "),
);

function merge(into: Map<number, number>, from: Map<number, number>, factor = 1): void {
  for (const [k, v] of from) into.set(k, Math.max(into.get(k) ?? 0, v * factor));
}

/**
 * Where a second, lesser topic starts: "... also my mouse is dying", "btw printer in CAS is out of toner", "(separately,
 * can I get Adobe Pro?)", "Aussi, ...", "Por cierto, ...". The first ask is the one a dispatcher files (a second
 * topic is usually announced by one of these words); -1 when there is none.
 */
const ASIDE_WORDS = [
  "also", "btw", "by the way", "separately", "unrelated", "unrelatedly", "on another note", "on a different note", "another thing",
  "one more thing", "side note", "ps", "p\\.s\\.", "oh and", "and whenever", "whenever (?:you|someone) (?:get|has) a (?:chance|minute)",
  "aussi", "par ailleurs", "autre chose", "au passage", "sinon", "también", "tambien", "por cierto", "otra cosa", "aparte",
  // The French and Spanish for the English ones above: "oh and", "by the way", "one more thing", "on another note".
  "ah y", "oh y", "ah et", "oh et", "de paso", "una cosa más", "una cosa mas", "au fait", "d['’]ailleurs", "à part ça", "a part ca",
  "por otro lado", "d['’]autre part",
];
const ASIDE = new RegExp(
  `(?:[.!?;:…]\\s+|,\\s*|\\s[-–—]+\\s*|\\n\\s*|\\s(?:and|i|we|he|she|et|y)\\s+)(?:and\\s+|oh\\s+|ok\\s+|et\\s+|y\\s+)?(?:${ASIDE_WORDS.join("|")})(?![\\p{L}\\p{N}])|(?<=[.!?])\\s*\\((?=[^)]*\\p{L}{2,}[^)]*\\s[^)]*\\))`,
  "iu",
);
/** An aside still says a little: a question wholly about the printer mentions it too. */
const ASIDE_WEIGHT = 0.3;
/** An incident concept from this weight is said outright ("security^0.5" alone is not). */
const INCIDENT_AT = 1;
/** A concept counts toward another's `when` from this weight (an aside's words don't). */
const IMPLIED_AT = 0.5;
/** What the IT words of a message about a family member's device still count for. */
const OUTSIDE_WEIGHT = 0.3;
/** Below this many characters the "main ask" is too short to stand alone (a greeting, a name). */
const MIN_MAIN_CHARS = 15;

export function asideStart(text: string): number {
  // A forwarded alert is one subject; its parentheses and details are not a second topic.
  if (/^\W{0,3}\[/.test(text)) return -1;
  const m = ASIDE.exec(text);
  return m && m.index >= MIN_MAIN_CHARS ? m.index : -1;
}

/**
 * "Who do I call?" asks who handles it, as "who handles this?" does: its verb says nothing about telephones. The verb
 * is blanked (same length, so positions in the text stay) before the words are read: "the copier is grinding, who do
 * we call", "qui dois-je appeler", "¿a quién le llamo?".
 */
const WHO_TO_CALL = [
  /(\bwho(?:m)?\s+(?:(?:do|should|can|could|would|shall|must|to|will)\s+)?(?:(?:i|we|you|they|one)\s+)?)(call|phone|ring|contact)\b/giu,
  /(\bqui\s+(?:(?:dois-je|doit-on|devrait-on|devrais-je|faut-il|peut-on|puis-je|on\s+doit|je\s+dois)\s+)?)(appeler|appelle|contacter|téléphoner)\b/giu,
  /(\ba\s+qui[eé]n\s+(?:(?:le|les|se)\s+)?(?:(?:debo|debemos|puedo|podemos|hay\s+que)\s+)?)(llamo|llamamos|llamar|llama|contacto|contactamos|contactar)\b/giu,
];
export function withoutWhoToCall(text: string): string {
  return WHO_TO_CALL.reduce((t, re) => t.replace(re, (_, who: string, verb: string) => who + " ".repeat(verb.length)), text);
}

/**
 * Who asks or approves is not what the question is about: in "HR says cut her access tonight", "my manager
 * approved", "la compta veut", "RH pide" the department is the requester, and its name (HR, payroll, finance: office
 * life) must not make an IT request "not in the matrix". The name is blanked (same length) before the words are read.
 * (An auditor or compliance asking says what the question is about, and stays.)
 */
const WHO_ASKS = [
  /\b(hr|human resources|payroll|finance|accounting|management|(?:my|our|the) (?:boss|manager|supervisor|office manager|owner|partners?|ceo|cfo|coo|controller|director))(?=\s+(?:(?:here|says|said|asked|asks|wants|wanted|approved|confirmed|requested|told (?:me|us)|signed off|is asking|are asking|is requesting|needs (?:it|this|them))\b|[—–-]))/giu,
  /\b(?:per|according to|in)\s+(hr|human resources|payroll|finance)(?=\s+(?:said|says|asked|wants)\b|[,.;:!?]|\s*$)/giu,
  /\b(rh|rrhh|recursos humanos|n[óo]mina|contabilidad|finanzas|(?:mi|el|la) (?:jefe|jefa|gerente|supervisora?|director|directora|contralora?))(?=\s+(?:dice|dijo|pide|pidi[óo]|quiere|aprob[óo]|confirm[óo]|solicit[óo]|autoriz[óo]|est[áa] pidiendo)\b)/giu,
  /\b((?:les |la |le )?(?:rh|ressources humaines|paie|compta|comptabilit[ée]|direction|(?:mon|ma|notre) (?:patron|patronne|gestionnaire|superviseur|superviseure|directeur|directrice)))(?=\s+(?:dit|disent|demande|demandent|veut|veulent|a (?:dit|demand[ée]|approuv[ée]|confirm[ée]|autoris[ée]))\b)/giu,
];
export function withoutWhoAsks(text: string): string {
  return WHO_ASKS.reduce((t, re) => t.replace(re, (match: string) => " ".repeat(match.length)), text);
}

function add(into: Map<number, number>, from: Map<number, number>, factor: number): void {
  for (const [k, v] of from) into.set(k, (into.get(k) ?? 0) + v * factor);
}

export function readQuestion(fullText: string, index?: MatrixIndex): ReadQuestion {
  const k = knowledge();
  const text = fullText.slice(0, MAX_CHARS);
  const reading = withoutWhoAsks(withoutWhoToCall(text));
  const raw = words(reading).slice(0, MAX_WORDS);
  const cut = asideStart(text);
  const main = cut < 0 ? raw.length : Math.min(raw.length, words(reading.slice(0, cut)).length);
  const folded = raw.map((w) => {
    const word = w.text;
    if (word.length > MAX_WORD_LENGTH || STOPWORDS.en.has(word) || k.typos.has(word) || index?.typos.has(word)) return word;
    return index?.typos.correct(word) ?? k.typos.correct(word) ?? word;
  });
  const { language, evidence } = languageOf(folded, raw.map((w) => w.raw));
  const stems = folded.map((w) => stem(w, "en"));

  // The main ask and the aside are matched apart, so a phrase never straddles them.
  const parts: [number, number, number][] = main < raw.length ? [[0, main, 1], [main, raw.length, ASIDE_WEIGHT]] : [[0, raw.length, 1]];
  const concepts = new Map<number, number>();
  const products = new Set<number>();
  const mainProducts = new Set<number>();
  const translated = new Set<string>();
  const hinted = language !== "en" ? language : evidence > 0 ? languageOf(folded, raw.map((w) => w.raw), 1).language : "en";
  // A French or Spanish question meets the English phrases and the matrix in English words.
  const rendered = language === "en" ? null : inEnglish(folded, raw.map((w) => w.raw), language, index);
  const renderedStems = rendered?.words.map((w) => stem(w, "en"));
  for (const [from, to, factor] of parts) {
    const inPart = rendered ? rendered.from.map((at, i) => (at >= from && at < to ? i : -1)).filter((i) => i >= 0) : [];
    const english = rendered
      ? k.matchers.en.match(inPart.map((i) => renderedStems![i]), inPart.map((i) => rendered.words[i]))
      : k.matchers.en.match(stems.slice(from, to), folded.slice(from, to));
    const here = new Map(english.weights);
    for (const p of english.products) {
      products.add(p);
      if (factor === 1) mainProducts.add(p);
    }
    if (hinted !== "en") {
      const own = k.matchers[hinted].match(folded.slice(from, to).map((w) => stem(w, hinted)), folded.slice(from, to));
      // One telling word is a hint, two or more are the language of the message.
      merge(here, own.weights, Math.min(1, evidence / LANGUAGE_EVIDENCE));
      if (factor === 1 && language !== "en") for (const c of own.weights.keys()) for (const w of words(k.concepts[c].english.join(" "))) translated.add(w.text);
    }
    add(concepts, here, factor);
  }
  const mainText = cut < 0 ? text : text.slice(0, cut);
  for (const { alias, product } of k.capitalAliases) {
    if (alias.test(text)) {
      products.add(product);
      const inMain = alias.test(mainText);
      if (inMain) mainProducts.add(product);
      const weight = inMain ? 1 : ASIDE_WEIGHT;
      for (const c of k.products[product].concepts) concepts.set(c, Math.max(concepts.get(c) ?? 0, weight));
    }
  }
  const alert = readAlert(text, k);
  if (alert) for (const [c, w] of alert.concepts) concepts.set(c, (concepts.get(c) ?? 0) + w);

  const stop = STOPWORDS[language];
  // An alert whose subject is known ("[Datto RMM] FD-PC01 Disk C: 97% full"): the tool watching says nothing of whose
  // it is, though a matrix names it (under servers, say).
  const toolWords = alert?.toolOpening ? words(text.slice(0, alert.toolOpening)).length : 0;
  if (toolWords > 0) {
    const after = new Set(stems.slice(toolWords, main));
    for (const p of [...mainProducts]) if (!k.products[p].nameStems.every((s) => after.has(s))) mainProducts.delete(p);
  }
  const mainEnglish = rendered ? rendered.words.filter((_, i) => rendered.from[i] < main) : folded.slice(toolWords, main);
  const content = rendered
    ? mainEnglish.filter((w) => !STOPWORDS.en.has(w)).map((w) => stem(w, "en"))
    : stems.slice(0, main).filter((_, i) => i >= toolWords && !STOPWORDS.en.has(folded[i]) && !stop.has(folded[i]));
  for (const p of mainProducts) content.push(...k.products[p].nameStems);
  for (const w of translated) if (!STOPWORDS.en.has(w)) content.push(stem(w, "en"));

  // Concepts that together mean another ("clicked the link" and "typed my password": an account compromise).
  for (const [c, when] of k.implied) {
    for (const all of when) {
      if (!all.every((x) => (concepts.get(x) ?? 0) >= IMPLIED_AT)) continue;
      const weight = Math.min(...all.map((x) => concepts.get(x)!));
      concepts.set(c, Math.max(concepts.get(c) ?? 0, weight));
    }
  }
  // Office life read from IT words (what the website says, not whether it works) takes those words: the website counts
  // as an aside of a question about its photos or bios.
  for (const [c, when] of k.implied) {
    if (k.concepts[c].it || !concepts.has(c)) continue;
    for (const part of new Set(when.flat())) if (k.concepts[part].it && concepts.has(part)) concepts.set(part, concepts.get(part)! * ASIDE_WEIGHT);
  }
  for (const c of [...concepts.keys()]) if (k.concepts[c].signal) concepts.delete(c);
  // An incident said outright (an account taken over, ransomware, a phone lost) is what the question is about, however
  // often it names the mailbox or device it happened to: it weighs at least as much as any of them.
  let heaviest = 0;
  for (const [c, w] of concepts) if (k.concepts[c].it && !k.concepts[c].incident) heaviest = Math.max(heaviest, w);
  for (const [c, w] of concepts) if (k.concepts[c].incident && w >= INCIDENT_AT) concepts.set(c, Math.max(w, heaviest));

  // A family member's thing ("my kid's laptop has a virus") is not the organisation's IT: what is wrong with it
  // counts as little as an aside; unless the question is about the organisation's own things reached with it ("work
  // email on my personal phone"). (A matrix that names such things takes them in: see features.ts.)
  const reaching = (c: number) => k.concepts[c].unless.some((u) => (concepts.get(u) ?? 0) >= IMPLIED_AT);
  for (const c of [...concepts.keys()]) if (k.concepts[c].outside && reaching(c)) concepts.delete(c);
  let outside = 0;
  for (const [concept, weight] of concepts) if (k.concepts[concept].outside) outside += weight;
  if (outside >= 1) for (const [concept, weight] of concepts) if (k.concepts[concept].it) concepts.set(concept, weight * OUTSIDE_WEIGHT);

  let nonItWeight = 0;
  let itWeight = 0;
  for (const [concept, weight] of concepts) {
    if (k.concepts[concept].it) itWeight += weight;
    else nonItWeight += weight;
  }
  return { language, words: folded, stems, mainEnglish, main, content, concepts, products, mainProducts, translated: [...translated], alert: alert?.tool ?? null, nonItWeight, itWeight };
}
