// A number per candidate category, read and written like a Map<number, number> (the same values, keys in the order
// they were first set), over arrays sized for the matrix: a Map of hundreds of candidates boxed every number it was
// given and grew its table as it went, and that garbage was most of a decision's at 500 categories.

export class PerCandidate {
  private readonly numbers: Float64Array;
  private readonly present: Uint8Array;
  private readonly order: number[] = [];

  constructor(candidates: number) {
    this.numbers = new Float64Array(candidates);
    this.present = new Uint8Array(candidates);
  }

  get size(): number {
    return this.order.length;
  }

  get(candidate: number): number | undefined {
    return this.present[candidate] ? this.numbers[candidate] : undefined;
  }

  set(candidate: number, value: number): this {
    if (!this.present[candidate]) {
      this.present[candidate] = 1;
      this.order.push(candidate);
    }
    this.numbers[candidate] = value;
    return this;
  }

  /** Candidates in the order they were first set. */
  keys(): readonly number[] {
    return this.order;
  }

  values(): number[] {
    return this.order.map((c) => this.numbers[c]);
  }

  forEach(each: (value: number, candidate: number) => void): void {
    for (const c of this.order) each(this.numbers[c], c);
  }
}
