import type { Logger } from "../logger";

/**
 * A background drain: runs `drain` every `pollMs` and whenever kicked (right after this process stored work),
 * never twice at once; a kick during a run asks for one more run. Used by the inbox worker and the outbox
 * dispatcher.
 */
export class DrainLoop {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  stopped = false;
  /** Told of a kick (or poll) that arrives while a run is in progress, so the run can look for new work. */
  onKickWhileRunning?: () => void;

  constructor(
    private readonly name: string,
    private readonly drain: () => Promise<unknown>,
    private readonly pollMs: number,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.stopped = false;
    const tick = () => {
      this.kick();
      if (!this.stopped) this.timer = setTimeout(tick, this.pollMs);
    };
    this.timer = setTimeout(tick, 0);
  }

  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      this.onKickWhileRunning?.();
      return;
    }
    this.running = this.drain()
      .then(() => undefined)
      .catch((err) => this.log.error({ err }, `${this.name} drain failed`))
      .finally(() => {
        this.running = undefined;
        if (this.again && !this.stopped) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Stop; wait for the run in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
