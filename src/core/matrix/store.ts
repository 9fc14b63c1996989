import type { Matrix } from "./model";
import type { LearnedExample } from "../routing/types";

export interface StoredMatrix {
  clientId: string;
  version: number;
  matrix: Matrix;
  importedAt: Date;
  importedBy?: string;
}

/** The client's signed matrix versions and the phrasings learned from corrections. */
export interface MatrixStore {
  /** The version in force (the latest import), or null when the client has none. */
  current(clientId: string): Promise<StoredMatrix | null>;
  version(clientId: string, version: number): Promise<StoredMatrix | null>;
  history(clientId: string): Promise<{ version: number; effective: string; signedBy: string[]; importedAt: Date; importedBy?: string }[]>;
  /** Stores a new version; refuses a version not higher than the current one unless forced. */
  save(clientId: string, matrix: Matrix, source: string, importedBy?: string, force?: boolean): Promise<StoredMatrix>;
  learned(clientId: string): Promise<LearnedExample[]>;
  learn(clientId: string, example: LearnedExample, by?: string): Promise<void>;
  forget(clientId: string, phrase: string): Promise<boolean>;
}
