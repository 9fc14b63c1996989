// Where the idle embedded default's memory goes, three ways:
// - the process's own mappings (/proc/<pid>/smaps): the node binary, the embedded database's WebAssembly memory,
//   the V8 heap pages, the C allocator's arenas, compiled code;
// - its JavaScript heap (prom-client's nodejs_* on /metrics, and a heap snapshot by what holds the bytes);
// - what each part costs when loaded one after the other into a bare Node process (marginal RSS and load time).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "../support/build";
import type { Started } from "./cold-start";

export interface MemoryRow {
  part: string;
  mb: number | string;
  note: string;
}

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

/** Resident memory by kind of mapping. */
export function mappings(pid: number): MemoryRow[] {
  const maps: { size: number; perms: string; name: string; rss: number }[] = [];
  for (const line of fs.readFileSync(`/proc/${pid}/smaps`, "utf8").split("\n")) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) maps.push({ size: parseInt(head[2], 16) - parseInt(head[1], 16), perms: head[3], name: head[4], rss: 0 });
    const rss = /^Rss:\s+(\d+)/.exec(line);
    if (rss && maps.length) maps[maps.length - 1].rss = Number(rss[1]) * 1024;
  }
  const sum = (f: (m: (typeof maps)[number]) => boolean) => maps.filter(f).reduce((s, m) => s + m.rss, 0);
  const anon = (m: (typeof maps)[number]) => m.name === "" && m.perms.startsWith("rw");
  // V8 allocates WebAssembly memory as one 8-10 GB reservation whose accessible start (the memory's current size,
  // 128 MB and up for PGlite) is read-write; glibc's per-thread arenas are 64 MB reservations; V8's heap pages are
  // 256 KB each.
  const wasm = sum((m) => anon(m) && m.size >= 128 * 2 ** 20 && m.size < 2 ** 31);
  const arenas = sum((m) => anon(m) && m.size >= 8 * 2 ** 20 && m.size < 128 * 2 ** 20);
  const heapPages = sum((m) => anon(m) && m.size === 256 * 1024);
  const code = sum((m) => m.name === "" && m.perms.includes("x"));
  const binary = sum((m) => m.name.endsWith("/node"));
  const brk = sum((m) => m.name === "[heap]");
  const total = sum(() => true);
  return [
    { part: "whole process (RSS)", mb: mb(total), note: "what the goal counts" },
    { part: "node binary (file-backed)", mb: mb(binary), note: "shared with every other node process" },
    { part: "PGlite WebAssembly memory (touched)", mb: mb(wasm), note: "PostgreSQL's heap: shared_buffers, catalog caches, WAL buffers" },
    { part: "V8 heap pages (256 KB each)", mb: mb(heapPages), note: "JavaScript objects, strings, module sources" },
    { part: "C allocator arenas (threads)", mb: mb(arenas), note: "compiler and GC threads' scratch memory" },
    { part: "main C heap", mb: mb(brk), note: "Node, V8 and libuv internals" },
    { part: "compiled code (JS and WebAssembly)", mb: mb(code), note: "" },
    { part: "everything else", mb: mb(total - binary - wasm - heapPages - arenas - brk - code), note: "other anonymous mappings, libraries" },
  ];
}

/** prom-client's view of the JavaScript heap, from /metrics. */
export async function runtimeGauges(port: number): Promise<MemoryRow[]> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1] ?? NaN);
  return [
    { part: "heap used (nodejs_heap_size_used_bytes)", mb: mb(value("nodejs_heap_size_used_bytes")), note: "live JavaScript objects" },
    { part: "heap reserved (nodejs_heap_size_total_bytes)", mb: mb(value("nodejs_heap_size_total_bytes")), note: "what V8 keeps for the heap" },
    { part: "external (nodejs_external_memory_bytes)", mb: mb(value("nodejs_external_memory_bytes")), note: "ArrayBuffers; includes the WebAssembly memory's full size, touched or not" },
  ];
}

