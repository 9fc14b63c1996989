// The matrix-independent part of routing, compiled once from the knowledge folder: phrase matchers per language,
// the product catalogue, alert formats and the vocabulary typos are corrected against.
import { Cognates } from "./cognates";
import { readKnowledge, type KnowledgeFiles } from "./knowledge-files";
import { PhraseMatcher, type Credit } from "./phrases";
import { LANGUAGES, STOPWORDS, fold, isStopword, stem, stems, words, type Language } from "./text";
import { TypoIndex } from "./typo";

export interface Concept {
  id: string;
  /** False for everyday office life (lunch, payroll, heating): evidence that a message is not an IT question. */
  it: boolean;
  /** Something has already gone wrong (an account taken over, ransomware, a device stolen): it outranks what it happened to. */
  incident: boolean;
  /** What is being done rather than to what (buying, licensing, a starter or leaver, a restore, patching): the category for that work takes it, whatever it is done to. */
  aspect: boolean;
  /**
   * It says whose the thing is, and not the organisation's: a family member's laptop or iPad is not the firm's IT,
   * whatever is wrong with it.
   */
  outside: boolean;
  /** Says nothing alone ("that I didn't ask for"): it only counts inside another concept's `when`, then leaves the question. */
  signal: boolean;
  /** For an `outside` concept: the organisation's own things it may be the way to ("work email on my personal phone"). */
  unless: number[];
  /** Concepts that together mean this one: a phishing page plus a typed password is an account compromise. */
  when: number[][];
  /**
   * Its name and first full-weight phrases in English ("lost device", "lost my laptop"): a French or Spanish question
   * naming it, said in the language matrices are compared in.
   */
  english: string[];
  related: number[];
}

export interface Product {
  name: string;
  kind: string;
  concepts: number[];
  /** Stems of the product's name: what a matrix writes when it names the product. */
  nameStems: string[];
}

export interface AlertRule {
  pattern: RegExp;
  concepts: number[];
}

export interface AlertTool {
  tool: string;
  /** Recognises the tool's name opening the message: "[Veeam] ...", "Huntress: ...", "NinjaOne alert - ...". */
  opening: RegExp;
  about: number[];
  patterns: AlertRule[];
  /** An RMM or monitor: its alerts are about anything it watches (`about` is monitoring alone). */
  watcher: boolean;
}

/** A French or Spanish word or phrase (as stems of that language) and the English words it says. */
export interface GlossaryEntry {
  stems: string[];
  /** The phrase's own folded words: when two entries share stems ("órdenes" and "ordenador"), the one written as the question writes it wins. */
  forms: string[];
  english: string[];
}

