// (e) Start-up and memory: the runs, the goals, and where the idle embedded default's memory goes.
import os from "node:os";
import { benchColdStart, type ColdStart } from "./cold-start";
import { heapSnapshot, mappings, partCosts, runtimeGauges, type MemoryRow } from "./memory";
import { printTable } from "./load";

export const GOALS = { existingMs: 2000, newMs: 5000, idleRssMb: 250 };

export interface SectionE {
  cold: ColdStart[];
}

export async function sectionE(): Promise<SectionE> {
  const running: MemoryRow[] = [];
  const parts: MemoryRow[] = [];
  const cold = await benchColdStart({
    whileRunning: async (s, snapshots) => {
      running.push(...mappings(s.child.pid!), ...(await runtimeGauges(s.port)), ...(await heapSnapshot(s, snapshots)));
    },
    afterStop: async (dataDir) => void parts.push(...partCosts(dataDir)),
  });
  printTable(`(e) Cold start (node dist/main.js until /readyz answers 200; one process) and idle RSS after 10 s; load average now ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`, cold.map((c) => {
    const goal = c.existing ? GOALS.existingMs : GOALS.newMs;
    return {
      run: c.run,
      "ms to /readyz": `${c.msToReady} (goal <= ${goal}) ${c.msToReady <= goal ? "met" : "NOT met"}`,
      "listening after ms": c.listeningMs,
      "CPU ms to listening": c.cpuMs,
      "warmed up after ms": c.warmMs,
      "idle RSS MB": c.database === "embedded" ? `${c.idleRssMb} (goal <= ${GOALS.idleRssMb}) ${c.idleRssMb <= GOALS.idleRssMb ? "met" : "NOT met"}` : String(c.idleRssMb),
      "peak RSS MB": c.peakRssMb,
    };
  }));
  if (running.length) printTable("(e) Where the idle embedded default's memory goes (the inspected restart above)", running.map((r) => ({ part: r.part, MB: r.mb, note: r.note })));
  if (parts.length) printTable("(e) What each part costs, loaded one after the other into a bare node (RSS after GC)", parts.map((r) => ({ part: r.part, "MB more": r.mb, note: r.note })));
  return { cold };
}

/** The summary lines: the worst run of each kind against its goal. */
export function printStartupGoals(e: SectionE): void {
  const worst = (f: (c: ColdStart) => boolean, k: "msToReady" | "idleRssMb") => Math.max(...e.cold.filter(f).map((c) => c[k]));
  const line = (what: string, v: number, goal: number, unit: string) => ({ goal: what, measured: `${v} ${unit}`, target: `<= ${goal} ${unit}`, verdict: v <= goal ? "met" : "NOT met" });
  printTable("Start-up and memory against the goals (worst run of each kind, this machine as loaded)", [
    line("embedded, existing data directory, to /readyz", worst((c) => c.database === "embedded" && c.existing, "msToReady"), GOALS.existingMs, "ms"),
    line("embedded, new data directory, to /readyz", worst((c) => c.database === "embedded" && !c.existing && !c.run.includes("no prepared"), "msToReady"), GOALS.newMs, "ms"),
    line("PostgreSQL, existing database, to /readyz", worst((c) => c.database === "postgres" && c.existing, "msToReady"), GOALS.existingMs, "ms"),
    line("PostgreSQL, new database, to /readyz", worst((c) => c.database === "postgres" && !c.existing, "msToReady"), GOALS.newMs, "ms"),
    line("embedded default, idle RSS", worst((c) => c.database === "embedded" && !c.run.includes("no prepared"), "idleRssMb"), GOALS.idleRssMb, "MB"),
  ]);
}
