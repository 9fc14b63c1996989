// The responsibility matrix, as Tandem holds it after parsing a matrix file (see README "Matrix file").
export type Party = "internal" | "msp";
export type OwnerSide = Party | "joint";
export type BackupSide = Party | "none";
export type { Weekday } from "../calendar/business-days";
import type { Weekday } from "../calendar/business-days";
import type { Severity } from "../severity";

export interface NamedPerson {
  name: string;
  email?: string;
  /** Teams AAD object id (used for out-of-office lookups through Graph). */
  aadObjectId?: string;
  /** Slack "TEAMID:USERID" or plain user id. */
  slackId?: string;
  teamsId?: string;
  /** Teams: the person's home tenant when it is not the channel's (the other organisation of a shared channel). */
  tenantId?: string;
  role?: string;
}

export interface PartyInfo {
  name: string;
  contacts: string[];
  /** IANA zone the party works in, when it differs from the business hours' (cards then show both clocks). */
  timezone?: string;
  people?: NamedPerson[];
}

export interface BusinessHours {
  timezone: string; // IANA
  days: Weekday[];
  start: string; // "HH:MM"
  end: string; // "HH:MM"
  holidays: string[]; // ISO dates "YYYY-MM-DD"
}

export interface Category {
  id: string;
  name: string;
  description: string;
  owner: OwnerSide;
  backup: BackupSide;
  afterHours: Party;
  escalation: string;
  keywords: string[];
  examples: string[];
  /** Default ticket severity. */
  severity?: Severity;
  /** For joint categories: who leads during business hours (default internal). */
  lead?: Party;
  contacts?: string[];
}

/** Something the matrix deliberately leaves out (facilities, HR, personal devices, ...) and who to ask instead. */
export interface ExcludedTopic {
  name: string;
  description: string;
  keywords: string[];
  /** Who handles it instead, e.g. "the office manager" or "Facilities (ext. 2100)". */
  redirect?: string;
}

export interface Matrix {
  version: number;
  effective: string; // ISO date
  signedBy: string[];
  parties: { internal: PartyInfo; msp: PartyInfo };
  businessHours: BusinessHours;
  categories: Category[];
  slaMinutes?: Partial<Record<"1" | "2" | "3" | "4", number>>;
  /** Date of the last quarterly review, if one has been recorded. */
  lastReview?: string;
  /** What the matrix deliberately leaves out: such questions get "not in the matrix: ask <redirect>". */
  excluded?: ExcludedTopic[];
}