/** Writes a heap snapshot of the running service (started with --heapsnapshot-signal=SIGUSR2) and sums it. */
export async function heapSnapshot(s: Started, dir: string): Promise<MemoryRow[]> {
  const before = new Set(fs.readdirSync(dir));
  s.child.kill("SIGUSR2");
  let file: string | undefined;
  for (let i = 0; i < 600 && !file; i++) {
    await new Promise((r) => setTimeout(r, 200));
    file = fs.readdirSync(dir).find((f) => f.endsWith(".heapsnapshot") && !before.has(f));
  }
  if (!file) return [{ part: "heap snapshot", mb: "-", note: "not written within 2 minutes" }];
  // Written once it parses (V8 writes it in pieces; the machine may be busy).
  let snap: any;
  for (let i = 0; i < 120 && !snap; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    try {
      snap = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
    } catch {
      /* not complete yet */
    }
  }
  if (!snap) return [{ part: "heap snapshot", mb: "-", note: "not complete within 2 minutes" }];
  fs.rmSync(path.join(dir, file));
  const fields: string[] = snap.snapshot.meta.node_fields;
  const types: string[] = snap.snapshot.meta.node_types[0];
  const [T, N, S] = ["type", "name", "self_size"].map((f) => fields.indexOf(f));
  const by = new Map<string, number>();
  let sources = 0;
  for (let i = 0; i < snap.nodes.length; i += fields.length) {
    const type = types[snap.nodes[i + T]];
    const size = snap.nodes[i + S];
    const name: string = snap.strings[snap.nodes[i + N]];
    // A loaded module's source text stays in the heap (V8 compiles functions lazily from it).
    if (type === "string" && size > 20_000 && /^(["']use strict["']|\/\*|\/\/|var |"use strict";var)/.test(name)) sources += size;
    const key = type === "object" ? name : `(${type})`;
    by.set(key, (by.get(key) ?? 0) + size);
  }
  const top = [...by].sort((a, b) => b[1] - a[1]).slice(0, 6);
  return [
    ...top.map(([k, v]) => ({ part: `heap snapshot: ${k}`, mb: mb(v), note: k.includes("ArrayBuffer") ? "WebAssembly memory and buffers, counted at full size" : "" })),
    { part: "heap snapshot: module source texts", mb: mb(sources), note: "strings over 20 KB that are JavaScript sources (botbuilder, MSAL twice, Prisma, ...)" },
  ];
}

/** Marginal RSS and load time of each part, loaded in turn into a bare `node --expose-gc`. */
export function partCosts(dataDir: string): MemoryRow[] {
  const script = `
    const t = () => performance.now(); const mb = () => (global.gc(), process.memoryUsage().rss / 1048576);
    const rows = []; let last = mb(); let at = t();
    const step = (part, note) => { const now = mb(); rows.push({ part, mb: Math.round(now - last), ms: Math.round(t() - at), note }); last = mb(); at = t(); };
    (async () => {
      step("node itself", "");
      rows[0].mb = Math.round(last);
      require("./dist/runtime.js");
      const { startPGlite } = require("./dist/adapters/db/pglite.js");
      const lite = await startPGlite({ dataDir: process.argv[1] }); await lite.query("select 1");
      step("PGlite, opened (embedded PostgreSQL, WebAssembly)", "");
      const { PrismaClient } = require("./dist/generated/prisma/client.js");
      const { PrismaPGlite } = require("pglite-prisma-adapter");
      const prisma = new PrismaClient({ adapter: new PrismaPGlite(lite) }); await prisma.client.count();
      step("Prisma client + first query", "its query compiler is WebAssembly too");
      require("express"); require("pino"); require("zod"); require("luxon"); require("yaml"); require("cron-parser"); require("prom-client");
      step("express, pino, zod, luxon, yaml, cron-parser, prom-client", "");
      require("botbuilder");
      step("botbuilder (Teams)", "loaded after listening");
      const cards = new (require("./dist/adapters/cards/render.js").CardRenderer)(); cards.preload(); await cards.warm();
      step("adaptivecards-templating + every card parsed", "loaded after listening");
      require("@slack/bolt");
      step("@slack/bolt (Slack)", "only when Slack is configured");
      require("@microsoft/microsoft-graph-client");
      step("Microsoft Graph client", "only when Graph is configured");
      require("pg"); require("@prisma/adapter-pg");
      step("pg + adapter (PostgreSQL)", "only on PostgreSQL");
      await lite.close();
      process.stdout.write(JSON.stringify(rows));
    })();`;
  const out = execFileSync(process.execPath, ["--expose-gc", "-e", script, dataDir], { cwd: REPO_ROOT, encoding: "utf8", timeout: 120_000 });
  return (JSON.parse(out) as { part: string; mb: number; ms: number; note: string }[]).map((r) => ({ part: `+ ${r.part}`, mb: r.mb, note: `${r.ms} ms to load${r.note ? `; ${r.note}` : ""}` }));
}
