// Finds known phrases in a run of stems: "paper jam", "locked me right out", a product's name. Longer phrases claim
// their words first, so "coffee machine" is office life before "machine" can count as a computer.

export interface Credit {
  concept: number;
  weight: number;
}

interface Phrase {
  /** Stems, or for an exact phrase "=" + the folded words ("=teams" is not "team", "=personal" not "person"). */
  stems: string[];
  /** Stop words in a phrase must follow directly: "starting the" is not in "start up in the mornings". */
  stop: boolean[];
  /** Words that carry meaning: what makes a longer phrase more specific. */
  contentLength: number;
  credits: Credit[];
  products: number[];
}

export interface PhraseMatch {
  /** Concept index -> weight. */
  weights: Map<number, number>;
  /** Catalogue products named. */
  products: Set<number>;
  /** The phrases found, as stems (for explaining a decision). */
  found: string[];
}

/** Words may sit between the words of a phrase ("locked me right out"), up to this many. */
const MAX_GAP = 2;
/**
 * A gap holding one of these words parts the words around it: "on the phone with a customer" is not a customer's
 * phone, "a guest with a laptop" not a guest laptop. (French and Spanish questions meet the English phrases with their
 * own such words said as these; see question.ts.)
 */
export const GAP_BREAKS = new Set(["on", "with"]);
const MAX_CONCEPT_WEIGHT = 3;

export class PhraseMatcher {
  private readonly byFirst = new Map<string, Phrase[]>();
  private readonly phrases = new Map<string, Phrase>();

  /**
   * `functionWords`: the phrase may be made of stop words only ("can we get some"). Only for a signal, which counts
   * only beside another concept; its words must follow each other directly, as stop words in any phrase must.
   */
  add(stems: string[], stop: boolean[], credit: { concepts?: Credit[]; product?: number }, functionWords = false): void {
    // A lone stop word ("did" for a phone number type) would fire on every sentence.
    if (stems.length === 0 || (stop.every((s) => s) && !(functionWords && stems.length > 1))) return;
    const contentLength = Math.max(1, stop.filter((s) => !s).length);
    const key = stems.join(" ");
    let phrase = this.phrases.get(key);
    if (!phrase) {
      phrase = { stems, stop, contentLength, credits: [], products: [] };
      this.phrases.set(key, phrase);
      const list = this.byFirst.get(stems[0]);
      if (list) list.push(phrase);
      else this.byFirst.set(stems[0], [phrase]);
    }
    for (const c of credit.concepts ?? []) {
      const existing = phrase.credits.find((x) => x.concept === c.concept);
      if (existing) existing.weight = Math.max(existing.weight, c.weight);
      else phrase.credits.push({ ...c });
    }
    if (credit.product !== undefined && !phrase.products.includes(credit.product)) phrase.products.push(credit.product);
  }

  /** Call once after the last `add`. */
  seal(): void {
    for (const list of this.byFirst.values()) list.sort((a, b) => b.stems.length - a.stems.length);
  }

  /**
   * `folded`: the words themselves, for exact phrases (a knowledge entry written "=teams": a stem would also take
   * "team", as "personal" would take "person" and "terminated" "terminal").
   */
  match(stems: string[], folded: string[] = stems): PhraseMatch {
    const candidates: { phrase: Phrase; positions: number[]; gaps: number }[] = [];
    const token = (phrase: Phrase, at: number) => (phrase.stems[0].startsWith("=") ? `=${folded[at]}` : stems[at]);
    for (let start = 0; start < stems.length; start++) {
      const starting = [...(this.byFirst.get(stems[start]) ?? []), ...(this.byFirst.get(`=${folded[start]}`) ?? [])];
      for (const phrase of starting) {
        const positions = [start];
        let gaps = 0;
        let at = start;
        for (let k = 1; k < phrase.stems.length && positions.length === k; k++) {
          const reach = phrase.stop[k] ? 0 : MAX_GAP;
          for (let next = at + 1; next <= at + 1 + reach && next < stems.length; next++) {
            if (next > at + 1 && GAP_BREAKS.has(folded[next - 1])) break;
            if (token(phrase, next) === phrase.stems[k]) {
              gaps += next - at - 1;
              positions.push(next);
              at = next;
              break;
            }
          }
        }
        if (positions.length === phrase.stems.length) candidates.push({ phrase, positions, gaps });
      }
    }
    // Longer phrases first; at the same length the very words ("=termination") before a stem ("terminal").
    const exact = (p: Phrase) => (p.stems[0].startsWith("=") ? 0 : 1);
    candidates.sort((a, b) => b.phrase.stems.length - a.phrase.stems.length || exact(a.phrase) - exact(b.phrase) || a.gaps - b.gaps || a.positions[0] - b.positions[0]);
    const covered = new Set<number>();
    const weights = new Map<number, number>();
    const products = new Set<number>();
    const found: string[] = [];
    for (const candidate of candidates) {
      if (candidate.positions.some((p) => covered.has(p))) continue;
      found.push(candidate.phrase.stems.join(" "));
      for (const p of candidate.positions) covered.add(p);
      // Multi-word phrases are more specific than single words; a gap makes the match a little less sure.
      const strength = (1 + 0.35 * (candidate.phrase.contentLength - 1)) * (candidate.gaps > 0 ? 0.8 : 1);
      for (const credit of candidate.phrase.credits) {
        weights.set(credit.concept, (weights.get(credit.concept) ?? 0) + credit.weight * strength);
      }
      for (const product of candidate.phrase.products) products.add(product);
    }
    // Saying a word ten times doesn't make a question ten times more about it.
    for (const [concept, weight] of weights) weights.set(concept, Math.min(weight, MAX_CONCEPT_WEIGHT));
    return { weights, products, found };
  }
}
