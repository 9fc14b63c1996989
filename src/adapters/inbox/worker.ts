import type { Outgoing } from "../../core/conversation/reply";
import type { InboxItem } from "../../core/ports/inbox";
import type { Logger } from "../../logger";
import type { InboxRepository, InboxRow } from "../db/inbox-repo";
import { QueueConsumer, type ConsumerOptions } from "../queue-consumer";
import { backoffMs } from "../retry-policy";

/** A turn that threw: again after 1 s, 2 s, 4 s ... at most a minute apart (a failing turn is more often a bug). */
const TURN_BACKOFF = { firstDelayMs: 1_000, maxDelayMs: 60_000 };

export interface InboxWorkerOptions extends ConsumerOptions {
  /** Conversations handled at once. */
  batch: number;
  leaseSeconds: number;
  maxAttempts: number;
  /** Hours handled events are kept to recognise late retries. */
  keepHours: number;
  onOutcome?: (outcome: "handled" | "retried" | "failed", platform: string) => void;
  /**
   * Runs a turn and its "done" mark in one commit (see db/turn-transaction.ts): throwing rolls back all it wrote.
   * Absent: each write commits on its own.
   */
  atomic?: <T>(fn: () => Promise<T>) => Promise<T>;
}

/** The claim ran out mid-turn and another replica has the event: this turn's writes are rolled back. */
class ClaimLost extends Error {}

/**
 * Handles stored inbound events on any replica: the oldest event of each conversation first, several
 * conversations at once. A turn that throws is retried with backoff and, after the last attempt, marked failed
 * (visible in `tandem inbox list`, a metric and a log line) so its conversation moves on.
 */
export class InboxWorker extends QueueConsumer<InboxRow> {
  readonly stats = { handled: 0, retried: 0, failed: 0 };

  constructor(
    private readonly repo: InboxRepository,
    private readonly turn: (item: InboxItem) => Promise<Outgoing[]>,
    log: Logger,
    private readonly opts: InboxWorkerOptions,
  ) {
    super("inbox", repo, log, opts);
  }

  /** Claims of dead replicas back to the queue, old handled events deleted. */
  protected async housekeep(): Promise<void> {
    const released = await this.repo.releaseExpired();
    if (released) this.log.warn({ released }, "inbox: events of a replica that stopped mid-turn are queued again");
    await this.repo.prune(this.opts.keepHours);
  }

  protected async handle(row: InboxRow): Promise<void> {
    const platform = row.platform;
    const atomic = this.opts.atomic ?? (<T>(fn: () => Promise<T>) => fn());
    try {
      await atomic(async () => {
        const effects = await this.turn(row.payload);
        if (!(await this.repo.completeClaimed(row, this.opts.replica, effects))) throw new ClaimLost();
      });
      this.count("handled", platform);
    } catch (err) {
      if (err instanceof ClaimLost) {
        this.log.warn({ inbox: String(row.id), eventId: row.eventId }, "inbox: claim expired mid-turn; another replica has the event (this turn's writes are rolled back)");
        return;
      }
      const message = (err as Error)?.message ?? String(err);
      if (row.attempts >= this.opts.maxAttempts) {
        await this.repo.markFailed(row, message);
        this.count("failed", platform);
        this.log.error({ err, inbox: String(row.id), eventId: row.eventId, attempts: row.attempts }, "inbox: giving up on event");
        return;
      }
      const backoff = backoffMs(row.attempts, TURN_BACKOFF);
      await this.repo.retryLater(row, backoff, message);
      this.count("retried", platform);
      this.log.warn({ err, inbox: String(row.id), eventId: row.eventId, retryInMs: backoff }, "inbox: turn failed, will retry");
    }
  }

  private count(outcome: "handled" | "retried" | "failed", platform: string): void {
    this.stats[outcome]++;
    this.opts.onOutcome?.(outcome, platform);
  }
}
