// Which side a person acts for, and how courts are named in chat.
import type { Role } from "../ports/tenancy";
import type { Party } from "../matrix/model";
import type { Court } from "./model";

/**
 * The side someone acts for, from their roles. A person with both (a demo user, a one-person shop) acts for
 * `prefer` when it is one of their sides, else internal. Staff and guests act for no side.
 */
export function sideOf(roles: readonly Role[], prefer?: Court | null): Party | null {
  const internal = roles.includes("internal-it");
  const msp = roles.includes("msp-tech") || roles.includes("msp-lead");
  if (internal && msp) return prefer === "msp" ? "msp" : "internal";
  if (internal) return "internal";
  if (msp) return "msp";
  return null;
}

export function otherParty(side: Party): Party {
  return side === "internal" ? "msp" : "internal";
}

export function courtLabel(court: Court, parties?: { internal: string; msp: string }): string {
  if (court === "requester") return "Waiting on the requester";
  const name = parties?.[court];
  const side = court === "internal" ? "internal IT" : "the MSP";
  return name ? `With ${side} (${name})` : `With ${side}`;
}

export function sideName(side: Party): string {
  return side === "internal" ? "internal IT" : "the MSP";
}

/** "The MSP (Bluefin Managed Services)", "Internal IT", "The requester": who holds a ticket, said once. */
export function courtName(court: Court, parties?: { internal: string; msp: string }): string {
  if (court === "requester") return "The requester";
  const side = court === "internal" ? "Internal IT" : "The MSP";
  const name = parties?.[court];
  return name ? `${side} (${name})` : side;
}
