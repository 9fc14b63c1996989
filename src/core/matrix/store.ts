import type { Matrix } from "./model";
import type { LearnedExample } from "../routing/types";
import type { VersionDates } from "./effective";

export interface StoredMatrix {
  clientId: string;
  version: number;
  matrix: Matrix;
  importedAt: Date;
  importedBy?: string;
}

/** The client's signed matrix versions and the phrasings learned from corrections. */
export interface MatrixStore {
  /** The version in force at `at` (default now: see effective.ts), or null when the client has none. */
  current(clientId: string, at?: Date): Promise<StoredMatrix | null>;
  /** The version imported last, in force or not yet: what a new import is compared with. */
  latest(clientId: string): Promise<StoredMatrix | null>;
  version(clientId: string, version: number): Promise<StoredMatrix | null>;
  history(clientId: string): Promise<(VersionDates & { signedBy: string[]; importedBy?: string })[]>;
  /** Stores a new version; refuses a version not higher than the current one unless forced. */
  save(clientId: string, matrix: Matrix, source: string, importedBy?: string, force?: boolean): Promise<StoredMatrix>;
  learned(clientId: string): Promise<LearnedExample[]>;
  learn(clientId: string, example: LearnedExample, by?: string): Promise<void>;
  forget(clientId: string, phrase: string): Promise<boolean>;
}
