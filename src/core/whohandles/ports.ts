// What the who-handles capability needs from the outside world; adapters implement these.
import type { Platform } from "../conversation/events";
import type { Role } from "../ports/tenancy";

export interface AskedQuestion {
  id: string;
  clientId: string;
  text: string;
  guessed: string | null;
  chosen: string | null;
}

/** Every answer given in chat, and the category someone picked when the guess was wrong. */
export interface QuestionLog {
  record(q: { clientId: string; text: string; guessed: string | null; confidence: number; askedBy?: string; channelId?: string }): Promise<string>;
  get(clientId: string, id: string): Promise<AskedQuestion | null>;
  choose(clientId: string, id: string, categoryId: string): Promise<void>;
}

/** A validated matrix file waiting for an admin's Apply. */
export interface PendingImport {
  id: string;
  clientId: string;
  yaml: string;
  version: number;
  requestedBy: string;
  /** Key of the confirmation card, to update it when applied, cancelled or expired. */
  cardKey: string;
  /** The confirmation card's data, to settle it (applied, cancelled, expired) later. */
  card: object;
}

/** Pending imports are kept in the database (not in memory), so any replica can apply them. */
export interface PendingImports {
  hold(pending: PendingImport, expiresAt: Date): Promise<void>;
  /** Removes and returns it; null when it was applied, cancelled or expired already. */
  take(clientId: string, id: string): Promise<PendingImport | null>;
}

/** Downloads a matrix file an admin shared. */
export interface FileFetcher {
  /** A file attached to a chat message (the platform's credentials are added where it needs them). */
  attachment(platform: Platform, url: string): Promise<string>;
  /** A URL an admin typed (no credentials are ever sent). */
  url(url: string): Promise<string>;
}

export interface PersonRecord {
  platform: Platform;
  teamId: string;
  userId: string;
  name?: string;
  email?: string;
  aadObjectId?: string;
  roles: Role[];
}

/** People of a client and their roles (granted with `tandem people add` or from the matrix's named people). */
export interface People {
  /** Adds or updates people; roles are added to the ones they already have. Returns how many were written. */
  upsert(clientId: string, people: PersonRecord[]): Promise<number>;
  list(clientId: string): Promise<PersonRecord[]>;
  /** Slack team / Teams tenant ids of the client's conversations, to place matrix people given by plain user id. */
  homes(clientId: string): Promise<{ slack?: string; teams?: string }>;
}
