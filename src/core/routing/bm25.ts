// Orama's BM25 for a matrix index, each query word's share worked out once per index: the same words come back
// question after question, and Orama's prefix lookup and per-document bookkeeping were most of a decision's time at
// 500 categories. The shares are added in Orama's own order (field by field, word by word, then the words a query word
// is a prefix of, in its tree's order), so the scores are the very numbers its search returns (bm25.test.ts checks).
// It reads Orama's index data (version pinned in package.json): the statistics its search reads.
import type { AnyOrama } from "@orama/orama";

/** Orama's BM25 parameters (its defaults; the search passes none). */
const K = 1.2;
const B = 0.75;
const D = 0.5;

/** Per field: the documents a query word reaches (Orama internal ids) and what each adds, in Orama's order. */
type Shares = { ids: number[]; values: number[] }[];

/** Query words kept per index; a client's questions use a few thousand. */
const WORDS_KEPT = 10_000;

interface OramaIndexData {
  indexes: Record<string, { node: { find(params: { term: string; exact: boolean; tolerance: number }): Record<string, number[]> } }>;
  frequencies: Record<string, Record<number, Record<string, number> | undefined>>;
  tokenOccurrences: Record<string, Record<string, unknown>>;
  fieldLengths: Record<string, Record<number, number>>;
  avgFieldLength: Record<string, number>;
}

function bm25(tf: number, matchingCount: number, docsCount: number, fieldLength: number, averageFieldLength: number): number {
  // Written as in Orama (components/algorithms.js), so the floating-point result is the same.
  const idf = Math.log(1 + (docsCount - matchingCount + 0.5) / (matchingCount + 0.5));
  return (idf * (D + tf * (K + 1))) / (tf + K * (1 - B + (B * fieldLength) / averageFieldLength));
}

export class MemoisedBm25 {
  private readonly shares = new Map<string, Shares>();
  private readonly data: OramaIndexData;
  private readonly docsCount: number;
  /** Orama internal id -> the document's `position`. */
  private readonly positions: number[] = [];

  constructor(
    private readonly db: AnyOrama,
    /** Searched fields, in the order Orama visits them (its schema's order). */
    private readonly fields: string[],
    private readonly boost: Record<string, number>,
  ) {
    this.data = db.data.index as unknown as OramaIndexData;
    this.docsCount = db.documentsStore.count(db.data.docs);
  }

  /** Document position -> score, best first (ties in insertion order), as Orama's search with threshold 1 and no limit. */
  scores(queryWords: string[]): Map<number, number> {
    const perWord = queryWords.map((w) => this.sharesOf(w));
    // Orama's ids count from 1; documents in the order a query word first reaches them, as Orama's own result map.
    const sums = new Float64Array(this.docsCount + 1);
    const reached = new Uint8Array(this.docsCount + 1);
    const order: number[] = [];
    for (let f = 0; f < this.fields.length; f++) {
      for (const shares of perWord) {
        const { ids, values } = shares[f];
        for (let i = 0; i < ids.length; i++) {
          const id = ids[i];
          if (reached[id]) sums[id] += values[i];
          else {
            reached[id] = 1;
            sums[id] = values[i];
            order.push(id);
          }
        }
      }
    }
    order.sort((a, b) => (sums[b] === sums[a] ? a - b : sums[b] - sums[a]));
    const out = new Map<number, number>();
    for (const id of order) out.set(this.positionOf(id), sums[id]);
    return out;
  }

  private sharesOf(word: string): Shares {
    let shares = this.shares.get(word);
    if (shares) return shares;
    shares = this.fields.map((field) => {
      const boost = this.boost[field] ?? 1;
      const fieldLengths = this.data.fieldLengths[field];
      const averageLength = this.data.avgFieldLength[field];
      const frequencies = this.data.frequencies[field];
      const occurrences = this.data.tokenOccurrences[field];
      const found = this.data.indexes[field].node.find({ term: word, exact: false, tolerance: 0 });
      const ids: number[] = [];
      const values: number[] = [];
      for (const term of Object.keys(found)) {
        const matching = typeof occurrences[term] === "number" ? ((occurrences[term] as number) ?? 0) : 0;
        for (const id of Array.from(found[term])) {
          ids.push(id);
          values.push(bm25(frequencies?.[id]?.[term] ?? 0, matching, this.docsCount, fieldLengths[id], averageLength) * boost);
        }
      }
      return { ids, values };
    });
    if (this.shares.size >= WORDS_KEPT) this.shares.clear();
    this.shares.set(word, shares);
    return shares;
  }

  private positionOf(id: number): number {
    let position = this.positions[id];
    if (position === undefined) {
      position = (this.db.documentsStore.get(this.db.data.docs, id) as unknown as { position: number }).position;
      this.positions[id] = position;
    }
    return position;
  }
}
