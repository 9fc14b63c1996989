// GET /metrics: prom-client, with its default process and Node metrics (CPU, memory, heap, GC, event loop lag,
// handles) and Tandem's own: counters, latency histograms, and gauges read from the database at scrape time.
import { createHistogram, performance, type RecordableHistogram } from "node:perf_hooks";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

type Labels = Record<string, string>;
/** A gauge's values at scrape time: one per label set (no labels: one value). */
export type GaugeValues = { labels?: Labels; value: number }[];

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** One registry per Tandem (tests run several in a process); metrics are made on first use, by name. */
export class Metrics {
  readonly registry = new Registry();
  private readonly counters = new Map<string, Counter>();
  private readonly histograms = new Map<string, Histogram>();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  inc(name: string, help: string, labels: Labels = {}, by = 1): void {
    let c = this.counters.get(name);
    if (!c) this.counters.set(name, (c = new Counter({ name, help, labelNames: Object.keys(labels), registers: [this.registry] })));
    c.inc(labels, by);
  }

  observe(name: string, help: string, labels: Labels, seconds: number): void {
    let h = this.histograms.get(name);
    if (!h) this.histograms.set(name, (h = new Histogram({ name, help, labelNames: Object.keys(labels), buckets: BUCKETS, registers: [this.registry] })));
    h.observe(labels, seconds);
  }

  /** A gauge whose values are read (from the database) at scrape time; a failed read shows no values. */
  gauge(name: string, help: string, labelNames: string[], read: () => Promise<GaugeValues>): void {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const { labels, value } of await read().catch(() => [] as GaugeValues)) {
          if (labels) this.set(labels, value);
          else this.set(value);
        }
      },
    });
  }

  contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}

/**
 * Gauge reader: how long the event loop was blocked beyond its timers (p50, p99, max) since the previous scrape.
 * Everything (requests, turns, the embedded database) shares one thread, so this is where a slow request starts.
 * (prom-client's nodejs_eventloop_lag_* are since start; this one shows what changed between two scrapes.)
 */
let loopDelay: RecordableHistogram | undefined;
const TICK_MS = 10;

export function eventLoopDelay(): () => Promise<GaugeValues> {
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
    const out = [
      { labels: { quantile: "0.5" }, value: s(h.percentile(50)) },
      { labels: { quantile: "0.99" }, value: s(h.percentile(99)) },
      { labels: { quantile: "1" }, value: s(h.max) },
    ];
    h.reset();
    return out;
  };
}

/** Gauge reader: open tickets counted by court (internal | msp | requester), every court present even at 0. */
export async function openTicketsByCourt(prisma: {
  ticket: { groupBy(args: { by: ["court"]; where: { status: string }; _count: { _all: true } }): Promise<unknown> };
}): Promise<GaugeValues> {
  const rows = (await prisma.ticket.groupBy({ by: ["court"], where: { status: "open" }, _count: { _all: true } })) as { court: string; _count: { _all: number } }[];
  const counts: Record<string, number> = { internal: 0, msp: 0, requester: 0 };
  for (const r of rows) counts[r.court] = r._count._all;
  return Object.entries(counts).map(([court, value]) => ({ labels: { court }, value }));
}
