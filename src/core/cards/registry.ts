// Every card Tandem sends, by template name (cards/<platform>/<name>.json), with its data contract. A reply names
// a card and gives data of that card's type; the renderer checks the data against the contract before expanding.
import type { z } from "zod";
import { helpCardSchema } from "../help/help-feature";
import { incidentCardSchema } from "../incidents/live-card";
import { incidentSummaryCardSchema, incidentTimelineCardSchema } from "../incidents/summary-card";
import { monthlyReportCardSchema } from "../schedules/monthly-report-card";
import { qbrCardSchema } from "../schedules/qbr-card";
import { scheduleListCardSchema } from "../schedules/schedule-admin";
import { standupCardSchema } from "../schedules/standup-card";
import { ticketCardSchema } from "../tickets/ticket-card";
import { ticketListCardSchema } from "../tickets/ticket-list";
import { hoursCardSchema } from "../tickets/time-log";
import { categoryPickerCardSchema, matrixImportCardSchema, matrixSummaryCardSchema, notInMatrixCardSchema, whoHandlesCardSchema } from "../whohandles/cards";

export const CARD_CONTRACTS = {
  "who-handles": whoHandlesCardSchema,
  "not-in-matrix": notInMatrixCardSchema,
  "category-picker": categoryPickerCardSchema,
  "matrix-summary": matrixSummaryCardSchema,
  "matrix-import": matrixImportCardSchema,
  help: helpCardSchema,
  ticket: ticketCardSchema,
  "ticket-list": ticketListCardSchema,
  hours: hoursCardSchema,
  incident: incidentCardSchema,
  "incident-summary": incidentSummaryCardSchema,
  "incident-timeline": incidentTimelineCardSchema,
  standup: standupCardSchema,
  "monthly-report": monthlyReportCardSchema,
  qbr: qbrCardSchema,
  "schedule-list": scheduleListCardSchema,
} as const;

export type CardName = keyof typeof CARD_CONTRACTS;
export type CardData<N extends CardName> = z.infer<(typeof CARD_CONTRACTS)[N]>;

/** A card by name and the data it is expanded with; the name fixes the data's type. */
export type CardReply = { [N in CardName]: { name: N; data: CardData<N> } }[CardName];

export const CARD_NAMES = Object.keys(CARD_CONTRACTS) as CardName[];

export function isCardName(name: string): name is CardName {
  return Object.prototype.hasOwnProperty.call(CARD_CONTRACTS, name);
}
