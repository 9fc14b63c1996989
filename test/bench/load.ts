// autocannon with a fresh body per request (Slack signatures and event ids must be unique and current).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require("autocannon");

export interface LoadResult {
  connections: number;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  over3s: number;
}

export interface LoadOptions {
  url: string;
  connections: number;
  seconds: number;
  /** Builds the body and headers of request number n. */
  request: (n: number) => { body: string; headers: Record<string, string> };
}

export async function load(opts: LoadOptions): Promise<LoadResult> {
  let n = 0;
  let over3s = 0;
  const instance = autocannon({
    url: opts.url,
    method: "POST",
    connections: opts.connections,
    duration: opts.seconds,
    timeout: 10,
    requests: [
      {
        setupRequest: (req: Record<string, unknown>) => {
          const { body, headers } = opts.request(n++);
          return { ...req, method: "POST", body, headers };
        },
      },
    ],
  });
  instance.on("response", (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    if (responseTime > 3000) over3s++;
  });
  const r = await new Promise<any>((resolve, reject) => instance.on("done", resolve).on("error", reject));
  return {
    connections: opts.connections,
    requests: r.requests.total,
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    over3s,
  };
}

/** A plain aligned table with a title. */
export function printTable(title: string, rows: Record<string, string | number>[]): void {
  console.log(`\n## ${title}`);
  if (rows.length === 0) return void console.log("(no rows)");
  const cols = Object.keys(rows[0]);
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? "").length)));
  const line = (cells: string[]) => "| " + cells.map((c, i) => c.padEnd(width[i])).join(" | ") + " |";
  console.log(line(cols));
  console.log("|" + width.map((w) => "-".repeat(w + 2)).join("|") + "|");
  for (const r of rows) console.log(line(cols.map((c) => String(r[c] ?? ""))));
}
