import type { Outgoing } from "../conversation/reply";

/** The durable outbox: handlers' effects are stored, then sent in order per conversation by any replica. */
export interface Outbox {
  enqueue(items: Outgoing[]): Promise<void>;
}
