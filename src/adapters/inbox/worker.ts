import type { Outgoing } from "../../core/conversation/reply";
import type { InboxItem } from "../../core/ports/inbox";
import type { Logger } from "../../logger";
import type { InboxRepository, InboxRow } from "../db/inbox-repo";
import { DrainLoop } from "../drain-loop";
import { GiveWay } from "../give-way";

export interface InboxWorkerOptions {
  replica: string;
  pollMs: number;
  /** Conversations handled at once. */
  batch: number;
  leaseSeconds: number;
  maxAttempts: number;
  /** Hours handled events are kept to recognise late retries. */
  keepHours: number;
  onOutcome?: (outcome: "handled" | "retried" | "failed", platform: string) => void;
  /**
   * True while platform requests wait for their answer: turns then give way (Slack wants its 200 within 3 s; the
   * events are stored and lose nothing by waiting), but never for longer than `maxYieldMs` at a time.
   */
  busy?: () => boolean;
  maxYieldMs?: number;
  /** Events per batch while requests wait (a batch on the embedded database holds the thread). */
  busyBatch?: number;
}

/**
 * Handles stored inbound events on any replica: the oldest event of each conversation first, several
 * conversations at once. A turn that throws is retried with backoff and, after the last attempt, marked failed
 * (visible in `tandem inbox list`, a metric and a log line) so its conversation moves on.
 */
export class InboxWorker {
  private readonly loop: DrainLoop;
  private readonly giveWay: GiveWay;
  private housekeptAt = 0;
  readonly stats = { handled: 0, retried: 0, failed: 0 };

  constructor(
    private readonly repo: InboxRepository,
    private readonly handle: (item: InboxItem) => Promise<Outgoing[]>,
    private readonly log: Logger,
    private readonly opts: InboxWorkerOptions,
  ) {
    this.loop = new DrainLoop("inbox", () => this.drain(), opts.pollMs, log);
    this.giveWay = new GiveWay(opts.busy, opts.maxYieldMs ?? 250);
  }

  start(): void {
    this.loop.start();
  }

  kick(): void {
    this.loop.kick();
  }

  /** Stop claiming; finish the turns in progress; give back anything still claimed. */
  async stop(): Promise<void> {
    await this.loop.stop();
    await this.repo.releaseMine(this.opts.replica).catch(() => undefined);
  }

  /** Handles everything currently due; returns how many events were taken. */
  async drain(): Promise<number> {
    await this.housekeep();
    let taken = 0;
    for (;;) {
      const limit = (await this.giveWay.next(() => this.loop.stopped)) ? (this.opts.busyBatch ?? this.opts.batch) : this.opts.batch;
      const rows = await this.repo.claim(this.opts.replica, limit, this.opts.leaseSeconds);
      if (rows.length === 0 || this.loop.stopped) {
        if (rows.length) await this.repo.releaseMine(this.opts.replica);
        return taken;
      }
      await Promise.all(rows.map((r) => this.handleOne(r)));
      taken += rows.length;
    }
  }

  /** A few times per lease: claims of dead replicas back to the queue, old handled events deleted. */
  private async housekeep(): Promise<void> {
    if (Date.now() - this.housekeptAt < Math.min(5_000, this.opts.leaseSeconds * 250)) return;
    this.housekeptAt = Date.now();
    const released = await this.repo.releaseExpired();
    if (released) this.log.warn({ released }, "inbox: events of a replica that stopped mid-turn are queued again");
    await this.repo.prune(this.opts.keepHours);
  }

  private async handleOne(row: InboxRow): Promise<void> {
    const platform = row.platform;
    try {
      const effects = await this.handle(row.payload);
      if (!(await this.repo.completeClaimed(row, this.opts.replica, effects))) {
        this.log.warn({ inbox: String(row.id), eventId: row.eventId }, "inbox: claim expired mid-turn; another replica has the event");
        return;
      }
      this.count("handled", platform);
    } catch (err) {
      const message = (err as Error)?.message ?? String(err);
      if (row.attempts >= this.opts.maxAttempts) {
        await this.repo.markFailed(row, message);
        this.count("failed", platform);
        this.log.error({ err, inbox: String(row.id), eventId: row.eventId, attempts: row.attempts }, "inbox: giving up on event");
        return;
      }
      const backoff = Math.min(60_000, 1_000 * 2 ** (row.attempts - 1));
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
