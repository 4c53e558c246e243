import { setTimeout as delay } from 'node:timers/promises';
import { hallClock, hallInstant } from '@onestop/shared';

/**
 * The hall's time as the simulator follows it: anchored to the hub's own time once (read from a
 * snapshot) and run forward at `speed` hall milliseconds per real millisecond, as the hub's clock
 * runs (`onestop-hub --clock-speed`).
 */
export class HallClock {
  private anchorHall: number;
  private anchorReal: number;

  constructor(
    readonly speed: number,
    hubNow: number,
    /** Midnight of the business day in the hall's timezone (ms), for minutes of the day. */
    private dayStart: number,
  ) {
    this.anchorHall = hubNow;
    this.anchorReal = performance.now();
  }

  now(): number {
    return this.anchorHall + (performance.now() - this.anchorReal) * this.speed;
  }

  /**
   * Runs the day `minutes` late: from now on minute() is that much behind the hall's clock, so
   * a plan that could not start on time plays out whole, shifted.
   */
  shift(minutes: number): void {
    this.dayStart += minutes * 60_000;
  }

  /** Minutes since midnight of the business day (shifted, see `shift`). */
  minute(): number {
    return (this.now() - this.dayStart) / 60_000;
  }

  atMinute(minute: number): number {
    return this.dayStart + minute * 60_000;
  }

  /** Waits `hallMs` of hall time (at least a millisecond of real time). */
  async sleep(hallMs: number, signal?: AbortSignal): Promise<void> {
    const ms = Math.max(1, hallMs / this.speed);
    try {
      await delay(ms, undefined, signal ? { signal } : {});
    } catch {
      // aborted: the caller looks at the signal
    }
  }

  sleepUntilMinute(minute: number, signal?: AbortSignal): Promise<void> {
    return this.sleep((minute - this.minute()) * 60_000, signal);
  }
}

/** Midnight (ms) of the local day that holds `at` in `timezone` (zones without a DST jump at night). */
export function localMidnight(at: number, timezone: string): number {
  const { minuteOfDay, second } = hallClock(at, timezone);
  return at - ((minuteOfDay * 60 + second) * 1000 + (at % 1000));
}

/** The instant of `minute` (minutes of the day) on `day` (YYYY-MM-DD) in `timezone`. */
export function zonedTime(day: string, minute: number, timezone: string): number {
  return hallInstant(day, 0, timezone) + minute * 60_000;
}
