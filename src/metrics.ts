// A small Prometheus text exporter: counters, gauges read at scrape time, and latency histograms.
import { createHistogram, performance, type RecordableHistogram } from "node:perf_hooks";

type Labels = Record<string, string>;
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

const key = (labels: Labels) =>
  Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, "_")}"`)
    .join(",");

export class Metrics {
  private counters = new Map<string, { help: string; values: Map<string, number> }>();
  private histograms = new Map<string, { help: string; values: Map<string, { buckets: number[]; sum: number; count: number }> }>();
  private gauges = new Map<string, { help: string; read: () => Promise<Record<string, number>> }>();

  inc(name: string, help: string, labels: Labels = {}, by = 1): void {
    let c = this.counters.get(name);
    if (!c) this.counters.set(name, (c = { help, values: new Map() }));
    const k = key(labels);
    c.values.set(k, (c.values.get(k) ?? 0) + by);
  }

  observe(name: string, help: string, labels: Labels, seconds: number): void {
    let h = this.histograms.get(name);
    if (!h) this.histograms.set(name, (h = { help, values: new Map() }));
    const k = key(labels);
    let v = h.values.get(k);
    if (!v) h.values.set(k, (v = { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 }));
    BUCKETS.forEach((b, i) => {
      if (seconds <= b) v!.buckets[i]++;
    });
    v.sum += seconds;
    v.count++;
  }

  /** A gauge whose values (by label string "k=v") are read from the database at scrape time. */
  gauge(name: string, help: string, read: () => Promise<Record<string, number>>): void {
    this.gauges.set(name, { help, read });
  }

  async render(): Promise<string> {
    const out: string[] = [];
    for (const [name, c] of this.counters) {
      out.push(`# HELP ${name} ${c.help}`, `# TYPE ${name} counter`);
      for (const [k, v] of c.values) out.push(`${name}${k ? `{${k}}` : ""} ${v}`);
    }
    for (const [name, h] of this.histograms) {
      out.push(`# HELP ${name} ${h.help}`, `# TYPE ${name} histogram`);
      for (const [k, v] of h.values) {
        const sep = k ? "," : "";
        BUCKETS.forEach((b, i) => out.push(`${name}_bucket{${k}${sep}le="${b}"} ${v.buckets[i]}`));
        out.push(`${name}_bucket{${k}${sep}le="+Inf"} ${v.count}`, `${name}_sum${k ? `{${k}}` : ""} ${v.sum}`, `${name}_count${k ? `{${k}}` : ""} ${v.count}`);
      }
    }
    for (const [name, g] of this.gauges) {
      out.push(`# HELP ${name} ${g.help}`, `# TYPE ${name} gauge`);
      const values = await g.read().catch(() => ({}) as Record<string, number>);
      for (const [labels, v] of Object.entries(values)) {
        const l = labels ? `{${labels.split(",").map((p) => p.replace(/^([^=]+)=(.*)$/, '$1="$2"')).join(",")}}` : "";
        out.push(`${name}${l} ${v}`);
      }
    }
    return out.join("\n") + "\n";
  }
}

/**
 * Gauge reader: how long the event loop was blocked beyond its timers (p50, p99, max) since the previous scrape.
 * Everything (requests, turns, the embedded database) shares one thread, so this is where a slow request starts.
 */
let loopDelay: RecordableHistogram | undefined;
const TICK_MS = 10;

export function eventLoopDelay(): () => Promise<Record<string, number>> {
  // One sampler per process (the event loop is one), however many Tandem instances share it: a timer every 10 ms
  // records how late it ran. (perf_hooks' monitorEventLoopDelay drops the first interval after a reset.)
  if (!loopDelay) {
    const h = (loopDelay = createHistogram());
    let last = performance.now();
    setInterval(() => {
      const now = performance.now();
      h.record(Math.max(1, Math.round((now - last - TICK_MS) * 1e3))); // microseconds
      last = now;
    }, TICK_MS).unref();
  }
  const h = loopDelay;
  return async () => {
    const s = (us: number) => (h.count ? us / 1e6 : 0);
    const out = { "quantile=0.5": s(h.percentile(50)), "quantile=0.99": s(h.percentile(99)), "quantile=1": s(h.max) };
    h.reset();
    return out;
  };
}

/** Gauge reader: open tickets counted by court (internal | msp | requester), every court present even at 0. */
export async function openTicketsByCourt(prisma: {
  ticket: { groupBy(args: { by: ["court"]; where: { status: string }; _count: { _all: true } }): Promise<unknown> };
}): Promise<Record<string, number>> {
  const rows = (await prisma.ticket.groupBy({ by: ["court"], where: { status: "open" }, _count: { _all: true } })) as { court: string; _count: { _all: number } }[];
  const out: Record<string, number> = { "court=internal": 0, "court=msp": 0, "court=requester": 0 };
  for (const r of rows) out[`court=${r.court}`] = r._count._all;
  return out;
}
