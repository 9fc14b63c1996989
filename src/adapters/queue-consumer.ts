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
}

/**
 * What the inbox worker and the outbox dispatcher share: a background loop (polled, and kicked when this process
 * queued work) that claims rows of a conversation queue, handles them side by side, and on stop gives back
 * whatever it still holds. Subclasses say how one row is handled.
 */
export abstract class QueueConsumer<Row> {
  private readonly loop: DrainLoop;
  private readonly giveWay: GiveWay;
  private housekeptAt = 0;

  constructor(
    name: string,
    private readonly queue: ConversationQueue<Row>,
    protected readonly log: Logger,
    private readonly consumer: ConsumerOptions & { batch: number },
  ) {
    this.loop = new DrainLoop(name, () => this.drain(), consumer.pollMs, log);
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

  /** Handles everything currently due; returns how many rows were taken. */
  async drain(): Promise<number> {
    // Claims of dead replicas need not be looked for on every kick: a few times per lease is enough.
    if (Date.now() - this.housekeptAt >= Math.min(5_000, (this.consumer.leaseSeconds ?? 60) * 250)) {
      this.housekeptAt = Date.now();
      await this.housekeep();
    }
    let taken = 0;
    for (;;) {
      const { batch, busyBatch, replica, leaseSeconds } = this.consumer;
      const busy = await this.giveWay.next(() => this.loop.stopped);
      const rows = await this.queue.claim(replica, busy ? (busyBatch ?? batch) : batch, leaseSeconds);
      if (rows.length === 0 || this.loop.stopped) {
        if (rows.length) await this.queue.releaseMine(replica);
        return taken;
      }
      await Promise.all(rows.map((r) => this.handle(r)));
      taken += rows.length;
    }
  }

  /** Before a drain, a few times per lease: take back the claims of dead replicas (and the like). */
  protected abstract housekeep(): Promise<void>;

  /** Handles one claimed row, recording its outcome; never throws. */
  protected abstract handle(row: Row): Promise<void>;
}
