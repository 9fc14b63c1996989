// Out of office from Microsoft Graph: mailboxSettings/automaticRepliesSetting per named person, in their own tenant.
// Quick and forgiving: a timeout, a cache, and any failure means "availability unknown" (logged), so an answer is
// never blocked and nobody is shown as present without Graph saying so.
import { DateTime } from "luxon";
import type { NamedPerson } from "../../core/matrix/model";
import type { Clock } from "../../core/ports/clock";
import type { Availability, Directory } from "../../core/ports/directory";
import type { GraphTenants } from "./tenants";
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

/** Recorded home tenants of people by AAD object id (Tandem saw them in a shared channel, or a people record). */
export type HomeLookup = (aadObjectIds: string[]) => Promise<Map<string, string>>;

/**
 * Out of office per tenant: each named person is looked up in their own tenant (the matrix's tenantId, where Tandem
 * saw them, their mail domain, else the app's home tenant), with that tenant's app token. A person of a tenant that
 * has not consented, or whose lookup fails, is "availability unknown": never shown as present.
 */
export class GraphDirectory implements Directory {
  private readonly cache = new Map<string, { setting: AutomaticReplies | null; until: number }>();

  constructor(
    private readonly tenants: GraphTenants,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly opts: GraphDirectoryOptions,
    private readonly homes: HomeLookup = async () => new Map(),
  ) {}

  async availability(people: NamedPerson[]): Promise<Availability> {
    const now = this.clock.now();
    const result: Availability = { away: new Set(), unknown: new Set() };
    const { tenants, domains } = await this.tenants.consented();
    const recorded = await this.homes(people.flatMap((p) => (p.aadObjectId && !p.tenantId ? [p.aadObjectId] : []))).catch(() => new Map<string, string>());
    await Promise.all(
      people.map(async (p) => {
        const id = p.aadObjectId ?? p.email;
        if (!id) return;
        const domain = p.email?.split("@")[1]?.toLowerCase();
        const tenant = p.tenantId ?? (p.aadObjectId ? recorded.get(`teams:${p.aadObjectId}`) : undefined) ?? (domain ? domains.get(domain) : undefined) ?? this.tenants.home;
        if (!tenants.has(tenant)) {
          result.unknown.add(p.name);
          return;
        }
        const setting = await this.setting(tenant, id);
        if (!setting) result.unknown.add(p.name);
        else if (isOutOfOffice(setting, now)) result.away.add(p.name);
      }),
    );
    return result;
  }

  private async setting(tenant: string, id: string): Promise<AutomaticReplies | null> {
    const key = `${tenant}:${id}`;
    const cached = this.cache.get(key);
    if (cached && Date.now() < cached.until) return cached.setting;
    let setting: AutomaticReplies | null = null;
    let ttl = this.opts.cacheSeconds * 1000;
    try {
      setting = await this.fetch(tenant, id);
    } catch (err) {
      const e = err as { statusCode?: number; code?: string; message?: string };
      this.log.warn({ person: id, tenant, status: e.statusCode, code: e.code, err: e.message }, "out-of-office lookup failed; availability unknown");
      ttl = Math.min(ttl, 60_000); // try again soon, without hammering Graph on every question
    }
    this.cache.set(key, { setting, until: Date.now() + ttl });
    return setting;
  }

  private async fetch(tenant: string, id: string): Promise<AutomaticReplies> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new Error(`timed out after ${this.opts.timeoutMs} ms`));
      }, this.opts.timeoutMs);
    });
    try {
      const request = this.tenants
        .client(tenant)
        .api(`/users/${encodeURIComponent(id)}/mailboxSettings/automaticRepliesSetting`)
        .option("signal", controller.signal)
        .get() as Promise<AutomaticReplies>;
      return await Promise.race([request, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
