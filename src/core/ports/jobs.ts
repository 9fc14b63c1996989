import type { Outgoing } from "../conversation/reply";

/** A durable timer or background task, stored in the database so it survives restarts and runs once across replicas. */
export interface JobSpec {
  kind: string;
  /** Idempotency key: scheduling the same key again while it is pending only moves its time. */
  key: string;
  runAt: Date;
  payload?: Record<string, unknown>;
}

export interface Jobs {
  schedule(job: JobSpec): Promise<void>;
  cancel(key: string): Promise<void>;
}

export interface JobContext {
  key: string;
  kind: string;
  runAt: Date;
  attempts: number;
  now: Date;
}

/**
 * Runs a due job; returns messages to send. Handlers must be idempotent (check state before acting):
 * a replica that dies mid-job leaves it to be run again by another.
 */
export type JobHandler = (payload: Record<string, unknown>, ctx: JobContext) => Promise<Outgoing[] | void>;
