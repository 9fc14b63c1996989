import type { AskedQuestion, PendingImport, PendingImports, QuestionLog } from "../../core/whohandles/ports";
import { IMPORT_EXPIRE_JOB } from "../../core/whohandles/importing";
import type { Prisma } from "./connect";

/** Who-handles answers as Question rows; a pick sets `chosen`. */
export class PrismaQuestionLog implements QuestionLog {
  constructor(private readonly prisma: Prisma) {}

  async record(q: { clientId: string; text: string; guessed: string | null; confidence: number; askedBy?: string; channelId?: string }): Promise<string> {
    const row = await this.prisma.question.create({
      data: { clientId: q.clientId, text: q.text, guessed: q.guessed, confidence: q.confidence, askedBy: q.askedBy, channelId: q.channelId },
    });
    return row.id;
  }

  async get(clientId: string, id: string): Promise<AskedQuestion | null> {
    const row = await this.prisma.question.findFirst({ where: { id, clientId } });
    return row ? { id: row.id, clientId: row.clientId, text: row.text, guessed: row.guessed, chosen: row.chosen } : null;
  }

  async choose(clientId: string, id: string, categoryId: string): Promise<void> {
    await this.prisma.question.updateMany({ where: { id, clientId }, data: { chosen: categoryId } });
  }
}

/**
 * A pending chat import is a durable timer (Job row) whose payload holds the file: Apply or Cancel takes it
 * (pending -> cancelled, once, whichever replica wins); left alone, the job fires and expires the card.
 */
export class JobPendingImports implements PendingImports {
  constructor(private readonly prisma: Prisma) {}

  private key(clientId: string, id: string): string {
    return `matrix-import:${clientId}:${id}`;
  }

  async hold(pending: PendingImport, expiresAt: Date): Promise<void> {
    await this.prisma.job.create({
      data: { kind: IMPORT_EXPIRE_JOB, key: this.key(pending.clientId, pending.id), payload: pending as object, runAt: expiresAt },
    });
  }

  async take(clientId: string, id: string): Promise<PendingImport | null> {
    const key = this.key(clientId, id);
    const taken = await this.prisma.job.updateMany({ where: { key, status: "pending" }, data: { status: "cancelled" } });
    if (taken.count !== 1) return null;
    const row = await this.prisma.job.findUnique({ where: { key } });
    return row ? (row.payload as unknown as PendingImport) : null;
  }
}
