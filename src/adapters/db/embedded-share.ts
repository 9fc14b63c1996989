// The embedded database belongs to one process (the service), but `tandem` commands must work while it runs. The
// service serves it on a Unix socket in the data directory (mode 0600: only the service's own user may connect),
// speaking the PostgreSQL wire protocol through pglite-socket; the CLI connects with node-postgres. The service
// stays the only writer.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketHandler } from "@electric-sql/pglite-socket";

/** node-postgres connects to `${host}/.s.PGSQL.${port}` when host is a directory. */
export const SOCKET_PORT = 5432;
export const socketPath = (dataDir: string) => path.join(dataDir, `.s.PGSQL.${SOCKET_PORT}`);

const ROLLBACK = simpleQuery("ROLLBACK");
/** A client that holds the database inside a transaction and then goes quiet is cut off after this. */
const IDLE_MS = 30_000;

/**
 * Lets socket clients take turns with the service's own queries. pglite-socket's queue only orders its clients
 * among themselves: a client's BEGIN would let the service's queries run inside the client's transaction, and a
 * client's message could run between the statements of a service transaction. Here each client holds PGlite's
 * transaction lock (the one the service's queries and transactions wait for) from its first message until its unit
 * of work is over: a simple query or a Sync, with no transaction left open.
 */
class TakeTurns {
  private holder: number | null = null;
  private release: (() => void) | null = null;
  /** Clients waiting for their turn (the service holds the database, or another client does). */
  waiting = 0;
  /** Per client, its messages one after the other (a client's next message must not wait behind another's). */
  private readonly chains = new Map<number, Promise<unknown>>();

  constructor(private readonly lite: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    const run = async () => {
      if (this.holder !== handlerId) await this.take(handlerId);
      let bytes = 0;
      try {
        await this.lite.runExclusive(() =>
          this.lite.execProtocolRawStream(message, {
            onRawData: (data) => {
              bytes += data.length;
              onData(data);
            },
          }),
        );
      } finally {
        if (endsUnit(message) && !this.lite.isInTransaction()) this.free(handlerId);
      }
      return bytes;
    };
    const next = (this.chains.get(handlerId) ?? Promise.resolve()).then(run, run);
    this.chains.set(handlerId, next.catch(() => undefined));
    return next;
  }

  clearQueueForHandler(handlerId: number): void {
    this.chains.delete(handlerId);
  }

  /** A client that went away: roll back what it left open and let the service go on. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.holder !== handlerId) return;
    if (this.lite.isInTransaction()) await this.lite.runExclusive(() => this.lite.execProtocolRaw(ROLLBACK)).catch(() => undefined);
    this.free(handlerId);
  }

  private take(handlerId: number): Promise<void> {
    this.waiting++;
    return new Promise<void>((taken, failed) => {
      this.lite
        ._runExclusiveTransaction(
          () =>
            new Promise<void>((done) => {
              this.waiting--;
              this.holder = handlerId;
              this.release = done;
              taken();
            }),
        )
        .catch((err) => {
          this.waiting--;
          failed(err);
        });
    });
  }

  private free(handlerId: number): void {
    if (this.holder !== handlerId) return;
    const release = this.release;
    this.holder = null;
    this.release = null;
    release?.();
  }
}

/** Simple query ('Q'), Sync ('S'), Terminate ('X') and the start-up message end a unit of work. */
function endsUnit(message: Uint8Array): boolean {
  const type = message[0];
  return type === 0x51 || type === 0x53 || type === 0x58 || type === 0;
}

function simpleQuery(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`, "utf8");
  const out = Buffer.alloc(5 + text.length);
  out.write("Q", 0, "ascii");
  out.writeInt32BE(4 + text.length, 1);
  text.copy(out, 5);
  return new Uint8Array(out);
}

export interface SharedEmbedded {
  path: string;
  /** Clients waiting for their turn right now. */
  waiting(): number;
  close(): Promise<void>;
}

/** Serves the open embedded database on its data directory's socket. Throws when the socket cannot be made. */
export async function serveEmbedded(lite: PGlite, dataDir: string): Promise<SharedEmbedded> {
  const file = socketPath(dataDir);
  // Left by a run that died: this process holds the data directory's lock, so nobody else serves it.
  fs.rmSync(file, { force: true });
  const turns = new TakeTurns(lite);
  const handlers = new Set<PGLiteSocketHandler>();
  const server = net.createServer((socket) => {
    if (handlers.size >= 8) return void socket.destroy();
    // The handler frames the wire protocol; its queue option takes anything with the queue's three methods.
    const handler = new PGLiteSocketHandler({ queryQueue: turns as never, closeOnDetach: true, idleTimeout: IDLE_MS });
    handlers.add(handler);
    const forget = () => handlers.delete(handler);
    handler.addEventListener("close", forget);
    handler.addEventListener("error", forget);
    handler.attach(socket).catch(() => {
      forget();
      socket.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(file, () => {
      server.off("error", reject);
      resolve();
    });
  });
  fs.chmodSync(file, 0o600);
  return {
    path: file,
    waiting: () => turns.waiting,
    async close() {
      await Promise.all([...handlers].map((h) => h.detach(true).catch(() => undefined)));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(file, { force: true });
    },
  };
}

/** True when a running service serves this data directory. */
export function isServed(dataDir: string): boolean {
  try {
    return fs.statSync(socketPath(dataDir)).isSocket();
  } catch {
    return false;
  }
}
