// `tandem people ...`: who is who in chat, and their roles (internal-it, msp-tech, msp-lead, staff, admin).
import { UsageError, type CliCommand, type CliIO } from "../command";
import { withDatabase } from "../database";
import { subcommands } from "../subcommands";
import { noWords, readFlags } from "../flags";
import { isRole, ROLES, type Role } from "../../core/ports/tenancy";
import { PrismaPeople } from "../../adapters/db/people-repo";

const USAGE = `Usage: tandem people <command> [options]

  add --platform slack|teams --team T --user U [--name N] [--email E] [--aad ID] --roles R1,R2 [--client ID]
      add a person (or add roles to one): Slack team id + user id, or Teams tenant id + AAD object id
  list [--client ID]
      everyone known for the client, with their roles

Roles: ${ROLES.join(", ")}. --client defaults to DEFAULT_CLIENT_ID (demo).`;

function roles(value: string | undefined): Role[] {
  if (!value) throw new UsageError(`--roles is required, e.g. --roles internal-it,admin`);
  const list = value.split(",").map((r) => r.trim()).filter(Boolean);
  const bad = list.filter((r) => !isRole(r));
  if (bad.length || list.length === 0) throw new UsageError(`unknown role${bad.length === 1 ? "" : "s"} ${bad.map((b) => `"${b}"`).join(", ")}: use ${ROLES.join(", ")}`);
  return list as Role[];
}

async function add(args: string[], io: CliIO): Promise<number> {
  const f = readFlags(args, { client: "string", platform: "string", team: "string", user: "string", name: "string", email: "string", aad: "string", roles: "string" });
  noWords(f.words);
  const v = (name: keyof typeof f.values): string | undefined => f.values[name];
  const platform = v("platform");
  if (platform !== "slack" && platform !== "teams") throw new UsageError(`--platform must be slack or teams`);
  if (v("team") === undefined) throw new UsageError(`--team is required: the Slack team id (T...) or the Teams tenant id`);
  if (!v("user")) throw new UsageError(`--user is required: the Slack user id (U...) or the Teams AAD object id`);
  const person = {
    platform,
    teamId: v("team")!,
    userId: v("user")!,
    name: v("name"),
    email: v("email"),
    aadObjectId: v("aad") ?? (platform === "teams" ? v("user") : undefined),
    roles: roles(v("roles")),
  } as const;
  return withDatabase(io.env, async (db, defaultClient) => {
    const clientId = v("client") ?? defaultClient;
    const repo = new PrismaPeople(db.prisma);
    await repo.upsert(clientId, [person]);
    const saved = (await repo.list(clientId)).find((p) => p.platform === platform && p.teamId === person.teamId && p.userId === person.userId);
    io.stdout(`${person.name ?? person.userId} (${platform} ${person.teamId}/${person.userId}) in client ${clientId} now has roles: ${saved?.roles.join(", ")}\n`);
    return 0;
  });
}

async function list(args: string[], io: CliIO): Promise<number> {
  const f = readFlags(args, { client: "string" });
  noWords(f.words);
  return withDatabase(io.env, async (db, defaultClient) => {
    const clientId = f.values.client ?? defaultClient;
    const people = await new PrismaPeople(db.prisma).list(clientId);
    if (people.length === 0) io.stdout(`No people known for client ${clientId} yet (tandem people add ...).\n`);
    for (const p of people) io.stdout(`${p.platform}  ${p.teamId || "-"}/${p.userId}  ${p.name ?? ""}  ${p.roles.join(",") || "(no roles)"}\n`);
    return 0;
  });
}

export const peopleCommand: CliCommand = {
  name: "people",
  summary: "Add people and their roles (internal-it, msp-lead, admin, ...); list them",
  usage: USAGE,
  run: subcommands("people", { add, list }),
};
