// After a load run: wait until Tandem has handled every stored event, then read from the database how fast.
import { openDatabase } from "../../src/adapters/db/connect";

/** Polls /metrics until no inbound event and no outbound message is waiting; returns the wait in ms. */
export async function waitUntilHandled(url: string, timeoutMs = 600_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    const text = await (await fetch(`${url}/metrics`)).text();
    const depth = (queue: string) => Number(new RegExp(`tandem_${queue}_depth\\{status="pending"\\} (\\d+)`).exec(text)?.[1] ?? NaN);
    const pending = depth("inbox") + depth("outbox");
    if (pending === 0) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`inbox not drained after ${timeoutMs} ms (${pending} waiting)`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface HandledFigures {
  events: number;
  /** Events handled per second from the first event stored to the last one handled. */
  handledPerSecond: number;
  /** Stored -> handled (reply queued in the outbox), ms. */
  p50: number;
  p99: number;
  max: number;
}

/** Figures for the events stored in each [from, to) window (ms since epoch), read once Tandem has stopped. */
export async function handledFigures(db: { url?: string; dataDir?: string }, windows: { from: number; to: number; platform: string }[]): Promise<HandledFigures[]> {
  const database = await openDatabase({ url: db.url, dataDir: db.dataDir, migrate: false });
  try {
    const out: HandledFigures[] = [];
    for (const w of windows) {
      const rows = await database.sql.query<{ received: number; done: number }>(
        `SELECT extract(epoch FROM "receivedAt") * 1000 AS received, extract(epoch FROM "doneAt") * 1000 AS done
           FROM "InboxEvent" WHERE platform = $3 AND "doneAt" IS NOT NULL
            AND "receivedAt" >= to_timestamp($1 / 1000.0) AT TIME ZONE 'UTC' AND "receivedAt" < to_timestamp($2 / 1000.0) AT TIME ZONE 'UTC'`,
        [w.from, w.to, w.platform],
      );
      const delays = rows.map((r) => Number(r.done) - Number(r.received)).sort((a, b) => a - b);
      const first = Math.min(...rows.map((r) => Number(r.received)));
      const last = Math.max(...rows.map((r) => Number(r.done)));
      const at = (q: number) => Math.round(delays[Math.min(delays.length - 1, Math.floor(q * delays.length))] ?? NaN);
      out.push({ events: rows.length, handledPerSecond: Math.round((rows.length * 1000) / Math.max(1, last - first)), p50: at(0.5), p99: at(0.99), max: Math.round(delays.at(-1) ?? NaN) });
    }
    return out;
  } finally {
    await database.close();
  }
}
