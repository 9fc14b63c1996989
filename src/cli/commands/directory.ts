// `tandem directory consent`: the tenants whose admin consented to Tandem's Graph app (MailboxSettings.Read), so the
// out-of-office of their people can be looked up: typically the MSP's tenant, for the engineers in a shared channel.
import { UsageError, type CliCommand, type CliIO } from "../command";
import { subcommands } from "../subcommands";
import { withDatabase } from "../database";
import { noWords, readFlags } from "../flags";

const USAGE = `Usage: tandem directory consent <command> [options]

  add TENANT [--domains a.example,b.example] [--note TEXT]
        TENANT (its directory id) consented to this app: an admin there opened
        https://login.microsoftonline.com/TENANT/adminconsent?client_id=<GRAPH_CLIENT_ID> and accepted
        MailboxSettings.Read. --domains: the mail domains of its people, to place those the matrix names by email only
  list                 the consenting tenants (GRAPH_TENANT_ID and GRAPH_CONSENTED_TENANTS count too)
  remove TENANT        stop looking up people there (they show as "availability unknown")

A person is looked up in their own tenant: the matrix's tenantId, the tenant Teams showed them in, their mail domain,
else GRAPH_TENANT_ID. People of a tenant that has not consented are shown as "availability unknown", never as present.`;

const HELP = "tandem directory --help";
const TENANT = /^[A-Za-z0-9][A-Za-z0-9.-]{1,99}$/;
const DOMAIN = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/;

async function add(args: string[], io: CliIO): Promise<number> {
  const f = readFlags(args, { domains: "string", note: "string" });
  const tenant = f.words[0];
  if (f.words.length !== 1 || !tenant || !TENANT.test(tenant)) throw new UsageError(`give the tenant's id (its directory id, a GUID) (see ${HELP})`);
  const domains = (f.values.domains ?? "").split(",").map((d) => d.trim().toLowerCase()).filter(Boolean);
  const bad = domains.filter((d) => !DOMAIN.test(d));
  if (bad.length) throw new UsageError(`not a mail domain: ${bad.map((b) => `"${b}"`).join(", ")}`);
  return withDatabase(io.env, async (db) => {
    await db.prisma.directoryTenant.upsert({ where: { tenantId: tenant }, update: { domains, note: f.values.note ?? null }, create: { tenantId: tenant, domains, note: f.values.note ?? null } });
    io.stdout(`Tenant ${tenant} consented: out-of-office is looked up there${domains.length ? ` (people @${domains.join(", @")})` : ""}. Running replicas use it within a minute.\n`);
    return 0;
  });
}

async function list(args: string[], io: CliIO): Promise<number> {
  const f = readFlags(args, {});
  noWords(f.words);
  return withDatabase(io.env, async (db) => {
    const rows = await db.prisma.directoryTenant.findMany({ orderBy: { addedAt: "asc" } });
    const home = io.env.GRAPH_TENANT_ID?.trim();
    const fromEnv = (io.env.GRAPH_CONSENTED_TENANTS ?? "").split(",").map((t) => t.trim()).filter(Boolean);
    if (home) io.stdout(`${home}  (GRAPH_TENANT_ID: the app's own tenant)\n`);
    for (const t of fromEnv) io.stdout(`${t}  (GRAPH_CONSENTED_TENANTS)\n`);
    for (const r of rows) io.stdout(`${r.tenantId}  ${r.domains.length ? r.domains.join(", ") : "(no domains)"}${r.note ? `  ${r.note}` : ""}\n`);
    if (!home && !fromEnv.length && !rows.length) io.stdout("No tenant: set GRAPH_* to look up out-of-office at all.\n");
    return 0;
  });
}

async function remove(args: string[], io: CliIO): Promise<number> {
  const f = readFlags(args, {});
  const tenant = f.words[0];
  if (f.words.length !== 1 || !tenant) throw new UsageError(`give the tenant's id (see ${HELP})`);
  return withDatabase(io.env, async (db) => {
    const r = await db.prisma.directoryTenant.deleteMany({ where: { tenantId: tenant } });
    if (r.count === 0) throw new UsageError(`tenant ${tenant} was not added with "tandem directory consent add"`);
    io.stdout(`Tenant ${tenant} removed: its people show as "availability unknown".\n`);
    return 0;
  });
}

const consent = subcommands("directory consent", { add, list, remove });

export const directoryCommand: CliCommand = {
  name: "directory",
  summary: "Tenants whose directory Tandem may read for out-of-office (the MSP's, in a shared channel)",
  usage: USAGE,
  run: subcommands("directory", { consent }),
};
