// After a page is queued, a durable timer looks at what became of it: once its deliveries changed (sent, or failed),
// the ticket's or incident's card is refreshed, and a direct message that failed is said in the thread, so a page
// that did not reach someone never passes for one that did. It looks again, less and less often, until none is
// pending (the outbox retries sends for up to a day).
import type { Outgoing } from "../conversation/reply";
import type { JobContext, Jobs } from "../ports/jobs";
import type { PageLog } from "./model";
import { settled } from "./summary";

const DELAYS_S = [20, 60, 300, 900, 1800, 3600];
const MAX_CHECKS = 30;

export interface PageCheckDeps {
  pages: PageLog;
  jobs: Jobs;
}

/**
 * Queues the first look at one page (a round) of a subject. `kind` is the subject's own job kind, whose handler
 * refreshes its card.
 */
export async function schedulePageCheck(jobs: Jobs, kind: string, subject: string, round: number, now: Date, n = 1, seen = "", told: string[] = []): Promise<void> {
  const delay = DELAYS_S[Math.min(n - 1, DELAYS_S.length - 1)];
  await jobs.schedule({ kind, key: `${kind}:${subject}:r${round}:${n}`, runAt: new Date(now.getTime() + delay * 1000), payload: { subject, round, n, seen, told } });
}

/** The job: refresh the card when the deliveries changed, report newly failed DMs, look again while any is pending. */
export async function checkPage(deps: PageCheckDeps, kind: string, payload: Record<string, unknown>, ctx: JobContext, refresh: () => Promise<Outgoing[]>): Promise<Outgoing[]> {
  const subject = String(payload.subject ?? "");
  const round = Number(payload.round ?? 0);
  const n = Number(payload.n ?? 1);
  const told = new Set(Array.isArray(payload.told) ? payload.told.map(String) : []);
  const deliveries = (await deps.pages.deliveries(subject)).filter((d) => d.round === round);
  const signature = deliveries.map((d) => `${d.id}:${d.status}`).join(",");
  const out: Outgoing[] = [];
  if (signature !== payload.seen) {
    out.push(...(await refresh()));
    for (const d of deliveries.filter((x) => x.via === "dm" && x.status === "failed" && !told.has(x.id))) {
      told.add(d.id);
      const mention = deliveries.find((m) => m.via === "mention" && m.place);
      if (!mention?.place) continue;
      const who = d.people.map((p) => p.name).join(", ");
      const mentioned = d.people.every((p) => mention.people.some((m) => m.key === p.key));
      const then = mentioned ? "The @mention in this thread is their page: please make sure they saw it." : "They are not in this conversation's workspace: please call them.";
      out.push({
        op: "post",
        channel: mention.place.channel,
        threadId: mention.place.threadId,
        reply: { text: `Tandem could not send ${who} a direct message (${(d.error ?? "refused").slice(0, 120)}). ${then}` },
      });
    }
  }
  if (!settled(deliveries) && n < MAX_CHECKS) await schedulePageCheck(deps.jobs, kind, subject, round, ctx.now, n + 1, signature, [...told]);
  return out;
}
