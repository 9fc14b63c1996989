import type { Outgoing } from "../../core/conversation/reply";
import type { PageDelivery, PageLog, PageMark } from "../../core/paging/model";
import type { Prisma } from "./connect";

/** A page's deliveries are its outbox rows (OutboxMessage.subject): sent, failed with the platform's error, or pending. */
export class PrismaPageLog implements PageLog {
  constructor(private readonly prisma: Prisma) {}

  async deliveries(subject: string): Promise<PageDelivery[]> {
    const rows = await this.prisma.outboxMessage.findMany({
      // A re-page replaced by a newer one while the platform was down was never sent: not a delivery.
      where: { subject, status: { not: "superseded" } },
      orderBy: { id: "asc" },
      select: { id: true, payload: true, status: true, sentAt: true, createdAt: true, lastError: true },
    });
    // A page that is itself the card (a new escalated ticket) lives in the thread the card started.
    const items = rows.map((r) => r.payload as { op?: string; key?: string; threadId?: string; threadOf?: string }).filter((p) => p.op === "post" && !p.threadId);
    const keys = items.flatMap((p) => [p.key, p.threadOf]).filter((k): k is string => !!k);
    const posted = keys.length ? await this.prisma.postedMessage.findMany({ where: { key: { in: keys } } }) : [];
    const threadOf = new Map(posted.map((p) => [p.key, p.threadId ?? p.messageId]));
    return rows.flatMap((r) => {
      const item = r.payload as unknown as Outgoing & { page?: PageMark };
      if (!item?.page) return [];
      const status = r.status === "sent" ? "sent" : r.status === "failed" ? "failed" : "pending";
      return [
        {
          ...item.page,
          id: String(r.id),
          status,
          at: r.sentAt ?? r.createdAt,
          ...(r.lastError && status !== "sent" ? { error: r.lastError } : {}),
          ...(item.op === "post" ? { place: { channel: item.channel, threadId: item.threadId ?? threadOf.get(item.threadOf ?? item.key ?? "") } } : {}),
        } satisfies PageDelivery,
      ];
    });
  }
}
