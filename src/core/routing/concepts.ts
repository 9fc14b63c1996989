// The knowledge base as a phrase matcher: a question becomes weights over concepts ("mfa", "printer", ...).
import { contentTokens, isStopword, tokenize } from "./text";

export interface Concept {
  id: string;
  /** Phrases people use for it. "term^0.5" gives a term a weight (default 1): vague words weigh less. */
  terms: string[];
  /** Neighbouring concepts a category covering this one probably also covers (weakly). */
  related?: string[];
  /** False for everyday office life (lunch, payroll, heating): evidence that a message is not an IT question. */
  it?: boolean;
}

interface Phrase {
  tokens: string[];
  /** Words that carry meaning (not stopwords): what makes a longer phrase more specific. */
  contentLength: number;
  /** Concepts sharing this exact phrase, each with its weight. */
  credits: { concept: number; weight: number }[];
}

export interface ConceptMatch {
  /** Concept index -> accumulated weight. */
  weights: Map<number, number>;
  /** Positions of tokens that belong to some concept phrase. */
  covered: Set<number>;
}

/** Words may sit between the words of a phrase ("locked me right out"), up to this many. */
const MAX_GAP = 2;
const MAX_CONCEPT_WEIGHT = 3;

export class ConceptMatcher {
  readonly concepts: Concept[];
  readonly ids: Map<string, number>;
  private readonly byFirstToken = new Map<string, Phrase[]>();
  readonly vocabulary = new Set<string>();

  constructor(concepts: Concept[]) {
    this.concepts = concepts;
    this.ids = new Map(concepts.map((c, i) => [c.id, i]));
    const phrases = new Map<string, Phrase>();
    concepts.forEach((concept, index) => {
      for (const entry of concept.terms) {
        const [term, weightText] = entry.split("^");
        const weight = weightText === undefined ? 1 : Number(weightText);
        const tokens = tokenize(term);
        const contentLength = contentTokens(tokens).length;
        // A lone stopword ("did" for a phone number type) would fire on every sentence.
        if (tokens.length === 0 || (tokens.length === 1 && contentLength === 0)) continue;
        const key = tokens.join(" ");
        let phrase = phrases.get(key);
        if (!phrase) {
          phrase = { tokens, contentLength: Math.max(1, contentLength), credits: [] };
          phrases.set(key, phrase);
          const list = this.byFirstToken.get(tokens[0]);
          if (list) list.push(phrase);
          else this.byFirstToken.set(tokens[0], [phrase]);
        }
        const existing = phrase.credits.find((c) => c.concept === index);
        if (existing) existing.weight = Math.max(existing.weight, weight);
        else phrase.credits.push({ concept: index, weight });
        for (const token of contentTokens(tokens)) this.vocabulary.add(token);
      }
    });
    // Longest phrases first, so "coffee machine" claims "machine" before the single word can.
    for (const list of this.byFirstToken.values()) list.sort((a, b) => b.tokens.length - a.tokens.length);
  }

  match(tokens: string[]): ConceptMatch {
    const candidates: { phrase: Phrase; positions: number[]; gaps: number }[] = [];
    for (let start = 0; start < tokens.length; start++) {
      for (const phrase of this.byFirstToken.get(tokens[start]) ?? []) {
        const positions = [start];
        let gaps = 0;
        let at = start;
        for (let k = 1; k < phrase.tokens.length && positions.length === k; k++) {
          // A stopword in a phrase must follow directly: "starting the" is not in "start up in the mornings".
          const reach = isStopword(phrase.tokens[k]) ? 0 : MAX_GAP;
          for (let next = at + 1; next <= at + 1 + reach && next < tokens.length; next++) {
            if (tokens[next] === phrase.tokens[k]) {
              gaps += next - at - 1;
              positions.push(next);
              at = next;
              break;
            }
          }
        }
        if (positions.length === phrase.tokens.length) candidates.push({ phrase, positions, gaps });
      }
    }
    candidates.sort((a, b) => b.phrase.tokens.length - a.phrase.tokens.length || a.gaps - b.gaps || a.positions[0] - b.positions[0]);
    const covered = new Set<number>();
    const weights = new Map<number, number>();
    for (const candidate of candidates) {
      if (candidate.positions.some((p) => covered.has(p))) continue;
      for (const p of candidate.positions) covered.add(p);
      // Multi-word phrases are more specific than single words; a gap makes the match a little less sure.
      const strength = (1 + 0.35 * (candidate.phrase.contentLength - 1)) * (candidate.gaps > 0 ? 0.8 : 1);
      for (const credit of candidate.phrase.credits) {
        weights.set(credit.concept, (weights.get(credit.concept) ?? 0) + credit.weight * strength);
      }
    }
    // Saying a word ten times doesn't make a question ten times more about it.
    for (const [concept, weight] of weights) weights.set(concept, Math.min(weight, MAX_CONCEPT_WEIGHT));
    return { weights, covered };
  }
}
