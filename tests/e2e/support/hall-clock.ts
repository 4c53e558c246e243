import type { BrowserContext } from 'playwright-core';

/**
 * One clock for the hub and the pages of a test: it shows the hall's time from `startAt` on and
 * runs at the machine's speed, and `skip` moves the hub and every attached browser context
 * forward together (a morning passes without waiting for it). Pages compare the hub's times
 * with their own `Date.now()` (how long a ticket has waited, a window has been paused), so both
 * must read the same clock.
 */
export class HallClock {
  private offset: number;
  private readonly contexts = new Set<BrowserContext>();

  constructor(startAt: number) {
    this.offset = startAt - Date.now();
  }

  /** The hall's time: give it to the hub as its `now`. */
  readonly now = (): number => Date.now() + this.offset;

  /** Puts a browser context's pages on the hall's clock (before its first page opens). */
  async attach(context: BrowserContext): Promise<void> {
    await context.clock.install({ time: this.now() });
    this.contexts.add(context);
    context.once('close', () => this.contexts.delete(context));
  }

  /** Moves the hall's time forward by `ms`, for the hub and every attached context at once. */
  async skip(ms: number): Promise<void> {
    this.offset += ms;
    await Promise.all([...this.contexts].map((c) => c.clock.setSystemTime(this.now())));
  }
}
