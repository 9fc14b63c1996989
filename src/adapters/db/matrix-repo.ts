import { DomainError } from "../../core/errors";
import type { Matrix } from "../../core/matrix/model";
import type { MatrixStore, StoredMatrix } from "../../core/matrix/store";
import type { LearnedExample } from "../../core/routing/types";
import type { Prisma } from "./connect";
import { inForce, type VersionDates } from "../../core/matrix/effective";

type DatesRow = VersionDates & { id: string; signedBy: string[]; importedBy?: string };

/** What choosing the version in force needs, for every version of a client (small rows: no documents). */
export async function versionDates(db: Pick<Prisma, "$queryRawUnsafe">, clientId: string): Promise<DatesRow[]> {
  const rows = await db.$queryRawUnsafe<{ id: string; version: number; effective: Date; timezone: string | null; importedAt: Date; signedBy: string[]; importedBy: string | null }[]>(
    `SELECT id, version, effective, document->'businessHours'->>'timezone' AS timezone, "importedAt", "signedBy", "importedBy"
       FROM "MatrixVersion" WHERE "clientId" = $1`,
    clientId,
  );
  return rows.map((r) => ({
    id: r.id,
    version: r.version,
    effective: r.effective.toISOString().slice(0, 10),
    timezone: r.timezone ?? "UTC",
    importedAt: r.importedAt,
    signedBy: r.signedBy,
    importedBy: r.importedBy ?? undefined,
  }));
}

/** The stored row of the version in force at `at` (see core/matrix/effective.ts), for readers outside the store. */
export async function matrixRowInForce(db: Pick<Prisma, "$queryRawUnsafe" | "matrixVersion">, clientId: string, at: Date = new Date()) {
  const id = inForce(await versionDates(db, clientId), at)?.id;
  return id ? db.matrixVersion.findUnique({ where: { id } }) : null;
}

type Row = { clientId: string; version: number; document: unknown; importedAt: Date; importedBy: string | null };
const toStored = (r: Row): StoredMatrix => ({
  clientId: r.clientId,
  version: r.version,
  matrix: r.document as Matrix,
  importedAt: r.importedAt,
  importedBy: r.importedBy ?? undefined,
});

export class PrismaMatrixStore implements MatrixStore {
  private readonly cache = new Map<string, StoredMatrix>();

  constructor(private readonly prisma: Prisma) {}

  async current(clientId: string, at: Date = new Date()): Promise<StoredMatrix | null> {
    // Every turn asks, on every replica: a version dated ahead starts answering on its day without a restart.
    const head = inForce(await versionDates(this.prisma, clientId), at);
    return head ? this.load(head) : null;
  }

  async latest(clientId: string): Promise<StoredMatrix | null> {
    const head = await this.prisma.matrixVersion.findFirst({ where: { clientId }, orderBy: { importedAt: "desc" }, select: { id: true, importedAt: true } });
    return head ? this.load(head) : null;
  }

  private async load(head: { id: string; importedAt: Date }): Promise<StoredMatrix | null> {
    // Stored versions never change in place (a re-import gets a new importedAt), so the parsed document can be reused:
    // the router's per-matrix index is keyed by object identity and stays warm.
    const cacheKey = `${head.id}:${head.importedAt.getTime()}`;
    const hit = this.cache.get(cacheKey);
    if (hit) return hit;
    const r = await this.prisma.matrixVersion.findUnique({ where: { id: head.id } });
    if (!r) return null;
    const stored = toStored(r);
    if (this.cache.size >= 200) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(cacheKey, stored);
    return stored;
  }

  async version(clientId: string, version: number): Promise<StoredMatrix | null> {
    const r = await this.prisma.matrixVersion.findUnique({ where: { clientId_version: { clientId, version } } });
    return r ? toStored(r) : null;
  }

  async history(clientId: string) {
    const rows = await versionDates(this.prisma, clientId);
    return rows.sort((a, b) => b.version - a.version);
  }

  async save(clientId: string, matrix: Matrix, source: string, importedBy?: string, force = false): Promise<StoredMatrix> {
    return this.prisma.$transaction(async (tx) => {
      await tx.client.upsert({
        where: { id: clientId },
        update: {},
        create: { id: clientId, name: matrix.parties.internal.name.replace(/ Internal IT$/i, ""), timezone: matrix.businessHours.timezone },
      });
      const top = await tx.matrixVersion.findFirst({ where: { clientId }, orderBy: { version: "desc" } });
      if (top && matrix.version <= top.version && !force) {
        throw new DomainError(
          "matrix-version-not-higher",
          `Version ${matrix.version} is not higher than the stored version ${top.version}. Raise "version" in the file (or force the import).`,
        );
      }
      const data = {
        effective: new Date(`${matrix.effective}T00:00:00Z`),
        signedBy: matrix.signedBy,
        document: matrix as object,
        source,
        importedBy: importedBy ?? null,
        importedAt: new Date(),
      };
      const row = await tx.matrixVersion.upsert({
        where: { clientId_version: { clientId, version: matrix.version } },
        update: data,
        create: { clientId, version: matrix.version, ...data },
      });
      await tx.client.update({ where: { id: clientId }, data: { timezone: matrix.businessHours.timezone } });
      return toStored(row);
    });
  }

  async learned(clientId: string): Promise<LearnedExample[]> {
    const rows = await this.prisma.learnedPhrase.findMany({ where: { clientId }, orderBy: { createdAt: "asc" } });
    return rows.map((r) => ({ phrase: r.phrase, categoryId: r.categoryId }));
  }

  async learn(clientId: string, example: LearnedExample, by?: string): Promise<void> {
    const phrase = example.phrase.trim().slice(0, 500);
    await this.prisma.learnedPhrase.upsert({
      where: { clientId_phrase: { clientId, phrase } },
      update: { categoryId: example.categoryId, createdBy: by },
      create: { clientId, phrase, categoryId: example.categoryId, createdBy: by },
    });
  }

  async forget(clientId: string, phrase: string): Promise<boolean> {
    const r = await this.prisma.learnedPhrase.deleteMany({ where: { clientId, phrase: phrase.trim() } });
    return r.count > 0;
  }
}
