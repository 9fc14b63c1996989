import type { HourBank, HourEntryView } from "../../core/tickets/ports";
import type { Prisma } from "./connect";

type Row = { minutes: number; note: string | null; ticketId: string | null; actor: string | null; at: Date };
const toView = (r: Row): HourEntryView => ({ minutes: r.minutes, note: r.note, ticketId: r.ticketId, actor: r.actor, at: r.at });

/** The block-hour bank in HourEntry rows (minutes: purchases positive, time logged negative). */
export class PrismaHourBank implements HourBank {
  constructor(private readonly prisma: Prisma) {}

  async entries(clientId: string): Promise<HourEntryView[]> {
    const rows = await this.prisma.hourEntry.findMany({ where: { clientId }, orderBy: [{ at: "asc" }, { id: "asc" }] });
    return rows.map(toView);
  }

  async record(clientId: string, e: HourEntryView): Promise<{ before: HourEntryView[]; after: HourEntryView[] }> {
    return this.prisma.$transaction(async (tx) => {
      // One writer per client at a time, so exactly one draw-down sees the balance cross the warning line.
      await tx.$queryRawUnsafe(`SELECT id FROM "Client" WHERE id = $1 FOR UPDATE`, clientId);
      const rows = await tx.hourEntry.findMany({ where: { clientId }, orderBy: [{ at: "asc" }, { id: "asc" }] });
      const created = await tx.hourEntry.create({ data: { clientId, minutes: e.minutes, note: e.note, ticketId: e.ticketId, actor: e.actor, at: e.at } });
      const before = rows.map(toView);
      return { before, after: [...before, toView(created)] };
    });
  }
}
