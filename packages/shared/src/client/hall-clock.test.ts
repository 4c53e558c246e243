import { describe, expect, it } from 'vitest';
import { anchorOf, hallSpeed, hallTime } from './hall-clock.js';

const HUB = Date.UTC(2030, 0, 7, 1, 30); // 09:30 in Shanghai
const LOCAL = Date.UTC(2026, 10, 27, 3, 0); // the page's own clock, elsewhere in time

describe('the hall clock of a client', () => {
  it('is the client’s own clock until the hub has told its time', () => {
    expect(hallTime(null, LOCAL)).toBe(LOCAL);
    expect(hallSpeed(null)).toBe(1);
    expect(anchorOf(undefined, LOCAL, LOCAL + 10)).toBeNull();
  });

  it('sets the hub’s time at the middle of the sync’s round trip and runs on with the client', () => {
    const anchor = anchorOf({ now: HUB, speed: 1 }, LOCAL, LOCAL + 40);
    expect(anchor).toEqual({ hubAt: HUB, localAt: LOCAL + 20, speed: 1 });
    expect(hallTime(anchor, LOCAL + 20)).toBe(HUB);
    expect(hallTime(anchor, LOCAL + 20 + 90_000)).toBe(HUB + 90_000);
    expect(hallSpeed(anchor)).toBe(1);
  });

  it('runs at the simulator’s speed', () => {
    const anchor = anchorOf({ now: HUB, speed: 60 }, LOCAL, LOCAL);
    // One real second is a hall minute; whole milliseconds only.
    expect(hallTime(anchor, LOCAL + 1_000)).toBe(HUB + 60_000);
    expect(hallTime(anchor, LOCAL + 0.5)).toBe(HUB + 30);
    expect(hallSpeed(anchor)).toBe(60);
  });

  it('takes the answer’s time when the client’s clock stepped back during the sync', () => {
    expect(anchorOf({ now: HUB, speed: 1 }, LOCAL, LOCAL - 5_000)?.localAt).toBe(LOCAL - 5_000);
  });

  it('refuses a reading that is no clock', () => {
    for (const clock of [
      { now: Number.NaN, speed: 1 },
      { now: HUB, speed: 0 },
      { now: HUB, speed: -2 },
      { now: HUB, speed: Number.POSITIVE_INFINITY },
    ]) {
      expect(anchorOf(clock, LOCAL, LOCAL), JSON.stringify(clock)).toBeNull();
    }
  });
});
