import fs from "node:fs";
import path from "node:path";
import { parseMatrix } from "../../core/matrix/format";
import { peopleFromMatrix } from "../../core/whohandles/import";
import type { Logger } from "../../logger";
import type { Prisma } from "./connect";

/** The Agents Playground's default user, as its activities carry it (tenant and from.aadObjectId). */
export const PLAYGROUND_USER = { tenantId: "00000000-0000-0000-0000-0000000000001", aadObjectId: "00000000-0000-0000-0000-0000000000020" };

export const SEED_DIR = path.resolve(__dirname, "../../../prisma/seed");

/**
 * First start: a demo client with the demo matrix, so a fresh clone answers questions at once. Runs only when the
 * default client has no matrix: an imported matrix is never overwritten.
 */
export async function seedDemo(prisma: Prisma, clientId: string, log: Logger): Promise<boolean> {
  const has = await prisma.matrixVersion.count({ where: { clientId } });
  if (has > 0) return false;
  const source = fs.readFileSync(path.join(SEED_DIR, "demo-matrix.yaml"), "utf8");
  const parsed = parseMatrix(source);
  if (!parsed.ok) throw new Error(`the shipped demo matrix is invalid: ${parsed.problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`);
  const m = parsed.matrix;
  const seeded = await prisma.$transaction(async (tx) => {
    // ON CONFLICT DO NOTHING, not upsert (select then insert): replicas starting together all get here.
    await tx.client.createMany({
      data: [{ id: clientId, name: m.parties.internal.name.replace(/ Internal IT$/i, ""), ticketPrefix: "HL", timezone: m.businessHours.timezone, settings: { demo: true } }],
      skipDuplicates: true,
    });
    // A real client that happens to be the default one (and has no matrix yet) never gets the demo's admin.
    const client = await tx.client.findUnique({ where: { id: clientId } });
    if ((client?.settings as { demo?: unknown } | null)?.demo !== true) throw new NotDemo();
    await tx.matrixVersion.createMany({
      data: [{ clientId, version: m.version, effective: new Date(`${m.effective}T00:00:00Z`), signedBy: m.signedBy, document: m as object, source, importedBy: "demo seed" }],
      skipDuplicates: true,
    });
    // The people the demo matrix names get their roles, as `tandem matrix import` gives them.
    const named = peopleFromMatrix(m);
    // The Agents Playground's default user (Alex Wilber) can try every command in the demo. Teams people are
    // keyed by tenant + aadObjectId; these are the ids the Playground (0.2.x) sends for its default user. No name
    // here: the Playground's own ("Alex Wilber") is the one people see everywhere.
    await tx.person.createMany({
      data: [
        ...named.map((p) => ({ clientId, platform: p.platform, teamId: p.teamId, userId: p.userId, aadObjectId: p.aadObjectId ?? null, email: p.email ?? null, displayName: p.name ?? null, roles: p.roles })),
        {
          clientId,
          platform: "teams",
          teamId: PLAYGROUND_USER.tenantId,
          userId: PLAYGROUND_USER.aadObjectId,
          aadObjectId: PLAYGROUND_USER.aadObjectId,
          roles: ["admin", "internal-it", "msp-lead"],
        },
      ],
      skipDuplicates: true,
    });
    return true;
  }).catch((err) => (err instanceof NotDemo ? false : Promise.reject(err)));
  if (!seeded) {
    log.warn({ clientId }, "not seeding the demo: the default client exists and is not the demo client");
    return false;
  }
  log.info({ clientId, version: m.version }, "seeded the demo client and matrix");
  return true;
}

class NotDemo extends Error {}

/**
 * A database first used in development mode and then started in production keeps the demo client, its Playground
 * admin (whose ids are published) and the channels it took in. It serves nobody in production (see PrismaTenancy);
 * the operator is told, at start-up and on /readyz, what is left and how to link the channels to a real client.
 */
export async function demoLeftovers(prisma: Prisma, devMode: boolean): Promise<string[]> {
  if (devMode) return [];
  const demos = (await prisma.client.findMany({ select: { id: true, settings: true, _count: { select: { channels: true } } } })).filter(
    (c) => (c.settings as { demo?: unknown } | null)?.demo === true,
  );
  return demos.map(
    (c) =>
      `the demo client "${c.id}" from development mode is in this database: it serves nobody in production, so its ${c._count.channels} channel(s) see nothing until an admin links them to a real client (tandem clients link CLIENT_ID --platform slack|teams --channel ID).`,
  );
}
