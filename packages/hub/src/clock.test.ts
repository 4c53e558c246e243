import { describe, expect, it } from 'vitest';
import { scaledClock } from './clock.js';

describe('scaledClock', () => {
  it('starts at startAt and runs speed times as fast as the real clock', () => {
    let real = 1_000_000;
    const now = scaledClock({
      speed: 60,
      startAt: Date.UTC(2026, 2, 2, 0, 30),
      realNow: () => real,
    });
    expect(now()).toBe(Date.UTC(2026, 2, 2, 0, 30));
    real += 1_000; // one real second: one hall minute
    expect(now()).toBe(Date.UTC(2026, 2, 2, 0, 31));
    real += 0.5;
    expect(Number.isInteger(now())).toBe(true);
  });

  it('refuses a speed that is not positive', () => {
    expect(() => scaledClock({ speed: 0, startAt: 0 })).toThrow(RangeError);
    expect(() => scaledClock({ speed: Number.NaN, startAt: 0 })).toThrow(RangeError);
  });
});
