import type { Actor, ChannelRef } from "../conversation/events";

export type Role = "internal-it" | "msp-tech" | "msp-lead" | "staff" | "admin";
export const ROLES: readonly Role[] = ["internal-it", "msp-tech", "msp-lead", "staff", "admin"];
export const isRole = (name: string): name is Role => (ROLES as readonly string[]).includes(name);

export interface ClientInfo {
  id: string;
  name: string;
  timezone: string;
  ticketPrefix: string;
  settings: ClientSettings;
}

/** Per-client settings, stored as JSON; every field optional with defaults applied by the features. */
export interface ClientSettings {
  /** SLA minutes by severity: first response (ack) and resolution. */
  sla?: Partial<Record<"1" | "2" | "3" | "4", { ackMinutes?: number; resolveMinutes?: number; businessHours?: boolean }>>;
  incidentAckMinutes?: number;
  blockHoursWarnPercent?: number;
  webhook?: { url: string; secret: string; events?: string[] };
  /** Phone paging (PagerDuty or a signed webhook); read through core/paging/policy.ts. */
  paging?: unknown;
  /** false: never route this client's questions through the language model (default: follow ROUTING_LLM_ENABLED). */
  routingLlm?: boolean;
  /** The demo client seeded in development mode: it serves nobody in production. */
  demo?: boolean;
  [key: string]: unknown;
}

/**
 * Where a turn belongs. A channel belongs to the client an admin linked it to (in development mode, an unlinked
 * channel belongs to the default client); a 1:1 chat belongs to the client of the person speaking. `roles` is empty
 * for a guest (someone from another organisation with no role in that client).
 */
export type Placement =
  | { client: ClientInfo; roles: Role[] }
  | { client: null; roles: []; why: "unlinked-channel" | "unknown-person" | "several-clients"; clients?: string[] };

/** Which client a conversation belongs to, and who people are. */
export interface Tenancy {
  /** Records the conversation (and its reference for proactive sends) and places the turn: client and roles. */
  turnContext(channel: ChannelRef, actor: Actor, reference?: unknown): Promise<Placement>;
  client(id: string): Promise<ClientInfo | null>;
  rolesOf(clientId: string, actor: Actor): Promise<Role[]>;
  /** People of a client with a role, e.g. to page the MSP lead. */
  peopleWithRole(clientId: string, role: Role): Promise<Actor[]>;
  /** True the first time; later calls false (welcome once per conversation). */
  markWelcomed(channel: ChannelRef): Promise<boolean>;
  /** Tandem was removed from (false) or added back to (true) a conversation: scheduled posts skip the removed. */
  setPresent(channel: ChannelRef, present: boolean): Promise<void>;
  /** The channels of a client where Tandem was added and not removed since (for scheduled posts). */
  channelsOf(clientId: string): Promise<ChannelRef[]>;
}

export interface AuditEntry {
  clientId?: string;
  actor: string;
  action: string;
  outcome: "allowed" | "refused";
  place?: string;
  detail?: Record<string, unknown>;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
}
