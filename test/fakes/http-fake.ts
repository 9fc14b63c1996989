import http from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedCall {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: any;
  raw: string;
  /** Set by a fake that refused the request the way the platform would (why, for test failure messages). */
  refused?: string;
  /** The body the fake answered with (ids it gave a new conversation or activity). */
  answered?: any;
}

export type FakeHandler = (call: RecordedCall) => { status?: number; headers?: Record<string, string>; body?: unknown; hang?: boolean } | void;

/** A small local HTTP server that records every call and answers with a handler: the base of each fake. */
export class HttpFake {
  readonly calls: RecordedCall[] = [];
  /** Called with every call as it arrives (the benchmark times replies with it). */
  onCall?: (call: RecordedCall) => void;
  private readonly hung = new Set<http.ServerResponse>();
  private server?: http.Server;
  url = "";

  constructor(private readonly handle: FakeHandler) {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c) => chunks.push(c));
      req.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        let body: unknown = raw;
        const type = req.headers["content-type"] ?? "";
        try {
          if (type.includes("json")) body = raw ? JSON.parse(raw) : {};
          else if (type.includes("x-www-form-urlencoded")) body = Object.fromEntries(new URLSearchParams(raw));
        } catch {
          /* keep raw */
        }
        const call: RecordedCall = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body, raw };
        this.calls.push(call);
        this.onCall?.(call);
        const out = this.handle(call) ?? {};
        call.answered = out.body;
        if (out.hang) {
          // A service that took the request and never answers (until the fake stops).
          this.hung.add(res);
          return;
        }
        res.writeHead(out.status ?? 200, { "content-type": "application/json", ...(out.headers ?? {}) });
        res.end(JSON.stringify(out.body ?? {}));
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const res of this.hung) res.destroy();
    this.hung.clear();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  /** Waits until `predicate` matches a call (outbox sends are asynchronous). */
  async waitFor(predicate: (c: RecordedCall) => boolean, timeoutMs = 8000): Promise<RecordedCall> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.calls.find(predicate);
      if (hit) return hit;
      if (Date.now() > deadline) {
        throw new Error(`no matching call within ${timeoutMs} ms; calls were:\n${this.calls.map((c) => `${c.method} ${c.path} ${c.raw.slice(0, 300)}`).join("\n")}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}
