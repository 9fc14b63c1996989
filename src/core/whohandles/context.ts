// Shared plumbing of the who-handles handlers: the ports they use and small helpers for keyed replies.
import type { Turn } from "../conversation/feature";
import type { Outgoing, Reply } from "../conversation/reply";
import { replyTo } from "../conversation/router";
import { DomainError } from "../errors";
import type { Matrix } from "../matrix/model";
import type { MatrixStore } from "../matrix/store";
import type { Directory } from "../ports/directory";
import type { AuditLog, Tenancy } from "../ports/tenancy";
import type { ModelRouter } from "../routing/model-router";
import type { FileFetcher, PendingImports, People, QuestionLog } from "./ports";

export interface WhoHandlesDeps {
  matrices: MatrixStore;
  questions: QuestionLog;
  directory: Directory;
  tenancy: Tenancy;
  audit: AuditLog;
  pending: PendingImports;
  files: FileFetcher;
  people: People;
  /** The optional language model (ROUTING_LLM_*); absent when it is off. */
  model?: ModelRouter;
}

/** A reply where `replyTo` would put it, with a key so later clicks edit it in place. */
export function postKeyed(turn: Turn, reply: Reply, key: string): Outgoing {
  const o = replyTo(turn, reply);
  return o.op === "post" ? { ...o, key } : o;
}

/** The client's matrix in force at `at` (a version dated ahead answers only from its day). */
export async function matrixOf(deps: WhoHandlesDeps, clientId: string, at: Date): Promise<Matrix> {
  const stored = await deps.matrices.current(clientId, at);
  if (!stored) {
    throw new DomainError(
      "no-matrix",
      "No responsibility matrix is stored for this client yet. An admin can import one with `tandem matrix import FILE`, or attach the YAML file in a 1:1 chat with me.",
    );
  }
  return stored.matrix;
}

export function actorName(turn: Turn): string {
  return turn.actor.name ?? "someone";
}
