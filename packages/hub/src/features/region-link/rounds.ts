import { RegionRequestError } from './region-client.js';

/*
 * The rounds of an exchange over the hall's one outgoing link (booking, the public edge): one at
 * a time, every few seconds until stopped, a failure logged once until the region answers again.
 */
export class LinkRounds {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private stopped = false;
  private lastError: string | null = null;
  /** Aborts the exchange's requests at `stop`. */
  readonly aborts = new AbortController();

  constructor(
    private readonly exchange: () => Promise<number>,
    private readonly name: string,
    private readonly log: (line: string) => void = (l) => console.log(`onestop-hub: ${l}`),
  ) {}

  /** One round; a round asked for while one runs waits for it. Gives the exchange's count. */
  async round(): Promise<number> {
    while (this.running) await this.running.catch(() => 0);
    this.running = this.exchange();
    try {
      return await this.running;
    } finally {
      this.running = null;
    }
  }

  /** Runs a round every `every` ms until `stop`. */
  start(every: number): void {
    const tick = (): void => {
      if (this.stopped) return;
      this.round()
        .then(() => {
          if (this.lastError !== null) this.log(`${this.name}: the region answers again`);
          this.lastError = null;
        })
        .catch((err: unknown) => {
          const reason =
            err instanceof RegionRequestError || err instanceof Error ? err.message : String(err);
          if (reason !== this.lastError) this.log(`${this.name}: ${reason}; trying again`);
          this.lastError = reason;
        })
        .finally(() => {
          if (this.stopped) return;
          this.timer = setTimeout(tick, every);
          this.timer.unref();
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.aborts.abort();
    await this.running?.catch(() => 0);
  }
}
