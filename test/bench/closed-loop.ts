// Request to reply, judged where the platform sees it: each client sends one message and waits until the reply
// reaches the fake platform (Slack Web API or Bot Connector) before sending the next. At 1 client with pauses it is
// the quiet channel's reply time; at 50 clients it is the turns a server completes per second at steady state
// (the backlog never grows past one message per client, unlike the open-loop runs of (b1)).
import { randomUUID } from "node:crypto";
import type { HttpFake, RecordedCall } from "../fakes/http-fake";
import { eventEnvelope, mentionEvent, slackSignature } from "../support/slack-requests";
import { teamsMessage } from "../support/teams-activities";

export interface ClosedLoopResult {
  clients: number;
  replies: number;
  /** Replies per second over the run, the first second left out (warm-up). */
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  /** Requests answered other than 200, and replies never seen within 30 s. */
  failed: number;
}

export type Platform = "slack" | "teams";

/** Which conversation a reply the fake received belongs to, or undefined for other calls. */
function replyConversation(platform: Platform, call: RecordedCall): string | undefined {
  if (platform === "slack") return call.path === "/api/chat.postMessage" ? String(call.body?.channel) : undefined;
  const m = /^\/v3\/conversations\/([^/]+)\/activities/.exec(call.path);
  return call.method === "POST" && m ? decodeURIComponent(m[1]).split(";")[0] : undefined;
}

function request(platform: Platform, conversation: string, serviceUrl: string): { body: string; headers: Record<string, string> } {
  if (platform === "slack") {
    const ts = `${Math.floor(Date.now() / 1000)}.${String(Math.floor(Math.random() * 1e6)).padStart(6, "0")}`;
    const body = JSON.stringify(eventEnvelope(mentionEvent("help", { channel: conversation, ts }), `EvLoop${randomUUID()}`));
    return { body, headers: { "content-type": "application/json", ...slackSignature(body) } };
  }
  const body = JSON.stringify({ ...teamsMessage("help", { serviceUrl, personal: true, conversationId: conversation }), id: randomUUID() });
  return { body, headers: { "content-type": "application/json" } };
}

export interface ClosedLoopOptions {
  url: string;
  platform: Platform;
  fake: HttpFake;
  serviceUrl?: string;
  clients: number;
  seconds: number;
  /** Idle time between one client's reply and its next message (a quiet channel: nothing else going on). */
  pauseMs?: number;
  /** Each client cycles through this many conversations of its own, so no conversation gets one message a second. */
  conversationsPerClient?: number;
  /** Tells runs apart (conversation ids are new per run). */
  label: string;
}

export async function closedLoop(opts: ClosedLoopOptions): Promise<ClosedLoopResult> {
  const waiting = new Map<string, () => void>();
  const previous = opts.fake.onCall;
  opts.fake.onCall = (call) => {
    previous?.(call);
    const conversation = replyConversation(opts.platform, call);
    const done = conversation === undefined ? undefined : waiting.get(conversation);
    if (done) {
      waiting.delete(conversation!);
      done();
    }
  };
  const url = `${opts.url}${opts.platform === "slack" ? "/slack/events" : "/api/messages"}`;
  const started = Date.now();
  const until = started + opts.seconds * 1000;
  const latencies: { at: number; ms: number }[] = [];
  let failed = 0;
  const perClient = opts.conversationsPerClient ?? 20;
  const client = async (c: number) => {
    for (let k = 0; Date.now() < until; k++) {
      const conversation = opts.platform === "slack" ? `CL${opts.label}${c}x${k % perClient}` : `a:loop-${opts.label}-${c}-${k % perClient}`;
      const replied = new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => (waiting.delete(conversation), resolve(false)), 30_000);
        waiting.set(conversation, () => (clearTimeout(timer), resolve(true)));
      });
      const { body, headers } = request(opts.platform, conversation, opts.serviceUrl ?? "");
      const sent = performance.now();
      const res = await fetch(url, { method: "POST", headers, body }).catch(() => null);
      await res?.arrayBuffer().catch(() => undefined);
      if (!res || res.status !== 200) {
        waiting.delete(conversation);
        failed++;
        continue;
      }
      if (!(await replied)) failed++;
      else latencies.push({ at: Date.now(), ms: performance.now() - sent });
      if (opts.pauseMs) await new Promise((r) => setTimeout(r, opts.pauseMs));
    }
  };
  await Promise.all(Array.from({ length: opts.clients }, (_, c) => client(c)));
  opts.fake.onCall = previous;
  const steady = latencies.filter((l) => l.at >= started + 1000);
  const sorted = latencies.map((l) => l.ms).sort((a, b) => a - b);
  const q = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN);
  const window = Math.max(1, (Math.max(...latencies.map((l) => l.at), started + 1000) - (started + 1000)) / 1000);
  return { clients: opts.clients, replies: latencies.length, perSecond: Math.round(steady.length / window), p50: q(0.5), p95: q(0.95), p99: q(0.99), failed };
}
