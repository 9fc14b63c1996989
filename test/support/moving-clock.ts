// Time a test moves: real time plus what the test moved it forward by, for outages measured in simulated minutes.
import type { Harness } from "./harness";
import type { Clock } from "../../src/core/ports/clock";

/** Real time plus what the test moved it forward by (the turns', the timers' and the outbox's clock, as given). */
export class MovingClock implements Clock {
  private ahead = 0;
  now(): Date {
    return new Date(Date.now() + this.ahead);
  }
  advance(ms: number): void {
    this.ahead += ms;
  }
}

/** Runs due timers and sends what is due (after `step`, e.g. moving the clock) until every outbox row is sent, superseded or failed. */
export async function untilSent(h: Harness, step: () => void = () => undefined): Promise<void> {
  for (let rounds = 0; ; rounds++) {
    // Time moves on only while no send is in flight: a send takes real time (seconds on a loaded machine), and moving
    // the clock on meanwhile made a few seconds of real sending look like half an hour.
    if ((await h.db.prisma.outboxMessage.count({ where: { status: "sending" } })) === 0) step();
    await h.tandem.jobRunner.runDue();
    await h.tandem.dispatcher.drain();
    const open = await h.db.prisma.outboxMessage.count({ where: { status: { in: ["pending", "sending"] } } });
    if (open === 0) return;
    if (rounds > 2_000) throw new Error(`${open} outbox rows still not sent`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
