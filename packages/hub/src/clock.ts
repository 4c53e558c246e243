/**
 * A hall clock for trials and the simulator (`onestop-hub --clock-speed N --clock-start ISO`):
 * it starts at `startAt` and runs `speed` times as fast as the machine's clock, so a hall day can
 * be watched in minutes. Never used in a hall: without the options the hub reads `Date.now`.
 */
export interface ScaledClockOptions {
  /** Hall milliseconds per real millisecond (1: real time). */
  speed: number;
  /** The hall time the clock shows when it is made (ms since the epoch). */
  startAt: number;
  /** The real clock it follows (tests pass their own). */
  realNow?: () => number;
}

export function scaledClock(options: ScaledClockOptions): () => number {
  const { speed, startAt } = options;
  if (!Number.isFinite(speed) || speed <= 0)
    throw new RangeError(`clock speed ${speed} is not > 0`);
  if (!Number.isFinite(startAt)) throw new RangeError('clock start is not a time');
  const realNow = options.realNow ?? Date.now;
  const real0 = realNow();
  // Whole milliseconds: event times are integers.
  return () => startAt + Math.floor((realNow() - real0) * speed);
}
