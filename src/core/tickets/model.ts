// A ticket both sides see: one number, one court (who holds it now), a timeline of hand-overs and work.
import type { ChannelRef } from "../conversation/events";
import type { Party } from "../matrix/model";

/** Whose court the ticket is in: one side of the matrix, or waiting on the person who asked. */
export type Court = Party | "requester";
export const COURTS: readonly Court[] = ["internal", "msp", "requester"];

import type { Severity } from "../severity";
export { isSeverity, SEVERITY_LABELS, type Severity } from "../severity";
export type TicketStatus = "open" | "resolved";

export type TicketEventType =
  | "created"
  | "taken"
  | "handover"
  | "severity"
  | "category"
  | "note"
  | "escalated"
  | "acked"
  | "repaged"
  | "time"
  | "resolved"
  | "reopened";

/** Where the ticket lives in chat: the conversation and the thread its card sits in. */
export interface TicketPlace {
  channel: ChannelRef;
  threadId?: string;
}

export interface Ticket {
  id: string;
  clientId: string;
  number: number;
  title: string;
  body: string;
  categoryId: string | null;
  severity: Severity;
  court: Court;
  status: TicketStatus;
  /** actorKey of the person who holds it, when someone took it. */
  ownerId: string | null;
  ownerName: string | null;
  requester: string | null;
  sourceKey: string | null;
  sourceLink: string | null;
  escalatedAt: Date | null;
  ackedAt: Date | null;
  ackedBy: string | null;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  createdBy: string | null;
  createdAt: Date;
  /** Optimistic-concurrency version: a change made from a stale copy is refused and retried. */
  updatedAt: Date;
}

export interface TicketEvent {
  type: TicketEventType;
  /** Display name of who did it (or "Tandem"). */
  actor: string | null;
  /** The side the actor acted for, when known. */
  side?: Party | null;
  fromCourt?: Court | null;
  toCourt?: Court | null;
  text?: string | null;
  minutes?: number | null;
  data?: Record<string, unknown> | null;
  at: Date;
}

export const ticketKey = (prefix: string, number: number): string => `${prefix}-${number}`;
export const cardKey = (ticketId: string): string => `ticket:${ticketId}`;

