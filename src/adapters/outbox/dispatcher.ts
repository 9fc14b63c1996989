import type { Logger } from "../../logger";
import type { OutboxRepository, OutboxRow } from "../db/outbox-repo";
import { QueueConsumer, type ConsumerOptions } from "../queue-consumer";
import { SendError, type ChatSender } from "./sender";

export interface DispatcherOptions extends ConsumerOptions {
  maxAttempts?: number;
  /** Told about each outcome (metrics). */
  onOutcome?: (outcome: "sent" | "retried" | "failed", platform: string) => void;
  /**
   * A send that has no answer after this long counts as a transient failure and is retried, so a platform that
   * hangs cannot stall the batch (or its conversation) for longer. Keep it well under the lease.
   */
  sendTimeoutMs?: number;
}

/** Sends outbox rows in order per conversation, with backoff; any number of replicas can run one. */
export class OutboxDispatcher extends QueueConsumer<OutboxRow> {
  readonly stats = { sent: 0, retried: 0, failed: 0 };

  constructor(
    private readonly repo: OutboxRepository,
    private readonly senders: Record<string, ChatSender | undefined>,
    log: Logger,
    private readonly opts: DispatcherOptions,
  ) {
    super("outbox", repo, log, { ...opts, batch: opts.batch ?? 20 });
  }

  /** Rows of a replica that died mid-send back to the queue. */
  protected async housekeep(): Promise<void> {
    await this.repo.releaseExpired();
  }

  private count(outcome: "sent" | "retried" | "failed", platform: string): void {
    this.stats[outcome]++;
    this.opts.onOutcome?.(outcome, platform);
  }

  protected async handle(row: OutboxRow): Promise<void> {
    const sender = this.senders[row.platform];
    if (!sender) {
      await this.repo.markFailed(row, `no sender configured for ${row.platform}`);
      this.count("failed", row.platform);
      this.log.warn({ outbox: String(row.id), platform: row.platform }, "outbox: platform not configured, message dropped");
      return;
    }
    try {
      const item = row.payload;
      const keyed = item.op === "update" || item.op === "pin";
      const target = keyed ? await this.repo.posted(item.key) : undefined;
      if (keyed && !target) throw new SendError(`no posted message for key ${item.key}`, "permanent");
      const posted = await this.withTimeout(sender.send(await this.threaded(row), target ?? undefined));
      await this.repo.markSent(row, posted ?? undefined);
      this.count("sent", row.platform);
      if (posted?.rejected) this.log.warn({ outbox: String(row.id), conversation: row.conversation, rejected: posted.rejected }, "outbox: the platform refused the content; sent the plain-text fallback");
    } catch (err) {
      await this.failed(row, err);
    }
  }

  /**
   * A post under a message queued before it: its thread is known once that one is sent. Only in the same conversation
   * (the card may live in a 1:1 chat while the post goes to a channel): elsewhere the post stays where it was sent.
   */
  private async threaded(row: OutboxRow): Promise<OutboxRow["payload"]> {
    const item = row.payload;
    if (item.op !== "post" || !item.threadOf || item.threadId) return item;
    const root = await this.repo.posted(item.threadOf);
    return root && root.conversation === row.conversation ? { ...item, threadId: root.threadId ?? root.messageId } : item;
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
