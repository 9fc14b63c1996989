// Time logged on tickets. MSP time draws down the client's prepaid block hours, with a warning when the bank
// crosses its threshold (said once per crossing); internal IT's time is recorded on the ticket only.
import { z } from "zod";
import { lineSchema } from "../cards/contract";
import { formatDay } from "../time/when";
import type { Turn } from "../conversation/feature";
import type { Outgoing } from "../conversation/reply";
import { DomainError } from "../errors";
import type { ClientInfo } from "../ports/tenancy";
import { blockLeft, crossedWarning, hourBalance, percentLeft, warnPercent, type HourBalance } from "./block-hours";
import { actorName, mutate, publish, updateCard, type TicketDeps } from "./desk";
import { formatMinutes } from "../duration";
import { ticketKey, type Ticket } from "./model";
import type { HourEntryView } from "./ports";
import { sideOf } from "./sides";

export function warningText(balance: HourBalance, percent: number): string {
  return (
    `Block hours are running low: ${formatMinutes(balance.left)} left of ${formatMinutes(balance.block)} (${percentLeft(balance)}%, ` +
    `warning at ${percent}%). Ask the MSP for a new block before the bank runs out.`
  );
}

export async function logTime(deps: TicketDeps, turn: Turn, ticket: Ticket, minutes: number | null, note: string | undefined): Promise<Outgoing[]> {
  if (minutes === null) throw new DomainError("bad-duration", "Say how long, e.g. 30m, 1h or 1h 15m (Add note or time on the card, or \"log 30m HL-42\").");
  const side = sideOf(turn.roles, ticket.court);
  if (!side) throw new DomainError("not-a-side", "Only internal IT or the MSP log time on tickets.");
  const who = await actorName(deps, turn);
  const text = note?.trim() || null;
  const saved = await mutate(deps, ticket, (t) => ({
    patch: side === t.court && !t.firstResponseAt ? { firstResponseAt: turn.now } : {},
    events: [{ type: "time", actor: who, side, minutes, text, at: turn.now }],
  }));
  const out: Outgoing[] = [];
  const ref = ticketKey(turn.client.ticketPrefix, saved.number);
  if (side === "msp") {
    const { before, after } = await deps.hours.record(turn.client.id, { minutes: -minutes, ticketId: saved.id, actor: who, note: text ? `${ref}: ${text}` : ref, at: turn.now });
    const b = hourBalance(before);
    const a = hourBalance(after);
    const percent = warnPercent(turn.client.settings.blockHoursWarnPercent);
    if (crossedWarning(b, a, percent)) {
      const place = await deps.tickets.place(saved.id);
      const channel = place?.channel ?? turn.event.channel;
      const leads = await deps.tenancy.peopleWithRole(turn.client.id, "internal-it");
      out.push({ op: "post", channel, threadId: place?.threadId, reply: { text: warningText(a, percent), mentions: leads.filter((p) => p.platform === channel.platform).slice(0, 3) } });
    }
  }
  await publish(deps, turn.client, "updated", saved, `time:${minutes}`, turn.now);
  return [await updateCard(deps, turn.client, saved, turn.now), ...out];
}

/** Data contract of cards/<platform>/hours.json. */
export const hoursCardSchema = z.object({
  title: z.string(),
  left: z.string(),
  /** "Below the 20% warning line", or "". */
  warning: z.string(),
  summary: z.string(),
  recent: z.array(lineSchema),
  hint: z.string(),
});
export type HoursCard = z.infer<typeof hoursCardSchema>;

export function hoursCard(client: ClientInfo, entries: readonly HourEntryView[], timezone: string): HoursCard {
  const balance = hourBalance(entries);
  const percent = warnPercent(client.settings.blockHoursWarnPercent);
  const left = percentLeft(balance);
  const low = balance.block > 0 && balance.left <= (balance.block * percent) / 100;
  const recent = [...entries]
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .slice(0, 5)
    .map((e) => ({
      text: `${formatDay(e.at, timezone)} · ${e.minutes > 0 ? "+" : ""}${formatMinutes(e.minutes)} · ${e.note ?? (e.minutes > 0 ? "hours bought" : "time logged")}${e.actor ? ` (${e.actor})` : ""}`,
    }));
  const bought = blockLeft(entries) !== null;
  const summary =
    entries.length === 0
      ? "No block hours are recorded for this client."
      : !bought
        ? `No block of hours is recorded for this client; ${formatMinutes(-balance.left)} of MSP time logged so far.`
        : `left of the current block of ${formatMinutes(balance.block)} (${left}%).`;
  return {
    title: `${client.name}: MSP block hours`,
    left: bought ? formatMinutes(balance.left) : "no block",
    warning: low ? `Below the ${percent}% warning line: time to buy more hours.` : "",
    summary,
    recent,
    hint: `MSP time logged on tickets ("log 30m ${client.ticketPrefix}-42" or Log time on a ticket card) draws the bank down. The MSP adds hours when a new block is bought.`,
  };
}
