// Who has a category at a given instant: the business-hours owner or the after-hours side, who leads a joint
// category, and who should act when every named owner contact is out of office.
import { formatWhen } from "../time/when";
import { zonesOf } from "./zones";
import { currentOrNextWindow, isBusinessDay, isBusinessTime, localDate, weekdayOf } from "./hours";
import type { Category, Matrix, OwnerSide, Party } from "./model";

/** Which named contacts are out of office right now (from Graph, a calendar, or nobody: undefined). */
export interface AwayInfo {
  isAway(name: string): boolean;
  /** Their availability cannot be known (their tenant's directory is not open to Tandem). */
  isUnknown?(name: string): boolean;
}

export interface ContactNow {
  name: string;
  away: boolean;
  /** Availability unknown: not known to be away, not known to be in. */
  unknown?: boolean;
}

export interface OwnerNow {
  /** The matrix's answer for this moment: the owner in business hours, the after-hours side outside them. */
  side: OwnerSide;
  /** Who leads: `side` itself, or for a joint category `category.lead` (default internal). */
  leadSide: Party;
  /** Name of the leading party. */
  partyName: string;
  contacts: ContactNow[];
  businessHours: boolean;
  /** One human sentence, e.g. "After hours: the MSP has it until Tue 08:30". */
  reason: string;
  /** The category's backup, unless there is none or it is the side already leading. */
  backup: { side: Party; partyName: string } | null;
  /** Every named contact of the leading side is away (false when none are named). */
  ownerAway: boolean;
  /** The side that should act now: the backup (or, for a joint category, the other side) when the owner is away. */
  effectiveSide: Party;
}

export function sideLabel(side: OwnerSide): string {
  return side === "internal" ? "internal IT" : side === "msp" ? "the MSP" : "internal IT and the MSP jointly";
}

function otherSide(side: Party): Party {
  return side === "internal" ? "msp" : "internal";
}


function namedContacts(matrix: Matrix, category: Category, leadSide: Party, business: boolean): string[] {
  // Category contacts are the people for its owner; after hours they still apply if the same side covers it.
  const categoryApplies = category.contacts !== undefined && category.contacts.length > 0 && (business || category.owner === leadSide);
  return categoryApplies ? category.contacts! : matrix.parties[leadSide].contacts;
}

function afterHoursWhy(matrix: Matrix, at: Date): string {
  const hours = matrix.businessHours;
  const today = localDate(hours, at);
  if (!isBusinessDay(hours, today) && hours.days.includes(weekdayOf(today))) return "After hours (holiday)";
  return "After hours";
}

export function ownerNow(matrix: Matrix, category: Category, at: Date, away?: AwayInfo): OwnerNow {
  const hours = matrix.businessHours;
  const business = isBusinessTime(hours, at);
  const side: OwnerSide = business ? category.owner : category.afterHours;
  const leadSide: Party = side === "joint" ? (category.lead ?? "internal") : side;
  const contacts = namedContacts(matrix, category, leadSide, business).map((name): ContactNow => {
    const isAway = away?.isAway(name) ?? false;
    return { name, away: isAway, ...(!isAway && away?.isUnknown?.(name) ? { unknown: true } : {}) };
  });
  const ownerAway = contacts.length > 0 && contacts.every((c) => c.away);
  const backupSide = category.backup === "none" || category.backup === leadSide ? null : category.backup;
  const backup = backupSide ? { side: backupSide, partyName: matrix.parties[backupSide].name } : null;
  const fallback: Party | null = backup?.side ?? (side === "joint" ? otherSide(leadSide) : null);
  const effectiveSide = ownerAway && fallback ? fallback : leadSide;

  let reason: string;
  if (business) {
    reason = `Business hours: it is ${formatWhen(at, zonesOf(matrix, hours))}`;
    if (side === "joint") reason += `: joint, ${sideLabel(leadSide)} leads`;
  } else {
    const until = currentOrNextWindow(hours, at).start;
    reason = `${afterHoursWhy(matrix, at)}: ${sideLabel(leadSide)} has it until ${formatWhen(until, zonesOf(matrix, hours))}`;
  }
  if (ownerAway) {
    reason += fallback
      ? `; every named contact is away, so ${sideLabel(fallback)} should act`
      : `; every named contact is away and there is no backup`;
  }
  return { side, leadSide, partyName: matrix.parties[leadSide].name, contacts, businessHours: business, reason, backup, ownerAway, effectiveSide };
}
