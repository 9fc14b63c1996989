import type { Logger } from "../../logger";
import { systemClock, type Clock } from "../../core/ports/clock";
import { nextTry, SEND_RETRY, type RetryPolicy } from "../retry-policy";
import type { OutboxRepository, OutboxRow } from "../db/outbox-repo";
import { QueueConsumer, type ConsumerOptions } from "../queue-consumer";
import { SendError, type ChatSender } from "./sender";
import type { Pacing } from "./pace";
import { withLateNote } from "../../core/time/late";

/**
 * "paced": a row put back because sending it now would go over its conversation's limits (not a failure).
 * "superseded": a re-page not sent because a newer one of the same subject waits behind it in its conversation.
 */
export type SendOutcome = "sent" | "retried" | "failed" | "expired" | "paced" | "superseded";

export interface DispatcherOptions extends ConsumerOptions {
  /** Backoff and the window a transient failure is retried in (default: SEND_RETRY, 24 h). */
  retry?: RetryPolicy;
  /** Test-only: the time rows are due by and windows end by (an outage test moves it forward). */
  clock?: Clock;
  /** The clock of the turns and timers, which pages' moments (`dueAt`) are on: how late a page is sent (default: the system's). */
  dueClock?: Clock;
  /** Told about each outcome (metrics); "expired" is a row given up on because its retry window is over. */
  onOutcome?: (outcome: SendOutcome, platform: string) => void;
  /**
   * A send that has no answer after this long counts as a transient failure and is retried, so a platform that
   * hangs cannot stall the batch (or its conversation) for longer. Keep it well under the lease.
   */
  sendTimeoutMs?: number;
  /** Sends allowed per conversation, per platform (see pace.ts); a platform without windows is not paced. */
  pace?: Pacing;
}

/**
 * Sends outbox rows in order per conversation; any number of replicas can run one. A transient failure (429, 5xx,
 * timeout, no connection) is retried with the retry policy's backoff until its window is over, and the rows behind
 * it in the conversation wait for it: an outage of hours delays replies, in order, and loses none. Each conversation
 * is paced to its platform's limits (pace.ts), so a storm of replies to one channel goes out late, not refused.
 */
export class OutboxDispatcher extends QueueConsumer<OutboxRow> {
  readonly stats = { sent: 0, retried: 0, failed: 0, expired: 0, paced: 0, superseded: 0 };
  private readonly clock: Clock;
  /** Wake this replica when a row it paced is due (other replicas find it by polling). */
  private readonly paceTimers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly repo: OutboxRepository,
    private readonly senders: Record<string, ChatSender | undefined>,
    log: Logger,
    private readonly opts: DispatcherOptions,
  ) {
    const clock = opts.clock;
    // Without a clock of its own, rows are due by the database's clock (replicas agree on it).
    super("outbox", repo, log, { ...opts, batch: opts.batch ?? 20, now: clock ? () => clock.now() : undefined });
    this.clock = clock ?? systemClock;
  }

  /** Rows of a replica that died mid-send back to the queue. */
  protected async housekeep(): Promise<void> {
    await this.repo.releaseExpired();
  }

  async stop(): Promise<void> {
    for (const t of this.paceTimers) clearTimeout(t);
    this.paceTimers.clear();
    await super.stop();
  }

  private count(outcome: SendOutcome, platform: string): void {
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
      if (await this.repo.supersede(row)) {
        this.count("superseded", row.platform);
        return;
      }
      if (await this.paced(row)) return;
      const item = row.payload;
      const keyed = item.op === "update" || item.op === "pin";
      const target = keyed ? await this.repo.posted(item.key) : undefined;
      if (keyed && !target) throw new SendError(`no posted message for key ${item.key}`, "permanent");
      const posted = await this.withTimeout(sender.send(this.markedLate(row, await this.threaded(row)), target ?? undefined));
      await this.repo.markSent(row, posted ?? undefined);
      this.count("sent", row.platform);
      if (posted?.rejected) this.log.warn({ outbox: String(row.id), conversation: row.conversation, rejected: posted.rejected }, "outbox: the platform refused the content; sent the plain-text fallback");
    } catch (err) {
      await this.failed(row, err);
    }
  }

  /**
   * True when sending the row now would go over its conversation's limits: it is put back, due when it may go, and
   * this replica drains again then. Rows behind it in the conversation wait for it, so the order stays.
   */
  private async paced(row: OutboxRow): Promise<boolean> {
    const pace = this.opts.pace?.[row.platform];
    if (!pace?.windows.length || (pace.ops && !pace.ops.includes(row.op))) return false;
    const waitMs = await this.repo.paceWait(row.conversation, pace.windows, pace.ops);
    if (waitMs <= 0) return false;
    await this.repo.defer(row, waitMs, this.opts.clock ? new Date(this.clock.now().getTime() + waitMs) : undefined);
    this.count("paced", row.platform);
    this.wakeIn(waitMs);
    return true;
  }

  private wakeIn(ms: number): void {
    // A few milliseconds late, so the row is due by the database's clock too.
    const timer = setTimeout(() => {
      this.paceTimers.delete(timer);
      this.kick();
    }, ms + 10);
    timer.unref();
    this.paceTimers.add(timer);
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

  /**
   * A page sent LATE_AFTER_MS or more after its moment (the platform was down) says so, once, naming the moment the
   * first page it replaced was due (see supersede).
   */
  private markedLate(row: OutboxRow, item: OutboxRow["payload"]): OutboxRow["payload"] {
    if ((item.op !== "post" && item.op !== "dm") || !item.due || !row.dueAt) return item;
    const text = withLateNote(item.reply.text, row.dueAt, (this.opts.dueClock ?? systemClock).now(), item.due);
    return text === item.reply.text ? item : { ...item, reply: { ...item.reply, text } };
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
    const now = this.clock.now();
    const firstFailedAt = row.firstFailedAt ?? now;
    const next = e.kind === "permanent" ? null : nextTry(this.opts.retry ?? SEND_RETRY, { attempt: row.attempts, firstFailedAt, now, retryAfterMs: e.retryAfterMs });
    if (!next || "expired" in next) {
      const why = next ? `${e.message} (${next.expired}; "tandem outbox retry ${row.id}" sends it again)` : e.message;
      await this.repo.markFailed(row, why);
      this.count(next ? "expired" : "failed", row.platform);
      const expired = next ? { expired: next.expired } : {};
      this.log.error({ outbox: String(row.id), conversation: row.conversation, attempts: row.attempts, error: e.message, ...expired }, "outbox: giving up on message");
      return;
    }
    await this.repo.retryAt(row, new Date(now.getTime() + next.retryInMs), firstFailedAt, e.message);
    this.count("retried", row.platform);
    this.log.warn({ outbox: String(row.id), kind: e.kind, retryInMs: next.retryInMs }, "outbox: send failed, will retry");
  }
}
