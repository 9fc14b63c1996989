import type { Logger } from "../../logger";
import { systemClock, type Clock } from "../../core/ports/clock";
import { nextTry, SEND_RETRY, type RetryPolicy } from "../retry-policy";
import type { OutboxRepository, OutboxRow } from "../db/outbox-repo";
import { QueueConsumer, type ConsumerOptions } from "../queue-consumer";
import { LookupError, SendError, type ChatSender, type Sent } from "./sender";
import type { Pacing } from "./pace";
import { LATE_AFTER_MS, withLateNote } from "../../core/time/late";

/**
 * "paced": a row put back because sending it now would go over its conversation's limits (not a failure).
 * "superseded": an overdue re-page not sent because a newer one of the same subject waits behind it in its conversation.
 */
export type SendOutcome = "sent" | "retried" | "failed" | "expired" | "paced" | "superseded";

/**
 * A row claimed while an earlier attempt may have reached the platform: "found" (that message is there, so it is
 * marked sent, not sent again), "not-found" (sent now), or the platform could not say ("unsupported": it has no way
 * to read messages back, as the Bot Connector; "refused", "rate-limited", "error"): sent again, at least once.
 */
export type LookupOutcome = "found" | "not-found" | LookupError["reason"];

export interface DispatcherOptions extends ConsumerOptions {
  /** Backoff and the window a transient failure is retried in (default: SEND_RETRY, 24 h). */
  retry?: RetryPolicy;
  /** Test-only: the time rows are due by and windows end by (an outage test moves it forward). */
  clock?: Clock;
  /** The clock of the turns and timers, which pages' moments (`dueAt`) are on: how late a page is sent (default: the system's). */
  dueClock?: Clock;
  /** Told about each outcome (metrics); "expired" is a row given up on because its retry window is over. */
  onOutcome?: (outcome: SendOutcome, platform: string) => void;
  /** Told about each look for an earlier attempt's message (metrics). */
  onLookup?: (outcome: LookupOutcome, platform: string) => void;
  /**
   * Told when this replica's claim was gone by the time it came to send or to record an outcome (its lease ran out
   * and another replica took the row): "before-send" (nothing sent) or "after-send" (sent, not marked; the new
   * claimant finds the message where the platform can be read).
   */
  onLostClaim?: (when: "before-send" | "after-send", platform: string) => void;
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
  readonly lookups: Record<LookupOutcome, number> = { found: 0, "not-found": 0, unsupported: 0, refused: 0, "rate-limited": 0, error: 0 };
  readonly lostClaims = { "before-send": 0, "after-send": 0 };
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
    // Whether an earlier attempt may have reached the platform, not ruled out yet.
    let uncertain = row.unconfirmedAt != null;
    const afterFailure = deferred();
    try {
      if (this.overdue(row) && (await this.repo.supersede(row))) {
        this.count("superseded", row.platform);
        return;
      }
      if (await this.paced(row)) return;
      const item = row.payload;
      const keyed = item.op === "update" || item.op === "pin";
      const target = keyed ? await this.repo.posted(item.key) : undefined;
      if (keyed && !target) throw new SendError(`no posted message for key ${item.key}`, "permanent");
      const message = this.markedLate(row, await this.threaded(row));
      const key = outboxKey(row);
      if (uncertain && mayRepeat(message)) {
        const found = await this.lookUp(sender, row, message, key);
        if (found) {
          if (await this.repo.markSent(row, found)) this.count("sent", row.platform);
          else this.lostClaim("after-send", row);
          return;
        }
        if (found === null) uncertain = false;
      }
      if (!(await this.repo.markInFlight(row))) {
        this.lostClaim("before-send", row);
        return;
      }
      const posted = await this.withTimeout(sender.send(message, target ?? undefined, key), (late) => {
        // The answer came after the timeout: once the row is back in the queue, marked sent unless claimed again
        // (markSent's condition for a row whose claim ran out and that nobody took since).
        void afterFailure.promise
          .then(() => this.repo.markSent(row, late ?? undefined))
          .then((marked) => marked && this.log.info({ outbox: String(row.id) }, "outbox: a late answer marked the message sent"))
          .catch(() => undefined);
      });
      if (!(await this.repo.markSent(row, posted ?? undefined))) {
        this.lostClaim("after-send", row);
        return;
      }
      this.count("sent", row.platform);
      if (posted?.rejected) this.log.warn({ outbox: String(row.id), conversation: row.conversation, rejected: posted.rejected }, "outbox: the platform refused the content; sent the plain-text fallback");
    } catch (err) {
      await this.failed(row, err, uncertain);
    } finally {
      afterFailure.resolve();
    }
  }

  /**
   * Asks the platform whether an earlier attempt's message is there: the message (mark it sent), null (it is not:
   * send), or undefined (the platform could not say: send again, at least once).
   */
  private async lookUp(sender: ChatSender, row: OutboxRow, message: OutboxRow["payload"], key: string): Promise<Sent | null | undefined> {
    let outcome: LookupOutcome;
    let found: Sent | null | undefined;
    if (!sender.findSent) {
      outcome = "unsupported";
    } else {
      try {
        found = await this.withTimeout(sender.findSent(message, key, row.unconfirmedAt!));
        outcome = found ? "found" : "not-found";
      } catch (err) {
        outcome = err instanceof LookupError ? err.reason : "error";
        this.log.warn({ outbox: String(row.id), conversation: row.conversation, error: (err as Error)?.message }, "outbox: could not look for an earlier attempt's message; sending again");
      }
    }
    this.lookups[outcome]++;
    this.opts.onLookup?.(outcome, row.platform);
    if (outcome === "found") this.log.info({ outbox: String(row.id), conversation: row.conversation, messageId: found!.messageId }, "outbox: an earlier attempt's message is there; not sent again");
    return found;
  }

  private lostClaim(when: "before-send" | "after-send", row: OutboxRow): void {
    this.lostClaims[when]++;
    this.opts.onLostClaim?.(when, row.platform);
    this.log.warn({ outbox: String(row.id), conversation: row.conversation, when }, "outbox: another replica took the message over; leaving it to that one");
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
   * A re-page is replaced by a newer one of its subject only once it is overdue (LATE_AFTER_MS past its moment: the
   * platform was down). One held back for seconds by a busy channel's pace is sent: it pages its own person.
   */
  private overdue(row: OutboxRow): boolean {
    if (!row.supersedeKey || !row.dueAt) return false;
    return (this.opts.dueClock ?? systemClock).now().getTime() - row.dueAt.getTime() >= LATE_AFTER_MS;
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

  /** `late`: called with the answer when it comes after the timeout. */
  private async withTimeout<T>(send: Promise<T>, late?: (answer: T) => void): Promise<T> {
    const ms = this.opts.sendTimeoutMs ?? 15_000;
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        timedOut = true;
        reject(new SendError(`no answer from the platform within ${ms} ms`, "transient"));
      }, ms);
    });
    send.then((answer) => timedOut && late?.(answer)).catch(() => undefined);
    try {
      return await Promise.race([send, expired]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** `uncertain`: an earlier attempt may have reached the platform (so the row stays in flight whatever this one did). */
  private async failed(row: OutboxRow, err: unknown, uncertain: boolean): Promise<void> {
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
    await this.repo.retryAt(row, new Date(now.getTime() + next.retryInMs), firstFailedAt, e.message, e.refused && !uncertain);
    this.count("retried", row.platform);
    this.log.warn({ outbox: String(row.id), kind: e.kind, retryInMs: next.retryInMs }, "outbox: send failed, will retry");
  }
}

/** The key a row's message carries on the platform (Slack message metadata), unique per outbox row. */
export function outboxKey(row: Pick<OutboxRow, "id">): string {
  return String(row.id);
}

/** A send that makes a new message when repeated (an update or a pin sent again changes nothing). */
function mayRepeat(item: OutboxRow["payload"]): boolean {
  return item.op === "post" || item.op === "dm" || item.op === "ephemeral";
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
