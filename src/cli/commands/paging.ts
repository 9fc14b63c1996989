// `tandem paging`: the client's phone paging (PagerDuty Events API v2 or a signed webhook), rung for sev-1 pages and,
// below sev-1, outside business hours (or always, or never).
import { UsageError, type CliCommand, type CliIO } from "../command";
import { subcommands } from "../subcommands";
import { settingOff, settingsOf, withDatabase } from "../database";
import { noWords, readFlags } from "../flags";
import { pagingOf, type PagingSettings } from "../../core/paging/policy";

const USAGE = `Usage: tandem paging <command> [options]

  pagerduty --side msp|internal --routing-key KEY [--client ID]
        ring that side's on-call through PagerDuty: KEY is the 32-character integration key of an "Events API v2"
        integration on their PagerDuty service (each side its own; run once per side)
  webhook URL --secret SECRET [--client ID]
        POST each page (page.trigger, page.acknowledge, page.resolve) to URL as JSON, signed like the ticket webhook
        (X-Tandem-Signature: sha256=<HMAC-SHA256 of the body>): for Opsgenie, an SMS gateway or a PSA
  below-sev1 after-hours|always|never [--client ID]
        whether pages below sev-1 ring the phone (default after-hours: outside the matrix's business hours)
  show [--client ID]   the current set-up (keys and secrets are not printed)
  off [--client ID]    no phone paging (the default): pages stay in chat

Sev-1 pages always ring. Acknowledging in chat acknowledges the alert; resolving the ticket or incident resolves it.
Failed sends are retried by the outbox (tandem outbox list). --client defaults to DEFAULT_CLIENT_ID (demo).`;

const HELP = "tandem paging --help";

async function change(io: CliIO, clientFlag: string | undefined, edit: (current: PagingSettings | null) => PagingSettings, said: (p: PagingSettings, clientId: string) => string): Promise<number> {
  return withDatabase(io.env, async (db, defaultClient) => {
    const clientId = clientFlag ?? defaultClient;
    const settings = await settingsOf(db, clientId);
    const paging = edit(pagingOf(settings));
    await db.prisma.client.update({ where: { id: clientId }, data: { settings: { ...settings, paging } as object } });
    io.stdout(`${said(paging, clientId)}\n`);
    return 0;
  });
}

async function pagerduty(args: string[], io: CliIO): Promise<number> {
  const f = readFlags(args, { client: "string", side: "string", "routing-key": "string" });
  noWords(f.words);
  const side = f.values.side;
  if (side !== "msp" && side !== "internal") throw new UsageError("--side must be msp or internal: whose on-call this key rings");
  const key = f.values["routing-key"] ?? "";
  if (!/^[A-Za-z0-9]{32}$/.test(key)) throw new UsageError("--routing-key must be the 32-character integration key of a PagerDuty Events API v2 integration");
  return change(
    io,
    f.values.client,
    (p) => ({ ...(p ?? {}), provider: "pagerduty", pagerduty: { ...(p?.pagerduty ?? {}), [side]: key } }),
    (p, c) => `Client ${c}: pages of the ${side === "msp" ? "MSP" : "internal IT"} side now ring PagerDuty (sev-1 always; below sev-1: ${p.belowSev1 ?? "after-hours"}).`,
  );
}

async function webhook(args: string[], io: CliIO): Promise<number> {
  const f = readFlags(args, { client: "string", secret: "string" });
  const url = f.words[0];
  if (f.words.length !== 1 || !url) throw new UsageError(`give the URL to send pages to (see ${HELP})`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`"${url}" is not a URL`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new UsageError("the paging webhook URL must be http:// or https://");
  const secret = f.values.secret;
  if (!secret || secret.length < 16) throw new UsageError("--secret is required: at least 16 characters, shared with the receiver to check signatures");
  return change(
    io,
    f.values.client,
    (p) => ({ ...(p ?? {}), provider: "webhook", webhook: { url, secret } }),
    (p, c) => `Client ${c}: pages now go to ${url} (signed; sev-1 always, below sev-1: ${p.belowSev1 ?? "after-hours"}).`,
  );
}

async function belowSev1(args: string[], io: CliIO): Promise<number> {
  const f = readFlags(args, { client: "string" });
  const rule = f.words[0];
  if (f.words.length !== 1 || (rule !== "after-hours" && rule !== "always" && rule !== "never")) throw new UsageError(`say after-hours, always or never (see ${HELP})`);
  return withDatabase(io.env, async (db, defaultClient) => {
    const clientId = f.values.client ?? defaultClient;
    const settings = await settingsOf(db, clientId);
    const current = pagingOf(settings);
    if (!current) throw new UsageError(`client ${clientId} has no phone paging yet: set one with "tandem paging pagerduty ..." or "tandem paging webhook ..."`);
    await db.prisma.client.update({ where: { id: clientId }, data: { settings: { ...settings, paging: { ...current, belowSev1: rule } } as object } });
    io.stdout(`Client ${clientId}: pages below sev-1 ring the phone ${rule === "after-hours" ? "outside business hours" : rule}.\n`);
    return 0;
  });
}

async function show(args: string[], io: CliIO): Promise<number> {
  const f = readFlags(args, { client: "string" });
  noWords(f.words);
  return withDatabase(io.env, async (db, defaultClient) => {
    const clientId = f.values.client ?? defaultClient;
    const p = pagingOf(await settingsOf(db, clientId));
    if (!p) io.stdout(`Client ${clientId}: no phone paging (pages stay in chat).\n`);
    else if (p.provider === "webhook") io.stdout(`Client ${clientId}: signed webhook ${p.webhook?.url ?? "(no url)"}; below sev-1: ${p.belowSev1 ?? "after-hours"}.\n`);
    else {
      const sides = (["msp", "internal"] as const).map((s) => `${s === "msp" ? "MSP" : "internal IT"} ${p.pagerduty?.[s] ? "key set" : "no key (not rung)"}`);
      io.stdout(`Client ${clientId}: PagerDuty, ${sides.join(", ")}; below sev-1: ${p.belowSev1 ?? "after-hours"}.\n`);
    }
    return 0;
  });
}

const off = (args: string[], io: CliIO): Promise<number> => settingOff(args, io, "paging", "phone paging off. Pages stay in chat; events still queued fail as not configured.");

export const pagingCommand: CliCommand = {
  name: "paging",
  summary: "Ring the on-call's phone for sev-1 and after hours (PagerDuty or a signed webhook)",
  usage: USAGE,
  run: subcommands("paging", { pagerduty, webhook, "below-sev1": belowSev1, show, off }),
};
