// BM25 over each category's own words: catches what the knowledge base doesn't know (a product only this
// client uses, an in-house system name) straight from the matrix text.

const K1 = 1.2;
const B = 0.5;

export class LexicalIndex {
  private readonly postings = new Map<string, { doc: number; tf: number }[]>();
  private readonly lengths: number[];
  private readonly averageLength: number;
  private readonly docCount: number;

  /** Each document is a bag of tokens (repeat a token to weigh it up). */
  constructor(documents: string[][]) {
    this.docCount = documents.length;
    this.lengths = documents.map((d) => d.length);
    this.averageLength = this.lengths.reduce((a, b) => a + b, 0) / Math.max(1, this.docCount);
    documents.forEach((tokens, doc) => {
      const counts = new Map<string, number>();
      for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
      for (const [token, tf] of counts) {
        const list = this.postings.get(token);
        if (list) list.push({ doc, tf });
        else this.postings.set(token, [{ doc, tf }]);
      }
    });
  }

  has(token: string): boolean {
    return this.postings.has(token);
  }

  tokens(): Iterable<string> {
    return this.postings.keys();
  }

  private idf(df: number): number {
    return Math.log(1 + (this.docCount - df + 0.5) / (df + 0.5));
  }

  /**
   * Scores as a fraction (0..1) of what a document matching every query token strongly would get, so a question
   * full of words the matrix never uses scores low everywhere.
   */
  score(queryTokens: string[]): Map<number, number> {
    const scores = new Map<number, number>();
    const unique = [...new Set(queryTokens)];
    let ceiling = 0;
    for (const token of unique) {
      const list = this.postings.get(token);
      const idf = this.idf(list?.length ?? 1);
      ceiling += idf * (K1 + 1);
      if (!list) continue;
      for (const { doc, tf } of list) {
        const norm = tf * (K1 + 1) / (tf + K1 * (1 - B + B * this.lengths[doc] / this.averageLength));
        scores.set(doc, (scores.get(doc) ?? 0) + idf * norm);
      }
    }
    if (ceiling > 0) for (const [doc, s] of scores) scores.set(doc, s / ceiling);
    return scores;
  }
}
