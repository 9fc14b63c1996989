/**
 * Group commit: callers add items one at a time; items that arrive while a write is in flight go out together in
 * the next write (one statement, one commit). Under load the batches grow by themselves, and the cost of a commit
 * is shared by every request waiting for it; alone, an item is written at once.
 */
export class GroupCommit<T, R> {
  private queue: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private inFlight = 0;

  constructor(
    private readonly write: (items: T[]) => Promise<R[]>,
    private readonly opts: { maxBatch: number; maxInFlight: number; lingerMs?: number },
  ) {}

  private lingering?: NodeJS.Timeout;

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.flush();
    });
  }

  private flush(): void {
    if (this.inFlight >= this.opts.maxInFlight || this.queue.length === 0 || this.lingering) return;
    // A database that runs in this thread (the embedded one) finishes a write before the next request gets here:
    // without a short wait every batch would hold one item.
    if (this.opts.lingerMs && this.queue.length < this.opts.maxBatch) {
      this.lingering = setTimeout(() => {
        this.lingering = undefined;
        this.writeNow();
      }, this.opts.lingerMs);
      return;
    }
    this.writeNow();
  }

  private writeNow(): void {
    if (this.inFlight >= this.opts.maxInFlight || this.queue.length === 0) return;
    const batch = this.queue.splice(0, this.opts.maxBatch);
    this.inFlight++;
    this.write(batch.map((b) => b.item))
      .then(
        (results) => batch.forEach((b, i) => b.resolve(results[i])),
        // One bad item must not fail its neighbours: on a failed batch, each item is written alone.
        async (err) => {
          if (batch.length === 1) return batch[0].reject(err);
          await Promise.all(batch.map((b) => this.write([b.item]).then((r) => b.resolve(r[0]), b.reject)));
        },
      )
      .finally(() => {
        this.inFlight--;
        this.flush();
      });
  }
}
