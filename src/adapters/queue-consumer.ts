import type { Logger } from "../logger";
import type { ConversationQueue } from "./db/conversation-queue";
import { DrainLoop } from "./drain-loop";
import { GiveWay } from "./give-way";

export interface ConsumerOptions {
  replica: string;
  pollMs: number;
  /** Rows claimed at once (conversations handled side by side). */
  batch?: number;
  /** Claim lease; rows of a replica that died mid-work can be taken by others after it. */
  leaseSeconds?: number;
  /**
   * True while platform requests wait for their answer: work gives way (Slack wants its 200 within 3 s; queued
   * rows lose nothing by waiting), but never for longer than `maxYieldMs` at a time, and in batches of `busyBatch`.
   */
  busy?: () => boolean;
  maxYieldMs?: number;
  busyBatch?: number;
  /** The time rows are due by (the database's clock when unset; tests pass a fake clock's). */
  now?: () => Date;
}

/**
 * What the inbox worker and the outbox dispatcher share: a background loop (polled, and kicked when this process
 * queued work) that claims rows of a conversation queue, handles them side by side, and on stop gives back
 * whatever it still holds. Subclasses say how one row is handled.
 */
export abstract class QueueConsumer<Row extends { id: bigint }> {
  private readonly loop: DrainLoop;
  private readonly giveWay: GiveWay;
  private housekeptAt = 0;
  /** Wakes a drain that waits for rows in hand when new work may be there (a kick or a poll). */
  private wake?: () => void;

  constructor(
    name: string,
    private readonly queue: ConversationQueue<Row>,
    protected readonly log: Logger,
    private readonly consumer: ConsumerOptions & { batch: number },
  ) {
    this.loop = new DrainLoop(name, () => this.drain(), consumer.pollMs, log);
    this.loop.onKickWhileRunning = () => this.wake?.();
    this.giveWay = new GiveWay(consumer.busy, consumer.maxYieldMs ?? 250);
  }

  start(): void {
    this.loop.start();
  }

  /** Drain now (called right after this process queued work). */
  kick(): void {
    this.loop.kick();
  }

  /** Stop claiming; finish the rows in hand; give back anything still claimed. */
  async stop(): Promise<void> {
    await this.loop.stop();
    await this.queue.releaseMine(this.consumer.replica).catch(() => undefined);
  }

  /**
   * Handles everything currently due; returns how many rows were taken. Rows are handled side by side, up to
   * `batch` at once (`busyBatch` while requests wait), and more are claimed as soon as half of that is free: one
   * slow row (a platform that answers late, a turn waiting on Graph) does not hold up the others. Returns once
   * nothing is due and nothing is in hand, so `stop()` finds no row of this replica being worked on.
   */
  async drain(): Promise<number> {
    // Claims of dead replicas need not be looked for on every kick: a few times per lease is enough.
    if (Date.now() - this.housekeptAt >= Math.min(5_000, (this.consumer.leaseSeconds ?? 60) * 250)) {
      this.housekeptAt = Date.now();
      await this.housekeep();
    }
    const { batch, busyBatch, replica, leaseSeconds } = this.consumer;
    const inHand = new Set<Promise<void>>();
    let taken = 0;
    for (;;) {
      // Claim when nothing is in hand or at least half the batch is free, so claims stay few per row handled.
      if (!this.loop.stopped && inHand.size <= Math.floor(batch / 2)) {
        const cap = (await this.giveWay.next(() => this.loop.stopped)) ? (busyBatch ?? batch) : batch;
        const room = cap - inHand.size;
        const rows = room > 0 && !this.loop.stopped ? await this.queue.claim(replica, room, leaseSeconds, this.consumer.now?.()) : [];
        for (const row of rows) {
          const done: Promise<void> = this.handle(row)
            .catch((err) => this.log.error({ err }, "queue: handling a claimed row failed"))
            .finally(() => inHand.delete(done));
          inHand.add(done);
        }
        taken += rows.length;
      }
      if (inHand.size === 0) return taken;
      // A finished row frees a place (and may free the next row of its conversation); a kick says new work is there.
      await Promise.race([...inHand, new Promise<void>((resolve) => (this.wake = resolve))]);
      this.wake = undefined;
    }
  }

  /** Before a drain, a few times per lease: take back the claims of dead replicas (and the like). */
  protected abstract housekeep(): Promise<void>;

  /** Handles one claimed row, recording its outcome; never throws. */
  protected abstract handle(row: Row): Promise<void>;
}
