import type { Prisma } from "./connect";

/** What the queue asks of the table's Prisma model (retry, give up, count). */
export interface QueueModel {
  update(args: { where: { id: bigint }; data: { status: string; lockedBy: null; availableAt?: Date; lastError: string } }): PromiseLike<unknown>;
  count(args: { where: { status: string | { in: string[] } } }): PromiseLike<number>;
}

/**
 * What the inbox and the outbox share (both extend it): a table of rows queued per conversation, claimed by any
 * replica with a lease, retried later or given up on. `busy` is the status of a claimed row; `only` narrows the
 * rows this queue claims back (SQL, optional).
 */
export class ConversationQueue<Row extends { id: bigint }> {
  private readonly only: string;

  constructor(
    protected readonly prisma: Prisma,
    private readonly model: QueueModel,
    private readonly table: string,
    private readonly busy: string,
    private readonly returning: string,
    only?: string,
  ) {
    this.only = only ? ` AND ${only}` : "";
  }

  /**
   * Claims up to `limit` rows: the oldest pending one of each conversation that is due at `now` (the database's
   * clock unless given), skipping rows others hold.
   */
  claim(replica: string, limit: number, leaseSeconds = 60, now?: Date): Promise<Row[]> {
    const { table, busy } = this;
    return this.prisma.$queryRawUnsafe<Row[]>(
      `UPDATE "${table}" SET status = '${busy}', "lockedBy" = $1, "lockedUntil" = now() + ($3 || ' seconds')::interval,
         attempts = attempts + 1
       WHERE id IN (
         SELECT q.id FROM "${table}" q
         WHERE q.status = 'pending' AND q."availableAt" <= ${now ? "$4" : "now()"}
           AND NOT EXISTS (SELECT 1 FROM "${table}" p
                           WHERE p.conversation = q.conversation AND p.id < q.id AND p.status IN ('pending', '${busy}'))
         ORDER BY q.id LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING ${this.returning}`,
      replica,
      limit,
      String(leaseSeconds),
      ...(now ? [now] : []),
    );
  }

  /** Rows of a replica that died mid-work (its lease ran out) go back to the queue. */
  releaseExpired(): Promise<number> {
    return this.release(`"lockedUntil" < now()`);
  }

  /** Every claim, whoever holds it: for the embedded database at start-up, where no other process can hold one. */
  releaseAll(): Promise<number> {
    return this.release("true");
  }

  /** This replica's claims (on shutdown); the attempt it had not finished does not count. */
  releaseMine(replica: string): Promise<number> {
    return this.release(`"lockedBy" = $1`, ", attempts = greatest(attempts - 1, 0)", replica);
  }

  /** A claimed row whose attempt failed: back in the queue after `delayMs`. */
  async retryLater(row: Row, delayMs: number, error: string): Promise<void> {
    await this.model.update({
      where: { id: row.id },
      data: { status: "pending", lockedBy: null, availableAt: new Date(Date.now() + delayMs), lastError: error.slice(0, 500) },
    });
  }

  /** A claimed row given up on: it stays, failed, with the last error (the conversation moves on). */
  async markFailed(row: Row, error: string): Promise<void> {
    await this.model.update({ where: { id: row.id }, data: { status: "failed", lockedBy: null, lastError: error.slice(0, 500) } });
  }

  /** Rows waiting or being worked on, and rows given up on. */
  async depth(): Promise<{ pending: number; failed: number }> {
    const [pending, failed] = await Promise.all([
      this.model.count({ where: { status: { in: ["pending", this.busy] } } }),
      this.model.count({ where: { status: "failed" } }),
    ]);
    return { pending, failed };
  }

  private release(condition: string, alsoSet = "", ...params: unknown[]): Promise<number> {
    return this.prisma.$executeRawUnsafe(
      `UPDATE "${this.table}" SET status = 'pending', "lockedBy" = NULL${alsoSet}
       WHERE status = '${this.busy}' AND ${condition}${this.only}`,
      ...params,
    );
  }
}
