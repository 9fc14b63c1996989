import type { Logger } from "../../logger";
import type { OutboxRepository, OutboxRow } from "../db/outbox-repo";
import { DrainLoop } from "../drain-loop";
import { GiveWay } from "../give-way";
import { SendError, type ChatSender } from "./sender";

export interface DispatcherOptions {
  replica: string;
  pollMs: number;
  batch?: number;
  maxAttempts?: number;
  /** Claim lease; rows of a replica that died mid-send become sendable again after it. */
  leaseSeconds?: number;
  /** Told about each outcome (metrics). */
  onOutcome?: (outcome: "sent" | "retried" | "failed", platform: string) => void;
  /** True while platform requests wait for their answer: sends give way (see GiveWay), in smaller batches. */
  busy?: () => boolean;
  maxYieldMs?: number;
  busyBatch?: number;
  /**
   * A send that has no answer after this long counts as a transient failure and is retried, so a platform that
   * hangs cannot stall the batch (or its conversation) for longer. Keep it well under the lease.
   */
  sendTimeoutMs?: number;
}

/** Sends outbox rows in order per conversation, with backoff; any number of replicas can run one. */
export class OutboxDispatcher {
  private readonly loop: DrainLoop;
  private readonly giveWay: GiveWay;
  private releasedAt = 0;
  readonly stats = { sent: 0, retried: 0, failed: 0 };

  constructor(
    private readonly repo: OutboxRepository,
    private readonly senders: Record<string, ChatSender | undefined>,
    private readonly log: Logger,
    private readonly opts: DispatcherOptions,
  ) {
    this.loop = new DrainLoop("outbox", () => this.drain(), opts.pollMs, log);
    this.giveWay = new GiveWay(opts.busy, opts.maxYieldMs ?? 250);
  }

  start(): void {
    this.loop.start();
  }

  /** Drain now (called right after this process enqueues). */
  kick(): void {
    this.loop.kick();
  }

  /** Stop claiming; wait for in-flight sends; give back anything still claimed. */
  async stop(): Promise<void> {
    await this.loop.stop();
    await this.repo.releaseMine(this.opts.replica).catch(() => undefined);
  }

  /** Sends everything currently sendable; returns how many rows were handled. */
  async drain(): Promise<number> {
    let handled = 0;
    // Expired claims (a replica that died) need not be looked for on every kick: a few times per lease is enough.
    const every = Math.min(5_000, (this.opts.leaseSeconds ?? 60) * 250);
    if (Date.now() - this.releasedAt >= every) {
      this.releasedAt = Date.now();
      await this.repo.releaseExpired();
    }
    for (;;) {
      const batch = this.opts.batch ?? 20;
      const busy = await this.giveWay.next(() => this.loop.stopped);
      const rows = await this.repo.claim(this.opts.replica, busy ? (this.opts.busyBatch ?? batch) : batch, this.opts.leaseSeconds);
      if (rows.length === 0 || this.loop.stopped) {
        if (rows.length) await this.repo.releaseMine(this.opts.replica);
        return handled;
      }
      await Promise.all(rows.map((r) => this.sendOne(r)));
      handled += rows.length;
    }
  }

  private count(outcome: "sent" | "retried" | "failed", platform: string): void {
    this.stats[outcome]++;
    this.opts.onOutcome?.(outcome, platform);
  }

  private async sendOne(row: OutboxRow): Promise<void> {
    const sender = this.senders[row.platform];
    if (!sender) {
      await this.repo.markFailed(row, `no sender configured for ${row.platform}`);
      this.count("failed", row.platform);
      this.log.warn({ outbox: String(row.id), platform: row.platform }, "outbox: platform not configured, message dropped");
      return;
    }
    try {
      const item = row.payload;
      const target = item.op === "update" ? await this.repo.posted(item.key) : undefined;
      if (item.op === "update" && !target) throw new SendError(`no posted message for key ${item.key}`, "permanent");
      const posted = await this.withTimeout(sender.send(item, target ?? undefined));
      await this.repo.markSent(row, posted ?? undefined);
      this.count("sent", row.platform);
    } catch (err) {
      await this.failed(row, err);
    }
  }

  private async withTimeout<T>(send: Promise<T>): Promise<T> {
    const ms = this.opts.sendTimeoutMs ?? 15_000;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new SendError(`no answer from the platform within ${ms} ms`, "transient")), ms);
    });
    send.catch(() => undefined); // an answer after the timeout changes nothing: the row is already queued again
    try {
      return await Promise.race([send, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async failed(row: OutboxRow, err: unknown): Promise<void> {
    const e = err instanceof SendError ? err : new SendError((err as Error)?.message ?? String(err), "transient");
    const max = this.opts.maxAttempts ?? 8;
    if (e.kind === "permanent" || row.attempts >= max) {
      await this.repo.markFailed(row, e.message);
      this.count("failed", row.platform);
      this.log.error({ outbox: String(row.id), conversation: row.conversation, attempts: row.attempts, error: e.message }, "outbox: giving up on message");
      return;
    }
    const backoff = e.retryAfterMs ?? Math.min(60_000, 500 * 2 ** (row.attempts - 1));
    await this.repo.retryLater(row, backoff, e.message);
    this.count("retried", row.platform);
    this.log.warn({ outbox: String(row.id), kind: e.kind, retryInMs: backoff }, "outbox: send failed, will retry");
  }
}
