/**
 * Background work (turns, sends) gives way to platform requests waiting for their answer: Slack wants its 200
 * within 3 s, and on the embedded database a batch of background work holds the thread. It waits while `busy()`,
 * but never longer than `maxYieldMs` since its last batch, so a flood slows the background down without
 * stopping it.
 */
export class GiveWay {
  private lastBatchAt = 0;

  constructor(
    private readonly busy: (() => boolean) | undefined,
    private readonly maxYieldMs: number,
  ) {}

  /** Resolves when the next batch may run; true if requests are still waiting (run a small batch). */
  async next(stopped: () => boolean): Promise<boolean> {
    // Let requests that arrived during the last batch in first.
    await new Promise((r) => setImmediate(r));
    const busy = this.busy;
    if (busy) while (busy() && Date.now() - this.lastBatchAt < this.maxYieldMs && !stopped()) await new Promise((r) => setTimeout(r, 5));
    this.lastBatchAt = Date.now();
    return !!busy?.();
  }
}
