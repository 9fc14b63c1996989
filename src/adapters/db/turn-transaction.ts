// One commit per turn. A turn (an inbound event handled, a timer fired) runs inside one database transaction: what it
// changes (a ticket, an incident, a hand-over, a timer scheduled), its audit lines, the outbox rows of its replies and
// the mark that the event is done commit together, or not at all. A replica that dies mid-turn, or a turn that fails
// after its first write, leaves nothing behind; the event handled again sees exactly what happened before it.
//
// The repositories are not changed for it: they are given `client`, a Prisma client that is the turn's transaction
// while a turn runs (found through AsyncLocalStorage) and the plain client otherwise. A repository's own
// `$transaction(fn)` inside a turn becomes a savepoint of the turn's transaction, so a statement that fails there (a
// unique key taken by another replica, caught and handled) does not spoil the rest of the turn.
import { AsyncLocalStorage } from "node:async_hooks";
import type { Prisma } from "./connect";

type Tx = Parameters<Parameters<Prisma["$transaction"]>[0]>[0];

interface Scope {
  tx: Tx;
  savepoints: number;
  /** Work for after the commit (waking this process's dispatcher for the rows just queued). */
  after: (() => void)[];
  /** Set once the turn's work returned: a promise it left running falls back to the plain client. */
  closed: boolean;
  /** Whether outsideTurn() may use another connection (not on the embedded database: one connection, held by the turn). */
  canLeave: boolean;
}

const scope = new AsyncLocalStorage<Scope>();

/** Runs `fn` after the current turn commits (at once outside a turn); nothing if the turn rolls back. */
export function afterCommit(fn: () => void): void {
  const s = scope.getStore();
  if (s && !s.closed) s.after.push(fn);
  else fn();
}

/**
 * Whether outsideTurn() would commit apart: inside a turn, on a database with more than one connection (not the
 * embedded database, whose one connection the turn holds).
 */
export function canCommitApart(): boolean {
  const s = scope.getStore();
  return !!s && !s.closed && s.canLeave;
}

/**
 * Runs `fn` in its own commit, outside the current turn's transaction: for a counter that every turn of a client takes
 * (the ticket number), so that its row lock is held for one statement and not until the turn commits (which would
 * make the client's turns wait for each other). The price: a turn rolled back after taking a number leaves it unused.
 * Where the turn cannot be left (see canCommitApart), `fn` runs inside it.
 */
export function outsideTurn<T>(fn: () => Promise<T>): Promise<T> {
  return canCommitApart() ? scope.exit(fn) : fn();
}

/**
 * Takes the next value of a client's counter (ticket or incident number) apart from the turn, as outsideTurn()
 * says; null where it cannot (the caller takes it inside its transaction). Should the turn itself hold the row (it
 * changed the client first), waiting for it apart would never end: after a short wait, null too.
 */
export async function counterApart<T>(prisma: Prisma, take: (db: Tx) => Promise<T>): Promise<T | null> {
  if (!canCommitApart()) return null;
  return outsideTurn(() =>
    prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = '2s'`);
      return take(tx);
    }),
  ).catch(() => null);
}

/** Whether the caller runs inside a turn's transaction. */
export const inTurn = (): boolean => {
  const s = scope.getStore();
  return !!s && !s.closed;
};

export interface TurnTransactionOptions {
  /** Turns in a transaction at once: each holds a connection, and requests and sends need some too. */
  maxConcurrent: number;
  /** Whether outsideTurn() may commit apart (false on the embedded database). */
  separateCounters: boolean;
  /** Longest wait for a connection, and longest turn (a turn may wait on a language model or a directory). */
  maxWaitMs?: number;
  timeoutMs?: number;
}

export class TurnTransactions {
  /** The client repositories use: the turn's transaction inside a turn, the plain client outside. */
  readonly client: Prisma;
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly root: Prisma,
    private readonly opts: TurnTransactionOptions,
  ) {
    this.client = new Proxy(root, {
      get(target, prop) {
        const s = scope.getStore();
        if (!s || s.closed) {
          const v = Reflect.get(target, prop, target);
          return typeof v === "function" ? v.bind(target) : v;
        }
        if (prop === "$transaction") return (arg: unknown) => nested(s, arg);
        const v = Reflect.get(s.tx, prop, s.tx);
        return typeof v === "function" ? v.bind(s.tx) : v;
      },
    });
  }

  /**
   * Runs one turn in one transaction. Throwing rolls back everything it wrote (the caller then retries or gives up
   * as before). Inside a turn already, `fn` simply joins it.
   */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (inTurn()) return fn();
    await this.acquire();
    try {
      const after: (() => void)[] = [];
      const result = await this.root.$transaction(
        async (tx) => {
          const s: Scope = { tx, savepoints: 0, after, closed: false, canLeave: this.opts.separateCounters };
          try {
            return await scope.run(s, fn);
          } finally {
            s.closed = true;
          }
        },
        { maxWait: this.opts.maxWaitMs ?? 10_000, timeout: this.opts.timeoutMs ?? 60_000 },
      );
      for (const f of after) f();
      return result;
    } finally {
      this.release();
    }
  }

  private async acquire(): Promise<void> {
    if (this.active < this.opts.maxConcurrent) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next(); // the slot passes to the next turn
    else this.active--;
  }
}

/** A repository's own transaction inside a turn: a savepoint, so its failure rolls back only its own statements. */
async function nested(s: Scope, arg: unknown): Promise<unknown> {
  if (typeof arg !== "function") {
    // The array form: queries already made through the turn's client, run one after the other.
    const out: unknown[] = [];
    for (const q of arg as Promise<unknown>[]) out.push(await q);
    return out;
  }
  const name = `turn_${++s.savepoints}`;
  await s.tx.$executeRawUnsafe(`SAVEPOINT ${name}`);
  try {
    const result = await (arg as (tx: Tx) => Promise<unknown>)(s.tx);
    await s.tx.$executeRawUnsafe(`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (err) {
    await s.tx.$executeRawUnsafe(`ROLLBACK TO SAVEPOINT ${name}`).catch(() => undefined);
    throw err;
  }
}
