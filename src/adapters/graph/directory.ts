// Out of office from Microsoft Graph: mailboxSettings/automaticRepliesSetting per named person. Quick and
// forgiving: a timeout, a cache, and any failure means "not away" (logged), so an answer is never blocked.
import type { Client } from "@microsoft/microsoft-graph-client";
import { DateTime } from "luxon";
import type { NamedPerson } from "../../core/matrix/model";
import type { Clock } from "../../core/ports/clock";
import type { Directory } from "../../core/ports/directory";
import type { Logger } from "../../logger";

interface GraphDateTime {
  dateTime?: string;
  timeZone?: string;
}

export interface AutomaticReplies {
  status?: "disabled" | "alwaysEnabled" | "scheduled" | string;
  scheduledStartDateTime?: GraphDateTime;
  scheduledEndDateTime?: GraphDateTime;
}

function instant(d: GraphDateTime | undefined): number | null {
  if (!d?.dateTime) return null;
  // Graph answers in UTC unless asked otherwise; Windows zone names luxon can't read fall back to UTC.
  const zone = d.timeZone && DateTime.local().setZone(d.timeZone).isValid ? d.timeZone : "UTC";
  const t = DateTime.fromISO(d.dateTime, { zone });
  return t.isValid ? t.toMillis() : null;
}

/** alwaysEnabled, or scheduled with now inside the window. */
export function isOutOfOffice(setting: AutomaticReplies, now: Date): boolean {
  if (setting.status === "alwaysEnabled") return true;
  if (setting.status !== "scheduled") return false;
  const start = instant(setting.scheduledStartDateTime);
  const end = instant(setting.scheduledEndDateTime);
  const t = now.getTime();
  return (start === null || start <= t) && (end === null || t < end);
}

export interface GraphDirectoryOptions {
  timeoutMs: number;
  cacheSeconds: number;
}

export class GraphDirectory implements Directory {
  private readonly cache = new Map<string, { setting: AutomaticReplies | null; until: number }>();

  constructor(
    private readonly graph: Client,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly opts: GraphDirectoryOptions,
  ) {}

  async awayNow(people: NamedPerson[]): Promise<Set<string>> {
    const now = this.clock.now();
    const away = new Set<string>();
    await Promise.all(
      people.map(async (p) => {
        const id = p.aadObjectId ?? p.email;
        if (!id) return;
        const setting = await this.setting(id);
        if (setting && isOutOfOffice(setting, now)) away.add(p.name);
      }),
    );
    return away;
  }

  private async setting(id: string): Promise<AutomaticReplies | null> {
    const cached = this.cache.get(id);
    if (cached && Date.now() < cached.until) return cached.setting;
    let setting: AutomaticReplies | null = null;
    let ttl = this.opts.cacheSeconds * 1000;
    try {
      setting = await this.fetch(id);
    } catch (err) {
      const e = err as { statusCode?: number; code?: string; message?: string };
      this.log.warn({ person: id, status: e.statusCode, code: e.code, err: e.message }, "out-of-office lookup failed; treating as not away");
      ttl = Math.min(ttl, 60_000); // try again soon, without hammering Graph on every question
    }
    this.cache.set(id, { setting, until: Date.now() + ttl });
    return setting;
  }

  private async fetch(id: string): Promise<AutomaticReplies> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new Error(`timed out after ${this.opts.timeoutMs} ms`));
      }, this.opts.timeoutMs);
    });
    try {
      const request = this.graph
        .api(`/users/${encodeURIComponent(id)}/mailboxSettings/automaticRepliesSetting`)
        .option("signal", controller.signal)
        .get() as Promise<AutomaticReplies>;
      return await Promise.race([request, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
