// The tenants whose directory Tandem may read: the app's home tenant (GRAPH_TENANT_ID) and every tenant whose admin
// consented to the same multi-tenant app with MailboxSettings.Read, from GRAPH_CONSENTED_TENANTS and from
// `tandem directory consent add` (DirectoryTenant rows, with mail domains to place people known only by email).
import type { Client } from "@microsoft/microsoft-graph-client";
import type { Prisma } from "../db/connect";

export interface GraphTenants {
  /** The app's own tenant: where a person nothing else places is looked up. */
  home: string;
  /** Consenting tenants and the mail domains recorded for them. */
  consented(): Promise<{ tenants: Set<string>; domains: Map<string, string> }>;
  /** A Graph client with an app token for this tenant. */
  client(tenant: string): Client;
}

const REFRESH_MS = 60_000;

export function graphTenants(opts: { home: string; fromEnv: string[]; prisma?: Prisma; clientFor: (tenant: string) => Client }): GraphTenants {
  const clients = new Map<string, Client>();
  let known: { at: number; value: Promise<{ tenants: Set<string>; domains: Map<string, string> }> } | undefined;
  const load = async () => {
    const rows = opts.prisma ? await opts.prisma.directoryTenant.findMany() : [];
    const tenants = new Set([opts.home, ...opts.fromEnv, ...rows.map((r) => r.tenantId)]);
    const domains = new Map(rows.flatMap((r) => r.domains.map((d) => [d.toLowerCase(), r.tenantId] as const)));
    return { tenants, domains };
  };
  return {
    home: opts.home,
    consented() {
      if (!known || Date.now() - known.at > REFRESH_MS) {
        const value = load();
        known = { at: Date.now(), value };
        value.catch(() => (known = undefined));
      }
      return known.value;
    },
    client(tenant) {
      let c = clients.get(tenant);
      if (!c) clients.set(tenant, (c = opts.clientFor(tenant)));
      return c;
    },
  };
}
