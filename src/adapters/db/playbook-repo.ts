import fs from "node:fs";
import path from "node:path";
import type { Playbook } from "../../core/incidents/playbook";
import { buildPlaybookSet, loadPlaybookSet, type PlaybookFile, type PlaybookSet, type SourcedProblem } from "../../core/incidents/playbook-set";
import type { PlaybookLibrary } from "../../core/incidents/ports";
import type { Prisma } from "./connect";
import { SEED_DIR } from "./seed";

export const DEFAULT_PLAYBOOK_DIR = path.join(SEED_DIR, "playbooks");

/** The shipped playbook files (prisma/seed/playbooks/*.yaml), in name order. */
export function defaultPlaybookFiles(dir = DEFAULT_PLAYBOOK_DIR): PlaybookFile[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => ({ source: path.join(dir, f), text: fs.readFileSync(path.join(dir, f), "utf8") }));
}

/**
 * Shipped defaults read from the files once per process; a client's imported playbooks (Playbook rows with its
 * clientId) replace the default with the same id or add new ones.
 */
export class PrismaPlaybookLibrary implements PlaybookLibrary {
  private defaults?: { playbooks: Playbook[]; problems: SourcedProblem[] };

  constructor(
    private readonly prisma: Prisma,
    private readonly dir = DEFAULT_PLAYBOOK_DIR,
  ) {}

  shipped(): { playbooks: Playbook[]; problems: SourcedProblem[] } {
    if (!this.defaults) {
      const { set, problems } = loadPlaybookSet(defaultPlaybookFiles(this.dir));
      this.defaults = { playbooks: set.playbooks, problems };
    }
    return this.defaults;
  }

  async playbooksFor(clientId: string): Promise<PlaybookSet> {
    const rows = await this.prisma.playbook.findMany({ where: { clientId }, orderBy: { playbookId: "asc" } });
    return buildPlaybookSet(this.shipped().playbooks, rows.map((r) => r.document as unknown as Playbook));
  }

  /** Stores a client's playbooks (already validated), replacing earlier imports with the same id. */
  async importForClient(clientId: string, playbooks: { playbook: Playbook; source: string }[]): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      for (const { playbook, source } of playbooks) {
        const data = { name: playbook.name, document: playbook as object, source };
        await tx.playbook.upsert({
          where: { clientId_playbookId: { clientId, playbookId: playbook.id } },
          update: data,
          create: { clientId, playbookId: playbook.id, ...data },
        });
      }
    });
  }
}