export interface Knowledge {
  concepts: Concept[];
  conceptIds: Map<string, number>;
  /** One matcher per language for concept phrases; products and vendors are in the English one (names don't translate). */
  matchers: Record<Language, PhraseMatcher>;
  products: Product[];
  /** Abbreviations that only count written in capitals ("UT", "OD", "SF"). */
  capitalAliases: { alias: RegExp; product: number }[];
  /** `hosts`: host names that say what kind of machine an alert is about (a generic rule's `instead` concepts read as it). */
  alerts: { generic: AlertRule[]; tools: AlertTool[]; hosts: { pattern: RegExp; is: number; instead: Set<number> }[] };
  /** French and Spanish glossary: first stem -> entries, longest first (a question said in English words). */
  glossary: Record<Exclude<Language, "en">, Map<string, GlossaryEntry[]>>;
  /** Folded words of each language's phrases (typo correction, and telling French and Spanish apart from English). */
  vocabulary: Record<Language, Set<string>>;
  typos: TypoIndex;
  /**
   * A French or Spanish question's slips, once its language is known: the words of that language's glossary and
   * phrases ("impresoar" is "impresora", "ordinatuer" "ordinateur"). Apart from `typos`, so an English word one letter
   * from a French or Spanish one stays English.
   */
  glossaryTypos: Record<Exclude<Language, "en">, TypoIndex>;
  /** English words of the knowledge a French or Spanish word may be a cognate of ("quarantaine", "configuración"). */
  cognates: Cognates;
  realWords: ReadonlySet<string>;
  /** The concepts other concepts together mean, with their `when` lists (a few of the hundreds). */
  implied: [number, number[][]][];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function parseTerm(entry: string): { text: string; weight: number } {
  const at = entry.lastIndexOf("^");
  if (at > 0 && /^\d*\.?\d+$/.test(entry.slice(at + 1))) return { text: entry.slice(0, at), weight: Number(entry.slice(at + 1)) };
  return { text: entry, weight: 1 };
}

function addPhrase(matcher: PhraseMatcher, text: string, language: Language, credit: { concepts?: Credit[]; product?: number }, vocabulary: Set<string>, functionWords = false): void {
  // "=teams": these very words, not their stems (the stem of "teams" is also that of "team").
  const exact = text.startsWith("=");
  const ws = words(exact ? text.slice(1) : text);
  for (const w of ws) vocabulary.add(w.text);
  matcher.add(
    ws.map((w) => (exact ? `=${w.text}` : stem(w.text, language))),
    ws.map((w) => isStopword(w.text, language)),
    credit,
    functionWords,
  );
}

/** "all its products are backup tools" makes a vendor's name evidence of backup; a vendor of many kinds says nothing. */
function vendorKinds(files: KnowledgeFiles): Map<string, Set<string>> {
  const kinds = new Map<string, Set<string>>();
  for (const p of files.products) {
    if (!p.vendor) continue;
    const key = fold(p.vendor);
    if (!kinds.has(key)) kinds.set(key, new Set());
    kinds.get(key)!.add(p.is);
  }
  for (const p of files.products) if (kinds.has(fold(p.name))) kinds.get(fold(p.name))!.add(p.is);
  return kinds;
}

export function compileKnowledge(files: KnowledgeFiles): Knowledge {
  const conceptIds = new Map(files.concepts.map((c, i) => [c.id, i]));
  const concepts: Concept[] = files.concepts.map((c) => ({
    id: c.id,
    it: c.it !== false,
    incident: c.incident === true,
    aspect: c.aspect === true,
    outside: c.outside === true,
    signal: c.signal === true,
    unless: (c.unless ?? []).map((id) => conceptIds.get(id)!),
    when: (c.when ?? []).map((ids) => ids.map((id) => conceptIds.get(id)!)),
    english: [c.id.replace(/-/g, " "), ...c.en.map(parseTerm).filter((t) => t.weight >= 0.8 && !t.text.startsWith("=")).slice(0, 1).map((t) => t.text)],
    related: (c.related ?? []).map((r) => conceptIds.get(r)!),
  }));
  const matchers = { en: new PhraseMatcher(), fr: new PhraseMatcher(), es: new PhraseMatcher() };
  const vocabulary = { en: new Set<string>(), fr: new Set<string>(), es: new Set<string>() };

  files.concepts.forEach((c, index) => {
    for (const entry of c.en) {
      const { text, weight } = parseTerm(entry);
      addPhrase(matchers.en, text, "en", { concepts: [{ concept: index, weight }] }, vocabulary.en, c.signal === true);
    }
  });
  // A French or Spanish word weighs what its English equivalent weighs for the same concept: "fichiers" is as vague as
  // "files" (found through the glossary, unless the entry gives its own weight).
  const englishWeights = files.concepts.map((c) => {
    const byText = new Map<string, number>();
    for (const entry of c.en) {
      const { text, weight } = parseTerm(entry);
      const key = stems(text.replace(/^=/, ""), "en").join(" ");
      byText.set(key, Math.max(byText.get(key) ?? 0, weight));
    }
    return byText;
  });
  for (const language of ["fr", "es"] as const) {
    const toEnglish = new Map<string, string>();
    for (const [english, phrases] of Object.entries(files.glossary[language] ?? {})) {
      for (const phrase of phrases) toEnglish.set(stems(phrase, language).join(" "), stems(english, "en").join(" "));
    }
    for (const [id, phrases] of Object.entries(files.languages[language] ?? {})) {
      const concept = conceptIds.get(id)!;
      for (const entry of phrases) {
        const parsed = parseTerm(entry);
        const { text } = parsed;
        const english = parsed.text === entry ? toEnglish.get(stems(text, language).join(" ")) : undefined;
        const weight = english !== undefined ? (englishWeights[concept].get(english) ?? parsed.weight) : parsed.weight;
        addPhrase(matchers[language], text, language, { concepts: [{ concept, weight }] }, vocabulary[language], concepts[concept].signal);
      }
    }
  }

  const products: Product[] = [];
  const capitalAliases: Knowledge["capitalAliases"] = [];
  files.products.forEach((p, index) => {
    const kindConcepts = (files.kinds[p.is] ?? []).map((id) => conceptIds.get(id)!);
    products.push({ name: p.name, kind: p.is, concepts: kindConcepts, nameStems: words(p.name).map((w) => stem(w.text, "en")) });
    const credit = { concepts: kindConcepts.map((concept) => ({ concept, weight: 1 })), product: index };
    for (const name of [p.name, ...(p.aka ?? [])]) {
      if (name.length <= 3 && name === name.toUpperCase() && /[A-Z]/.test(name)) {
        capitalAliases.push({ alias: new RegExp(`(?<![\\p{L}\\p{N}])${escape(name)}(?![\\p{L}\\p{N}])`, "u"), product: index });
      } else addPhrase(matchers.en, name, "en", credit, vocabulary.en);
    }
  });
  for (const [vendor, kinds] of vendorKinds(files)) {
    if (kinds.size !== 1) continue;
    const [kind] = kinds;
    const credit = { concepts: (files.kinds[kind] ?? []).map((id) => ({ concept: conceptIds.get(id)!, weight: 0.6 })) };
    addPhrase(matchers.en, vendor, "en", credit, vocabulary.en);
  }
  for (const language of LANGUAGES) matchers[language].seal();

  const ids = (list: string[]) => list.map((id) => conceptIds.get(id)!);
  const rule = (r: { match: string; concepts: string[] }): AlertRule => ({ pattern: new RegExp(r.match, "iu"), concepts: ids(r.concepts) });
  const alerts = {
    generic: files.alerts.generic.map(rule),
    tools: files.alerts.tools.map((t) => ({
      tool: t.tool,
      opening: new RegExp(`^\\W{0,3}(?:${t.names.map(escape).join("|")})(?:\\s*(?:\\]|\\)|:|-|–|—|\\||alert|alarm|notification|warning|critical))`, "iu"),
      about: ids(t.about),
      watcher: t.about.length === 1 && t.about[0] === "monitoring",
      patterns: (t.patterns ?? []).map(rule),
    })),
    hosts: (files.alerts.hosts ?? []).map((h) => ({ pattern: new RegExp(h.match, "iu"), is: conceptIds.get(h.is)!, instead: new Set(ids(h.instead)) })),
  };

  // The glossaries' words are neither evidence of a language (many are English too) nor typo targets (an English word
  // one letter from a French one stays English).
  const glossary: Knowledge["glossary"] = { fr: new Map(), es: new Map() };
  for (const language of ["fr", "es"] as const) {
    for (const [english, phrases] of Object.entries(files.glossary[language] ?? {})) {
      const said = words(english).map((w) => w.text);
      for (const phrase of phrases) {
        const ws = words(phrase);
        if (ws.length === 0) continue;
        const entry = { stems: ws.map((w) => stem(w.text, language)), forms: ws.map((w) => w.text), english: said };
        const list = glossary[language].get(entry.stems[0]) ?? [];
        if (!list.some((e) => e.forms.join(" ") === entry.forms.join(" "))) list.push(entry);
        glossary[language].set(entry.stems[0], list);
      }
    }
    for (const list of glossary[language].values()) list.sort((a, b) => b.stems.length - a.stems.length);
  }

  const typos = new TypoIndex([...vocabulary.en, ...vocabulary.fr, ...vocabulary.es], files.realWords);
  const glossaryTypos = {} as Knowledge["glossaryTypos"];
  for (const language of ["fr", "es"] as const) {
    const known = new Set(vocabulary[language]);
    for (const phrases of Object.values(files.glossary[language] ?? {})) {
      for (const phrase of phrases) for (const w of words(phrase)) if (!STOPWORDS[language].has(w.text)) known.add(w.text);
    }
    glossaryTypos[language] = new TypoIndex(known, files.realWords);
  }
  const implied = concepts.flatMap((c, i) => (c.when.length ? [[i, c.when] as [number, number[][]]] : []));
  // Cognates are read against the concepts' everyday words, not product names ("postes" is not Postgres).
  const cognates = new Cognates(files.concepts.flatMap((c) => c.en.flatMap((entry) => words(parseTerm(entry).text.replace(/^=/, "")).map((w) => w.text))));
  return { concepts, conceptIds, matchers, products, capitalAliases, alerts, glossary, vocabulary, typos, glossaryTypos, cognates, realWords: files.realWords, implied };
}

let compiled: Knowledge | undefined;

/** The shipped knowledge, compiled on first use (a few hundred milliseconds, once per process). */
export function knowledge(): Knowledge {
  compiled ??= compileKnowledge(readKnowledge());
  return compiled;
}

/** Whether the shipped knowledge is compiled yet (start-up warms it; see warm.ts). */
export function knowledgeCompiled(): boolean {
  return compiled !== undefined;
}
